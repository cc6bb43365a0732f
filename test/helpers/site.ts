/** The newsroom's Express app (public site, no Next) listening on a free port, for HTTP-level tests. */
import http, { type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import type { AuthSettings } from '../../src/config/environment'
import type { AdmissionOptions } from '../../src/http/admission'
import { createApp } from '../../src/http/app'
import { mailContextFor } from '../../src/mail/subscriptions'
import { createSite } from '../../src/site/router'
import type { TestNewsroom } from './newsroom'

export type RawResponse = Response & { setCookies: string[] }

export type TestSite = {
  url: string
  /** A plain GET (node:http, not fetch: fetch adds Cache-Control: no-cache to conditional requests). */
  get(path: string, headers?: Record<string, string>, method?: string): Promise<RawResponse>
  request(method: string, path: string, options?: { headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse>
  close(): Promise<void>
}

export type ServeOptions = {
  /** Reader sign-in, built once the site's own address is known (the providers' redirect URIs name it). */
  auth?: (origin: string) => Promise<AuthSettings> | AuthSettings
  /** How many comment submissions may run and wait at once. */
  admission?: Partial<AdmissionOptions>
}

export async function serveSite(newsroom: TestNewsroom, options: ServeOptions = {}): Promise<TestSite> {
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end()
  const server: Server = http.createServer((req, res) => handler(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // With sign-in the site must know its real address; without, it keeps the settings' origin.
  const auth = options.auth ? await options.auth(url) : undefined
  const siteInfo = auth ? { ...newsroom.settings.site, origin: url } : newsroom.settings.site
  const site = createSite({
    payload: newsroom.payload,
    site: siteInfo,
    staffCollection: 'users',
    mediaDir: newsroom.settings.mediaDir,
    auth,
    admission: options.admission,
    mail: mailContextFor(newsroom.settings),
  })
  // Tests speak for many clients: each tells its address in X-Forwarded-For.
  const app = createApp({ payload: newsroom.payload, site, trustProxy: true })
  handler = app
  const request = (method: string, path: string, options: { headers?: Record<string, string>; body?: string | Buffer } = {}) =>
    new Promise<RawResponse>((resolve, reject) => {
      const outgoing = http.request(`${url}${path}`, { method, headers: options.headers ?? {} }, (incoming) => {
        const chunks: Buffer[] = []
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
        incoming.on('end', () => {
          const responseHeaders = new Headers()
          for (const [name, value] of Object.entries(incoming.headers))
            if (value !== undefined && name !== 'set-cookie') responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value)
          const status = incoming.statusCode ?? 500
          const body = status === 304 || method === 'HEAD' ? null : Buffer.concat(chunks)
          const response = new Response(body, { status, headers: responseHeaders }) as RawResponse
          response.setCookies = incoming.headers['set-cookie'] ?? []
          resolve(response)
        })
      })
      outgoing.on('error', reject)
      outgoing.end(options.body)
    })
  return {
    url,
    get: (path, headers = {}, method = 'GET') => request(method, path, { headers }),
    request,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
