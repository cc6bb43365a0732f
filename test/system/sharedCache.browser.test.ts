/**
 * Behind a real shared cache: Debian's nginx with proxy_cache in front of the production
 * build (test/helpers/nginx.ts, the configuration docs/architecture.md describes), readers in
 * Chromium. Anonymous article pages are cache hits; a guest still comments and sees their
 * comment awaiting moderation; a signed-in reader sees their own identity line and never
 * another's; an approved comment reaches the cached page within s-maxage.
 */
import type { Browser, BrowserContext, Page, Response } from 'playwright-core'

import { launchBrowser } from '../helpers/browser'
import { startIdentityProvider, type LocalIdentityProvider } from '../helpers/identityProvider'
import { nginxInstalled, NGINX, startSharedCache, type SharedCache } from '../helpers/nginx'
import { startProductionNewsroom, type RunningNewsroom } from '../helpers/productionServer'
import { freePort } from '../helpers/serverProcess'

const S_MAXAGE = 2
let newsroom: RunningNewsroom
let idp: LocalIdentityProvider
let cache: SharedCache
let browser: Browser
let origin: string
let slug: string

beforeAll(async () => {
  if (!nginxInstalled()) throw new Error(`nginx is not installed at ${NGINX} (.ci/run installs Debian's nginx-light)`)
  const [newsroomPort, cachePort] = [await freePort(), await freePort()]
  origin = `http://localhost:${cachePort}`
  idp = await startIdentityProvider(origin)
  newsroom = await startProductionNewsroom('shared-cache-secret-0123456789abcdef', {
    PORT: String(newsroomPort),
    SERVER_URL: origin,
    TRUST_PROXY: 'loopback',
    CACHE_S_MAXAGE_SECONDS: String(S_MAXAGE),
    CACHE_STALE_SECONDS: '0',
    ...idp.env,
  })
  cache = await startSharedCache(`127.0.0.1:${newsroomPort}`, cachePort)
  const article = await newsroom.api(
    'POST',
    '/api/articles',
    { title: 'Edge devices were the way in', body: [{ children: [{ text: 'The intrusion began at a VPN appliance.' }] }], _status: 'published' },
    newsroom.adminToken,
  )
  slug = article.doc.slug
  await newsroom.api('POST', '/api/globals/comment-policy', { floodSeconds: 0 }, newsroom.adminToken)
  browser = await launchBrowser()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await cache?.stop()
  await newsroom?.stop()
  await idp?.close()
})

const articleUrl = () => `${origin}/articles/${slug}`
/** Answered from the cache: fresh, or (past s-maxage, while nginx fetches a new copy in the background) the copy it holds. */
const FROM_CACHE = /^(HIT|UPDATING|STALE|REVALIDATED)$/
const anonymous = () => fetch(articleUrl(), { headers: { 'accept-encoding': 'gzip, br' } })

/** The navigation's own response (the article page), so its headers can be read. */
async function open(page: Page, url: string): Promise<Response> {
  const response = await page.goto(url)
  if (!response) throw new Error(`no response for ${url}`)
  return response
}

async function signIn(context: BrowserContext, account: string): Promise<Page> {
  const page = await context.newPage()
  await open(page, articleUrl())
  await page.getByRole('button', { name: 'Log in with Google' }).click()
  await page.waitForURL(`${idp.issuer}/interaction/**`)
  await page.getByRole('button', { name: account }).click()
  await page.getByRole('button', { name: 'Allow' }).click()
  await page.waitForURL(`${articleUrl()}#respond`)
  return page
}

test('anonymous article pages come from the cache: the same bytes for everyone, no cookie, public', async () => {
  await anonymous()
  const response = await anonymous()
  expect(response.headers.get('x-cache-status')).toMatch(FROM_CACHE)
  expect(response.headers.get('set-cookie')).toBeNull()
  expect(response.headers.get('cache-control')).toBe(`public, max-age=0, s-maxage=${S_MAXAGE}, stale-while-revalidate=0`)
  const html = await response.text()
  expect(html).toContain('id="commentform"')
  expect(html).not.toContain('name="_csrf"')
  // A made-up reply target is answered without a page: a redirect to the article's form.
  const random = await fetch(`${articleUrl()}?replytocom=0b9c5c3e-1f2a-4d6b-9e8f-123456789abc`, { redirect: 'manual' })
  expect(random.status).toBe(302)
  expect(random.headers.get('location')).toBe(`/articles/${slug}#respond`)
})

let heldId = ''

test('a guest comments through the cache and sees it awaiting moderation; anonymous readers still get the cached page', async () => {
  const context = await browser.newContext()
  const page = await context.newPage()
  expect((await open(page, articleUrl())).headers()['x-cache-status']).toMatch(/^(HIT|MISS|EXPIRED|UPDATING|STALE|REVALIDATED)$/)
  await page.fill('#author', 'Guest Behind Cache')
  await page.fill('#email', 'guest.cache@example.org')
  await page.fill('#comment', 'Does the advisory cover the older appliances too?')
  await page.waitForTimeout(3200) // a person reads before replying
  const [landing] = await Promise.all([
    page.waitForResponse((response) => response.url() === articleUrl() && response.request().method() === 'GET'),
    page.click('#commentform .form-submit button'),
  ])
  await page.waitForURL(new RegExp(`/articles/${slug}#comment-[0-9a-f-]+$`))
  heldId = new URL(page.url()).hash.slice('#comment-'.length)
  expect(await page.locator(`#comment-${heldId} .comment-awaiting-moderation`).innerText()).toBe('Your comment is awaiting moderation.')
  // Their page came past the cache, and no cache may keep it.
  expect(landing.headers()['x-cache-status']).toBe('BYPASS')
  expect(landing.headers()['cache-control']).toBe('private, no-store')
  await context.close()

  await anonymous()
  const other = await anonymous()
  expect(other.headers.get('x-cache-status')).toMatch(FROM_CACHE)
  const html = await other.text()
  expect(html).not.toContain(heldId)
  expect(html).not.toContain('awaiting moderation')
})

test('signed-in readers each see their own identity line, never another’s; the cache never keeps their pages', async () => {
  const ada = await signIn(await browser.newContext(), 'Ada Lovelace')
  const grace = await signIn(await browser.newContext(), 'Grace Hopper')
  for (let round = 0; round < 3; round += 1) {
    for (const [page, own, other] of [
      [ada, 'Ada Lovelace', 'Grace Hopper'],
      [grace, 'Grace Hopper', 'Ada Lovelace'],
    ] as const) {
      const response = await open(page, articleUrl())
      expect(response.headers()['x-cache-status']).toBe('BYPASS')
      expect(response.headers()['cache-control']).toBe('private, no-store')
      expect(await page.locator('.comment-identity .reader-name').innerText()).toBe(own)
      expect(await page.content()).not.toContain(other)
    }
  }
  // And anonymous readers, through the cache, get neither.
  const html = await (await anonymous()).text()
  expect(html).not.toContain('comment-identity')
  expect(html).not.toContain('Ada Lovelace')
  expect(html).not.toContain('Grace Hopper')
  await ada.context().close()
  await grace.context().close()
})

test('an approved comment appears on the cached page within s-maxage', async () => {
  expect(heldId).not.toBe('')
  // Prime the cache, then approve.
  await anonymous()
  expect((await anonymous()).headers.get('x-cache-status')).toMatch(FROM_CACHE)
  await newsroom.api('PATCH', `/api/comments/${heldId}`, { status: 'approved' }, newsroom.adminToken)
  const approvedAt = Date.now()
  let seenAfter = Number.POSITIVE_INFINITY
  while (Date.now() - approvedAt < (S_MAXAGE + 3) * 1000) {
    if ((await (await anonymous()).text()).includes(`id="comment-${heldId}"`)) {
      seenAfter = Date.now() - approvedAt
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  // s-maxage as nginx counts it (in whole seconds, so up to one more), plus the one request it
  // answers from the stale copy while it fetches the page again in the background.
  expect(seenAfter).toBeLessThanOrEqual((S_MAXAGE + 1) * 1000 + 500)
})
