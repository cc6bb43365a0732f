/**
 * The public article page in Chromium: the attribution link leads to the original report,
 * and axe-core finds no serious or critical accessibility violation on the front page or the
 * article page, in light and dark mode. Screenshots are kept in test-artifacts/.
 */
import { mkdir } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

import type { Browser } from 'playwright-core'

import * as demo from '../../src/seed/fixtures/namArticle'
import { seedDemoContent } from '../../src/seed/seed'
import { launchBrowser, seriousViolations } from '../helpers/browser'
import { bootNewsroom, type TestNewsroom } from '../helpers/newsroom'
import { ROOT } from '../helpers/serverProcess'
import { serveSite, type TestSite } from '../helpers/site'

const ARTIFACTS = path.join(ROOT, 'test-artifacts')

let newsroom: TestNewsroom
let server: TestSite
let original: http.Server
let originalUrl: string
let slug: string
let browser: Browser

beforeAll(async () => {
  // Stands in for the wire service's site: nothing may reach the internet from tests.
  original = http.createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Original report</title><h1>The original Reuters report</h1>'),
  )
  await new Promise<void>((resolve) => original.listen(0, '127.0.0.1', resolve))
  originalUrl = `http://127.0.0.1:${(original.address() as AddressInfo).port}/world/us/exclusive-nam-hack`

  newsroom = await bootNewsroom()
  await seedDemoContent(newsroom.payload, { password: 'site browser test password' })
  // An editor points the seed article at the (local) original report.
  const { docs } = await newsroom.payload.find({ collection: 'articles', where: { title: { equals: demo.title } }, depth: 0, overrideAccess: true })
  const article = docs[0]!
  slug = article.slug as string
  const rows = article.adaptedFrom as Array<Record<string, unknown>>
  await newsroom.payload.update({ collection: 'articles', id: article.id, data: { adaptedFrom: [{ ...rows[0], originalUrl }] }, overrideAccess: true })
  server = await serveSite(newsroom)

  browser = await launchBrowser()
  await mkdir(ARTIFACTS, { recursive: true })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await newsroom?.close()
  await new Promise((resolve) => original?.close(resolve))
})

test('the attribution link leads to the original report', async () => {
  const page = await browser.newPage()
  await page.goto(`${server.url}/articles/${slug}`)
  expect(await page.locator('h1').innerText()).toBe('Chinese Groups Hacked US Manufacturing Group’s Server During Trade Talks: Reuters')
  const link = page.locator('p.attribution a')
  expect(await page.locator('p.attribution').innerText()).toBe('(Adapted from Reuters)')
  expect(await link.getAttribute('href')).toBe(originalUrl)
  expect(await link.getAttribute('rel')).toBe('noopener noreferrer')
  await page.screenshot({ path: path.join(ARTIFACTS, 'article-page.png'), fullPage: true })
  await link.click()
  await page.waitForURL(originalUrl)
  expect(await page.locator('h1').innerText()).toBe('The original Reuters report')
  await page.close()
}, 60_000)

test.each(['light', 'dark'] as const)(
  'axe-core finds no serious or critical violation (%s mode)',
  async (colorScheme) => {
    // The site's CSP forbids inline scripts, so the checker is injected with CSP bypassed.
    const context = await browser.newContext({ bypassCSP: true, colorScheme })
    const page = await context.newPage()
    for (const target of ['/', `/articles/${slug}`]) {
      await page.goto(`${server.url}${target}`)
      expect({ target, violations: await seriousViolations(page) }).toEqual({ target, violations: [] })
    }
    await page.screenshot({ path: path.join(ARTIFACTS, `article-page-${colorScheme}.png`), fullPage: true })
    await context.close()
  },
  60_000,
)

test('the page works without JavaScript and loads nothing from other hosts', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  const hosts = new Set<string>()
  page.on('request', (request) => hosts.add(new URL(request.url()).host))
  await page.goto(`${server.url}/articles/${slug}`)
  expect(await page.locator('#reply-title').innerText()).toBe('Leave a Reply')
  expect(await page.locator('img.hero, figure.hero img').evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
  expect([...hosts]).toEqual([new URL(server.url).host])
  await context.close()
}, 60_000)
