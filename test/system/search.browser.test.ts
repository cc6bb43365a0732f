/**
 * A reader with a CVE id, in Chromium without JavaScript: types it in the header's search box →
 * the CVE's page → a story → a related story. The search results and the fact pages pass
 * axe-core. Screenshots in test-artifacts/.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'

import type { Browser } from 'playwright-core'

import { seedDemoContent } from '../../src/seed/seed'
import { launchBrowser, seriousViolations } from '../helpers/browser'
import { bootNewsroom, type TestNewsroom } from '../helpers/newsroom'
import { ROOT } from '../helpers/serverProcess'
import { serveSite, type TestSite } from '../helpers/site'

const ARTIFACTS = path.join(ROOT, 'test-artifacts')
const body = (text: string) => [{ children: [{ text }] }]

let newsroom: TestNewsroom
let site: TestSite
let browser: Browser

beforeAll(async () => {
  newsroom = await bootNewsroom()
  await seedDemoContent(newsroom.payload, { password: 'search browser test password' })
  const actor = await newsroom.payload.create({ collection: 'threat-actors', data: { name: 'UTA0218', aliases: ['Operation MidnightEclipse'] }, overrideAccess: true })
  const publish = (title: string, publishedAt: string, incident: Record<string, unknown>) =>
    newsroom.payload.create({
      collection: 'articles',
      data: { title, dek: `${title}: what we know.`, body: body(`${title}. The firewall flaw let attackers in.`), publishedAt, _status: 'published', incident },
      overrideAccess: true,
    })
  await publish('Firewall zero-day exploited before a patch', '2026-11-20T09:00:00.000Z', {
    cves: ['CVE-2024-3400'],
    threatActors: [actor.id],
    attackTechniques: ['T1190'],
    sectors: ['energy'],
  })
  await publish('Hunting for the firewall implant', '2026-11-25T09:00:00.000Z', { threatActors: [actor.id], attackTechniques: ['T1190'] })
  site = await serveSite(newsroom)
  browser = await launchBrowser()
  await mkdir(ARTIFACTS, { recursive: true })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await site?.close()
  await newsroom?.close()
})

test('a CVE id typed in the header box → its page → a story → a related story, without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  await page.goto(`${site.url}/`)
  await page.getByRole('searchbox', { name: 'Search the stories' }).fill('cve-2024-3400')
  await page.getByRole('searchbox', { name: 'Search the stories' }).press('Enter')
  await page.waitForURL(`${site.url}/cves/CVE-2024-3400`)
  expect(await page.locator('h1').innerText()).toBe('CVE-2024-3400')
  await page.screenshot({ path: path.join(ARTIFACTS, 'cve-page.png'), fullPage: true })
  await page.getByRole('link', { name: 'Firewall zero-day exploited before a patch' }).click()
  await page.waitForURL(/\/articles\/firewall-zero-day/)
  const related = page.locator('aside.related')
  expect(await related.locator('h2').textContent()).toBe('Related stories')
  await related.getByRole('link', { name: 'Hunting for the firewall implant' }).click()
  await page.waitForURL(/\/articles\/hunting-for-the-firewall-implant/)
  expect(await page.locator('h1').innerText()).toBe('Hunting for the firewall implant')
  // And back through its facts: the technique's page names it.
  await page.locator('aside.facts').getByRole('link', { name: /T1190/ }).click()
  await page.waitForURL(`${site.url}/techniques/T1190`)
  expect(await page.locator('h1').innerText()).toBe('T1190: Exploit Public-Facing Application')
  await context.close()
}, 60_000)

test('words in the box: results with the matched words marked, facets, a suggestion for a near miss', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  await page.goto(`${site.url}/`)
  await page.getByRole('searchbox', { name: 'Search the stories' }).fill('firewall flaw')
  await page.getByRole('button', { name: 'Search' }).first().click()
  await page.waitForURL(/\/search\?q=firewall\+flaw/)
  expect(await page.locator('.result-count').innerText()).toBe('2 stories for “firewall flaw”')
  expect(await page.locator('.snippet mark').first().innerText()).toMatch(/firewall|flaw/i)
  await page.screenshot({ path: path.join(ARTIFACTS, 'search-results.png'), fullPage: true })
  await page.locator('.facets').getByRole('link', { name: 'Energy' }).click()
  expect(await page.locator('.result-count').innerText()).toBe('1 story for “firewall flaw”')
  await page.goto(`${site.url}/search?q=firewwall`)
  await page.locator('.suggestion').getByRole('link', { name: 'firewall' }).click()
  expect(await page.locator('.result-count').innerText()).toBe('2 stories for “firewall”')
  await context.close()
}, 60_000)

test('the search page and the fact pages pass axe-core (light and dark)', async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ bypassCSP: true, colorScheme })
    const page = await context.newPage()
    for (const target of ['/search?q=firewall', '/search?q=nothingmatchesthis', '/cves/CVE-2024-3400', '/techniques/T1190', '/sectors/energy']) {
      await page.goto(`${site.url}${target}`)
      expect({ target, colorScheme, violations: await seriousViolations(page) }).toEqual({ target, colorScheme, violations: [] })
    }
    await context.close()
  }
}, 60_000)
