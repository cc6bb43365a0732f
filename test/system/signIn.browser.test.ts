/**
 * "Click an icon to log in", in Chromium, on the production build, for each of the four
 * presets: the newsroom is configured through the AUTH_* endpoint overrides to use a real
 * OpenID / OAuth 2.0 provider (oidc-provider) running on this machine. Click the icon → the
 * provider's login and consent → back on the article, "You are commenting using your Google
 * account" → post a comment → held for moderation as that reader → the admin and staff APIs
 * refuse the reader's session → Log Out.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'

import type { Browser } from 'playwright-core'

import { PRESET_LABELS, type ProviderId } from '../../src/auth/providers'
import { launchBrowser, seriousViolations } from '../helpers/browser'
import { PRESETS, startIdentityProvider, type LocalIdentityProvider } from '../helpers/identityProvider'
import { startProductionNewsroom, type RunningNewsroom } from '../helpers/productionServer'
import { freePort, ROOT } from '../helpers/serverProcess'

const ARTIFACTS = path.join(ROOT, 'test-artifacts')
let newsroom: RunningNewsroom
let idp: LocalIdentityProvider
let browser: Browser
let slug: string

beforeAll(async () => {
  const port = await freePort()
  idp = await startIdentityProvider(`http://localhost:${port}`)
  newsroom = await startProductionNewsroom('sign-in-browser-secret-0123456789abcdef', { PORT: String(port), ...idp.env })
  const { api, adminToken: token } = newsroom
  const article = await api(
    'POST',
    '/api/articles',
    { title: 'Credential stuffing hits loyalty accounts', body: [{ children: [{ text: 'Reused passwords again.' }] }], _status: 'published' },
    token,
  )
  slug = article.doc.slug
  // Several presets sign in the same person (linked by a verified email) within seconds.
  await api('POST', '/api/globals/comment-policy', { floodSeconds: 0 }, token)
  browser = await launchBrowser()
  await mkdir(ARTIFACTS, { recursive: true })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await newsroom?.stop()
  await idp?.close()
})

test.each(PRESETS)('%s: click the icon, sign in at the provider, comment as that reader, log out', async (preset: ProviderId) => {
  const label = PRESET_LABELS[preset]
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`${newsroom.server.url}/articles/${slug}`)
  expect(await page.locator('.comment-notes').innerText()).toBe('Fill in your details below or click an icon to log in:')
  for (const other of PRESETS) expect(await page.getByRole('button', { name: `Log in with ${PRESET_LABELS[other]}` }).count()).toBe(1)
  // Only configured providers have an icon: the generic one is configured here too.
  expect(await page.getByRole('button', { name: 'Log in with Newsroom SSO' }).count()).toBe(1)

  await page.getByRole('button', { name: `Log in with ${label}` }).click()
  await page.waitForURL(`${idp.issuer}/interaction/**`)
  expect(await page.locator('.dev').innerText()).toContain('Development sign-in')
  if (preset === 'google') await page.screenshot({ path: path.join(ARTIFACTS, 'sign-in-provider-login.png') })
  await page.getByRole('button', { name: 'Ada Lovelace' }).click()
  await page.getByRole('button', { name: 'Allow' }).click()
  await page.waitForURL(`${newsroom.server.url}/articles/${slug}#respond`)

  const identity = page.locator('.comment-identity')
  expect(await identity.locator('.reader-name').innerText()).toBe('Ada Lovelace')
  expect(await identity.innerText()).toContain(`You are commenting using your ${label} account. ( Log Out / Change )`)
  expect(await identity.locator('img.avatar').getAttribute('src')).toMatch(/^\/avatars\/readers\/[\w-]+-[0-9a-f]{16}\.webp$/)
  expect(await identity.locator('img.avatar').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(96)
  expect(await page.locator('#email').count()).toBe(0)
  if (preset === 'google') await page.screenshot({ path: path.join(ARTIFACTS, 'signed-in-with-google.png'), fullPage: true })

  await page.fill('#comment', `Signed in with ${label}: check the loyalty portal for password reuse.`)
  await page.waitForTimeout(3200)
  await page.click('#commentform .form-submit button')
  await page.waitForURL(new RegExp(`/articles/${slug}#comment-[0-9a-f-]+$`))
  const id = new URL(page.url()).hash.slice('#comment-'.length)
  const pending = page.locator(`#comment-${id}`)
  expect(await pending.locator('.comment-awaiting-moderation').innerText()).toBe('Your comment is awaiting moderation.')
  expect(await pending.locator('.provider-mark').getAttribute('title')).toBe(`Signed in with ${label}`)

  // Held for moderation, as that reader, through that provider.
  const comment = await newsroom.api('GET', `/api/comments/${id}?depth=1`, undefined, newsroom.adminToken)
  expect(comment).toMatchObject({ status: 'pending', authorKind: 'reader', authorName: 'Ada Lovelace', signedInWith: preset })
  expect(comment.reader.identities.map((entry: { provider: string }) => entry.provider)).toContain(preset)

  // The reader's session opens neither the admin nor a staff API.
  const me = await page.evaluate(async () => (await fetch('/api/users/me', { credentials: 'include' })).json())
  expect(me.user).toBeNull()
  const staffList = await page.evaluate(async () => (await fetch('/api/users', { credentials: 'include' })).status)
  expect(staffList).toBe(403)
  const admin = await context.newPage()
  await admin.goto(`${newsroom.server.url}/admin`)
  // Payload knows the reader's cookie, and turns it away from the admin.
  await admin.waitForURL(/\/admin\/(login|unauthorized)/)
  expect(await admin.locator('a[href*="/admin/collections/"]').count()).toBe(0)
  await admin.close()

  await page.goto(`${newsroom.server.url}/articles/${slug}`)
  await page.getByRole('button', { name: 'Log Out', exact: true }).click()
  await page.waitForURL(new RegExp(`/articles/${slug}\\?notice=signed-out`))
  expect(await page.locator('.form-notice').innerText()).toBe('You are signed out.')
  expect(await page.getByRole('button', { name: `Log in with ${label}` }).count()).toBe(1)
  await context.close()
})

test('the icons, the signed-in line and the account page pass axe-core (light and dark)', async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    // The checker is injected as a script: the site's CSP would refuse it.
    const context = await browser.newContext({ bypassCSP: true, colorScheme })
    const page = await context.newPage()
    await page.goto(`${newsroom.server.url}/articles/${slug}`)
    expect({ page: 'guest', violations: await seriousViolations(page) }).toEqual({ page: 'guest', violations: [] })
    if (colorScheme === 'light') await page.locator('#respond').screenshot({ path: path.join(ARTIFACTS, 'sign-in-icons.png') })
    await page.getByRole('button', { name: 'Log in with Google' }).click()
    await page.getByRole('button', { name: 'Grace Hopper' }).click()
    await page.getByRole('button', { name: 'Allow' }).click()
    await page.waitForURL(`${newsroom.server.url}/articles/${slug}#respond`)
    expect({ page: 'signed in', violations: await seriousViolations(page) }).toEqual({ page: 'signed in', violations: [] })
    await page.getByRole('link', { name: 'Your account' }).click()
    await page.waitForURL(`${newsroom.server.url}/account`)
    expect(await page.locator('.identities .identity').first().innerText()).toContain('Google')
    expect({ page: 'account', violations: await seriousViolations(page) }).toEqual({ page: 'account', violations: [] })
    if (colorScheme === 'light') await page.screenshot({ path: path.join(ARTIFACTS, 'your-account.png'), fullPage: true })
    await context.close()
  }
}, 60_000)
