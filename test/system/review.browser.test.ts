/**
 * The desk and the review workflow in a real browser at 1280 px, where the admin's navigation is
 * collapsed: an author finds her draft on the desk and submits it for review from the sidebar;
 * an editor finds it waiting on his desk, approves it with a note and publishes it; a moderator
 * reaches the moderation queue from the desk in one click. Screenshots of each desk go to
 * test-artifacts/.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'

import type { Browser, Page } from 'playwright-core'

import { launchBrowser } from '../helpers/browser'
import { startProductionNewsroom, type RunningNewsroom } from '../helpers/productionServer'
import { ROOT } from '../helpers/serverProcess'

let newsroom: RunningNewsroom
let browser: Browser
const ARTIFACTS = path.join(ROOT, 'test-artifacts')
const TITLE = 'Phishing kit sold as a service to hundreds of crews'
const people = {
  author: { email: 'ann@newsroom.test', password: 'an author password for the desk test', name: 'Ann Author', roles: ['author'] },
  editor: { email: 'eddie@newsroom.test', password: 'an editor password for the desk test', name: 'Eddie Editor', roles: ['editor'] },
  moderator: { email: 'mo@newsroom.test', password: 'a moderator password for the desk test', name: 'Mo Moderator', roles: ['moderator'] },
}
let storyId: string
/** Errors thrown in the admin's pages: there must be none. */
const pageErrors: string[] = []

beforeAll(async () => {
  newsroom = await startProductionNewsroom('review-browser-secret-0123456789abcdef01')
  const { api, adminToken: token } = newsroom
  const ids: Record<string, string> = {}
  for (const [key, person] of Object.entries(people)) ids[key] = (await api('POST', '/api/users', person, token)).doc.id
  const story = await api('POST', '/api/articles?draft=true', { title: TITLE, body: [{ children: [{ text: 'A kit that copies sign-in pages…' }] }], authors: [ids.author] }, token)
  storyId = String(story.doc.id)
  browser = await launchBrowser()
  await mkdir(ARTIFACTS, { recursive: true })
}, 180_000)

afterEach(() => expect(pageErrors).toEqual([]))

afterAll(async () => {
  await browser?.close()
  await newsroom?.stop()
})

async function signIn(person: { email: string; password: string }): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(`${newsroom.server.url}/admin/login`)
  await page.fill('input[name="email"]', person.email)
  await page.fill('input[name="password"]', person.password)
  await page.click('button[type="submit"]')
  await page.waitForURL(/\/admin\/?$/)
  await page.locator('.newsroom-desk').waitFor()
  return page
}

const reviewState = (page: Page) => page.locator('.newsroom-review__state')

test('an author finds her draft on the desk and submits it for review; the checklist says what review needs', async () => {
  const page = await signIn(people.author)
  try {
    const mine = page.locator('.newsroom-desk__mine')
    await mine.getByRole('link', { name: TITLE }).waitFor()
    expect(await page.locator('.newsroom-desk__for-review').count()).toBe(0)
    expect(await page.locator('.newsroom-desk__comments').count()).toBe(0)
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-author.png'), fullPage: true })

    await mine.getByRole('link', { name: TITLE }).click()
    await page.waitForURL(new RegExp(`/admin/collections/articles/${storyId}`))
    await page.locator('.newsroom-checklist').getByText('Yes: nothing blocks it; submit it for review below.').waitFor()
    expect(await reviewState(page).textContent()).toBe('Draft')
    await page.fill('.newsroom-review__note', 'Ready when you are.')
    await page.click('.newsroom-review__submit')
    await page.locator('.newsroom-review__state', { hasText: 'In review' }).waitFor()
    await page
      .locator('.newsroom-review__log')
      .getByText(/Submitted for review · Ann Author/)
      .waitFor()
    await page.screenshot({ path: path.join(ARTIFACTS, 'review-submitted.png'), fullPage: true })
    // An author has no Publish button, and cannot submit twice.
    expect(await page.locator('#action-save').count()).toBe(0)
    expect(await page.locator('.newsroom-review__submit').count()).toBe(0)
  } finally {
    await page.close()
  }
}, 120_000)

test('an editor finds the story waiting on the desk, approves it with a note and publishes it without leaving the admin', async () => {
  const page = await signIn(people.editor)
  try {
    const waiting = page.locator('.newsroom-desk__for-review')
    await waiting.getByRole('link', { name: TITLE }).waitFor()
    await waiting.getByText('Ann Author: Ready when you are.').waitFor()
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-editor.png'), fullPage: true })

    await waiting.getByRole('link', { name: TITLE }).click()
    await page.waitForURL(new RegExp(`/admin/collections/articles/${storyId}`))
    await page.locator('.newsroom-review__state', { hasText: 'In review' }).waitFor()
    await page.fill('.newsroom-review__note', 'Good to go.')
    await page.click('.newsroom-review__approve')
    await page.locator('.newsroom-review__state', { hasText: 'Approved' }).waitFor()

    await page.click('#action-save')
    await page.locator('.newsroom-review__state', { hasText: 'Published' }).waitFor({ timeout: 30_000 })
    const live = await fetch(`${newsroom.server.url}/articles/phishing-kit-sold-as-a-service-to-hundreds-of-crews`)
    expect(live.status).toBe(200)
    const log = await page.locator('.newsroom-review__log').textContent()
    expect(log).toMatch(/Published · Eddie Editor/)
    expect(log).toMatch(/Approved · Eddie Editor/)
    expect(log).toContain('Good to go.')
  } finally {
    await page.close()
  }
}, 120_000)

test('a moderator reaches the moderation queue from the desk in one click, at 1280 px and at 600 px', async () => {
  const page = await signIn(people.moderator)
  try {
    const comments = page.locator('.newsroom-desk__comments')
    await comments.getByText(/waiting for moderation/).waitFor()
    expect(await page.locator('.newsroom-desk__mine').count()).toBe(0)
    expect(await page.locator('#desk-moderation').isVisible()).toBe(true)
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-moderator.png'), fullPage: true })
    await page.setViewportSize({ width: 600, height: 900 })
    expect(await page.locator('#desk-moderation').isVisible()).toBe(true)
    await page.click('#desk-moderation')
    await page.waitForURL(/\/admin\/moderation$/)
    await page.getByRole('heading', { name: 'Moderation', level: 1 }).waitFor()
  } finally {
    await page.close()
  }
}, 120_000)
