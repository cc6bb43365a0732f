/**
 * The admin in a real browser, on the production build: an editor signs in, finds the
 * adapted article in the list, and sees its generated attribution line and incident facts.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'

import type { Browser, Page } from 'playwright-core'

import { launchBrowser } from '../helpers/browser'
import { startProductionNewsroom, type RunningNewsroom } from '../helpers/productionServer'
import { ROOT } from '../helpers/serverProcess'

let newsroom: RunningNewsroom
let browser: Browser
let page: Page
const ARTIFACTS = path.join(ROOT, 'test-artifacts')
const editor = { email: 'editor@newsroom.test', password: 'an editor password for the browser test' }

beforeAll(async () => {
  newsroom = await startProductionNewsroom('browser-test-secret-0123456789abcdef0123')
  const { api, adminToken: token } = newsroom
  await api('POST', '/api/users', { ...editor, name: 'Eddie Editor', roles: ['editor'] }, token)
  const source = await api('POST', '/api/sources', { name: 'Reuters', kind: 'wire-agency', defaultUsage: 'licensed' }, token)
  await api(
    'POST',
    '/api/articles',
    {
      title: 'Suspected Chinese hackers breached manufacturers’ group',
      body: [{ children: [{ text: 'The server of an industry group…' }] }],
      adaptedFrom: [{ source: source.doc.id, originalUrl: 'https://www.reuters.com/report' }],
      incident: { attributedTo: 'China (state-linked groups)', attributionConfidence: 'suspected', cves: ['CVE-2019-0708'] },
      _status: 'published',
    },
    token,
  )
  browser = await launchBrowser()
  page = await browser.newPage()
  await mkdir(ARTIFACTS, { recursive: true })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await newsroom?.stop()
})

test('an editor signs in, finds the article with its attribution and facts, the checklist follows the form, and Preview opens the draft', async () => {
  await page.goto(`${newsroom.server.url}/admin/login`)
  await page.fill('input[name="email"]', editor.email)
  await page.fill('input[name="password"]', editor.password)
  await page.click('button[type="submit"]')
  await page.waitForURL(/\/admin\/?$/)

  await page.goto(`${newsroom.server.url}/admin/collections/articles`)
  const row = page.getByRole('link', { name: 'Suspected Chinese hackers breached manufacturers’ group' })
  await row.waitFor()
  await row.click()
  await page.waitForURL(/\/admin\/collections\/articles\/[0-9a-f-]{36}/)

  const checklist = page.locator('.newsroom-checklist')
  await checklist.getByText('Yes: nothing blocks publication. Readers will see “Adapted from Reuters”.').waitFor()

  const tab = (label: string) => page.locator('button.tabs-field__tab-button', { hasText: label })
  await tab('Sources').click()
  await page.locator('input[name="attributionLine"]').waitFor()
  expect(await page.locator('input[name="attributionLine"]').inputValue()).toBe('Adapted from Reuters')
  // The checklist runs the server's publish rules on the form as it is edited.
  await page.fill('input[name="attributionOverride"]', '(Adapted form')
  await checklist.getByText('The attribution line says "Adapted form": did you mean "Adapted from"?').waitFor()
  await page.fill('input[name="attributionOverride"]', '')
  await checklist.getByText(/^Yes: nothing blocks publication/).waitFor()

  await tab('Incident facts').click()
  await page.locator('input[name="incident.attributedTo"]').waitFor()
  expect(await page.locator('input[name="incident.attributedTo"]').inputValue()).toBe('China (state-linked groups)')
  await page.screenshot({ path: path.join(ARTIFACTS, 'admin-article.png'), fullPage: true })

  // The Preview button opens the latest draft through a signed, expiring link.
  const preview = await page.locator('#preview-button').getAttribute('href')
  expect(preview).toMatch(new RegExp(`^${newsroom.server.url}/preview/articles/[0-9a-f-]{36}\\?expires=\\d+&signature=[\\w-]+$`))
  await page.goto(preview!)
  await page.getByText('Preview of the latest draft: readers do not see this page.').waitFor()
}, 120_000)

test('an admin imports a WordPress export from the Import view: a dry run, then the import, with its report, and the old link works', async () => {
  const admin = await browser.newPage()
  try {
    await admin.goto(`${newsroom.server.url}/admin/login`)
    await admin.fill('input[name="email"]', 'chief@newsroom.test')
    await admin.fill('input[name="password"]', 'a long chief password')
    await admin.click('button[type="submit"]')
    await admin.waitForURL(/\/admin\/?$/)
    // The navigation holds the link (collapsed behind its menu button at this width).
    await admin.locator('#nav-import').waitFor({ state: 'attached' })
    await admin.goto(`${newsroom.server.url}${await admin.locator('#nav-import').getAttribute('href')}`)
    await admin.getByRole('heading', { name: 'Import', level: 1 }).waitFor()

    await admin.setInputFiles('input[name="file"]', path.join(ROOT, 'test/fixtures/wordpress/oldnews.wxr.xml'))
    await admin.getByRole('button', { name: 'Check the file' }).click()
    await admin.getByRole('heading', { name: 'Dry run finished: nothing was written' }).waitFor({ timeout: 60_000 })
    expect(await admin.locator('.newsroom-import__report').textContent()).toMatch(/Articles\s+7\s+0\s+0\s+1/)
    expect((await fetch(`${newsroom.server.url}/2019/11/27/edge-devices/`, { redirect: 'manual' })).status).toBe(404)

    await admin.locator('input[name="dryRun"]').uncheck()
    await admin.getByRole('button', { name: 'Import', exact: true }).click()
    await admin.getByRole('heading', { name: 'Finished' }).waitFor({ timeout: 60_000 })
    const report = await admin.locator('.newsroom-import__report').textContent()
    expect(report).toMatch(/Comments\s+16\s+0\s+0\s+0/)
    await admin.screenshot({ path: path.join(ARTIFACTS, 'admin-import.png'), fullPage: true })
    const old = await fetch(`${newsroom.server.url}/2019/11/27/edge-devices/`, { redirect: 'manual' })
    expect([old.status, old.headers.get('location')]).toEqual([301, '/articles/edge-devices'])
    expect(await (await fetch(`${newsroom.server.url}/articles/edge-devices`)).text()).toContain('Edge devices were the way in')

    // An editor is told the view is not theirs.
    await page.goto(`${newsroom.server.url}/admin/import`)
    await page.getByText('Only admins can import another site’s content.').waitFor()
  } finally {
    await admin.close()
  }
}, 180_000)
