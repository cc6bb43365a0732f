/**
 * Posting comments the way a browser does: the CSRF cookie and the form's tokens, an Origin
 * header, and a form timestamp from a few seconds ago (as if a person had read the page).
 */
import { csrfToken, newCsrfSecret, signedTime } from '../../src/security/csrf'
import type { RawResponse, TestSite } from './site'

export type Browser = { cookies: Map<string, string>; ip: string }

export const newBrowser = (ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`): Browser => ({
  cookies: new Map(),
  ip,
})

export function cookieHeader(browser: Browser): string {
  return [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
}

export function remember(browser: Browser, response: RawResponse): void {
  for (const line of response.setCookies) {
    const [pair] = line.split(';')
    const at = pair!.indexOf('=')
    const name = pair!.slice(0, at)
    const value = pair!.slice(at + 1)
    if (/Max-Age=0/i.test(line) || value === '') browser.cookies.delete(name)
    else browser.cookies.set(name, value)
  }
}

/** Valid form tokens for this browser, as the page would have given them `secondsAgo` seconds ago. */
export function tokens(secret: string, browser: Browser, secondsAgo = 10): Record<string, string> {
  let csrf = browser.cookies.get('newsroom_csrf')
  if (!csrf) {
    csrf = newCsrfSecret()
    browser.cookies.set('newsroom_csrf', csrf)
  }
  return { _csrf: csrfToken(secret, csrf), _ts: signedTime(secret, new Date(Date.now() - secondsAgo * 1000)) }
}

export type PostOptions = {
  secret: string
  browser: Browser
  secondsAgo?: number
  json?: boolean
  origin?: string | null
  /** false: neither the CSRF token nor the form time. */
  withTokens?: boolean
  /** With `withTokens: false`, still send the form time (as the shared page gives it). */
  formTime?: boolean
  headers?: Record<string, string>
}

export async function postForm(site: TestSite, path: string, fields: Record<string, string>, options: PostOptions): Promise<RawResponse> {
  const time = { _ts: signedTime(options.secret, new Date(Date.now() - (options.secondsAgo ?? 10) * 1000)) }
  const all = { ...(options.withTokens === false ? (options.formTime ? time : {}) : tokens(options.secret, options.browser, options.secondsAgo)), ...fields }
  const body = options.json ? JSON.stringify(all) : new URLSearchParams(all).toString()
  const headers: Record<string, string> = {
    'Content-Type': options.json ? 'application/json' : 'application/x-www-form-urlencoded',
    Cookie: cookieHeader(options.browser),
    'X-Forwarded-For': options.browser.ip,
    ...(options.json ? { Accept: 'application/json' } : {}),
    ...options.headers,
  }
  if (options.origin !== null) headers.Origin = options.origin ?? site.url
  const response = await site.request('POST', path, { headers, body })
  remember(options.browser, response)
  return response
}

export async function postComment(site: TestSite, slug: string, fields: Record<string, string>, options: PostOptions): Promise<RawResponse> {
  return postForm(site, `/articles/${slug}/comments`, { comment_parent: '0', website: '', ...fields }, options)
}

export const guest = (name: string) => ({ author: name, email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.org`, url: '' })
