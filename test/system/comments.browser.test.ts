/**
 * The whole reply flow in Chromium, on the production build: a guest replies under the article
 * and sees "awaiting moderation"; a moderator signs into the admin, finds it in
 * /admin/moderation with its reasons and approves it from the keyboard; the reply is then on
 * the article page for everyone.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'

import type { Browser } from 'playwright-core'

import { launchBrowser } from '../helpers/browser'
import { startProductionNewsroom, type RunningNewsroom } from '../helpers/productionServer'
import { ROOT } from '../helpers/serverProcess'

const ARTIFACTS = path.join(ROOT, 'test-artifacts')
const moderator = { email: 'moderator@newsroom.test', password: 'a moderator password for the browser test' }
let newsroom: RunningNewsroom
let browser: Browser
let slug: string

beforeAll(async () => {
  newsroom = await startProductionNewsroom('comments-browser-secret-0123456789abcdef')
  const { api, adminToken: token } = newsroom
  await api('POST', '/api/users', { ...moderator, name: 'Mo Moderator', roles: ['moderator'] }, token)
  const article = await api(
    'POST',
    '/api/articles',
    { title: 'Phishing wave targets payroll teams', body: [{ children: [{ text: 'Attackers impersonate HR.' }] }], _status: 'published' },
    token,
  )
  slug = article.doc.slug
  browser = await launchBrowser()
  await mkdir(ARTIFACTS, { recursive: true })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await newsroom?.stop()
})

test('a guest replies, a moderator approves it in /admin/moderation, and the reply is published', async () => {
  const reader = await browser.newContext()
  const page = await reader.newPage()
  await page.goto(`${newsroom.server.url}/articles/${slug}`)
  expect(await page.locator('#reply-title').innerText()).toBe('Leave a Reply')
  expect(await page.locator('.comment-notes').innerText()).toBe('Fill in your details below or click an icon to log in:')
  await page.fill('#comment', 'Our payroll team got one of these last week. The sender domain was one letter off.')
  await page.fill('#email', 'priya@example.org')
  await page.fill('#author', 'Priya Natarajan')
  // A person takes a few seconds to write; the policy treats instant submissions as bots.
  await page.waitForTimeout(3200)
  await page.click('#commentform button[type="submit"]')
  await page.waitForURL(new RegExp(`/articles/${slug}#comment-[0-9a-f-]+$`))
  const pending = page.locator('li.comment.pending')
  expect(await pending.locator('.comment-awaiting-moderation').innerText()).toBe('Your comment is awaiting moderation.')
  expect(await pending.locator('.fn').innerText()).toBe('Priya Natarajan')
  await page.screenshot({ path: path.join(ARTIFACTS, 'comment-awaiting-moderation.png'), fullPage: true })

  // Nobody else sees it.
  const stranger = await (await browser.newContext()).newPage()
  await stranger.goto(`${newsroom.server.url}/articles/${slug}`)
  expect(await stranger.locator('li.comment').count()).toBe(0)

  const staff = await browser.newContext()
  const admin = await staff.newPage()
  await admin.goto(`${newsroom.server.url}/admin/login`)
  await admin.fill('input[name="email"]', moderator.email)
  await admin.fill('input[name="password"]', moderator.password)
  await admin.click('button[type="submit"]')
  await admin.waitForURL(/\/admin\/?$/)
  expect(await admin.locator('#nav-moderation').textContent()).toMatch(/Moderation\s*1/)
  await admin.goto(`${newsroom.server.url}/admin/moderation`)
  const row = admin.locator('.newsroom-row').filter({ hasText: 'one letter off' })
  await row.waitFor()
  expect(await row.locator('.newsroom-row__reasons').innerText()).toBe('first comment by this commenter')
  expect(await row.locator('.newsroom-row__meta').innerText()).toContain('priya@example.org')
  expect(await admin.locator('.newsroom-moderation__tabs a[aria-current="page"]').innerText()).toMatch(/Pending\s*1/)
  await admin.screenshot({ path: path.join(ARTIFACTS, 'moderation-queue.png'), fullPage: true })
  // Keyboard: the first row is focused; "a" approves it.
  await admin.locator('h1').click()
  await admin.keyboard.press('a')
  await admin.getByText('Approved: 1 comment.').waitFor()
  await admin.locator('.newsroom-moderation__empty').waitFor()
  expect(await admin.locator('.newsroom-moderation__tabs a[aria-current="page"]').innerText()).toMatch(/Pending\s*0/)

  await stranger.reload()
  const published = stranger.locator('li.comment')
  expect(await published.count()).toBe(1)
  expect(await published.locator('.comment-content').innerText()).toBe('Our payroll team got one of these last week. The sender domain was one letter off.')
  expect(await stranger.locator('#comments-title').innerText()).toBe('One response to “Phishing wave targets payroll teams”')
  expect(await stranger.locator('.comment-awaiting-moderation').count()).toBe(0)
  await stranger.screenshot({ path: path.join(ARTIFACTS, 'comment-published.png'), fullPage: true })
}, 120_000)
