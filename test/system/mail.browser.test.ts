/**
 * Reply notifications in Chromium, on the production build, against a real SMTP server: a
 * guest ticks "notify me" under a story, confirms through the link in the mail that arrives,
 * a staff member's reply is published, the notification arrives, and its unsubscribe link
 * works. The job runner (every second here) does the sending, as it does in production.
 */
import type { Browser } from 'playwright-core'

import { launchBrowser } from '../helpers/browser'
import { startProductionNewsroom, type RunningNewsroom } from '../helpers/productionServer'
import { linkIn, startMailServer, type TestMailServer } from '../helpers/smtp'

const editor = { email: 'editor@newsroom.test', password: 'an editor password for the mail test' }
let smtp: TestMailServer
let newsroom: RunningNewsroom
let browser: Browser
let slug: string

beforeAll(async () => {
  smtp = await startMailServer()
  newsroom = await startProductionNewsroom('mail-browser-secret-0123456789abcdef01', {
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    MAIL_FROM: 'Security Newsroom <news@newsroom.test>',
    MAIL_FROM_NOTIFICATIONS: 'Security Newsroom comments <comments@newsroom.test>',
    JOBS_INTERVAL_SECONDS: '1',
  })
  const { api, adminToken: token } = newsroom
  await api('POST', '/api/users', { ...editor, name: 'Eddie Editor', roles: ['editor'] }, token)
  const article = await api(
    'POST',
    '/api/articles',
    { title: 'A wiper hits a grid operator', body: [{ children: [{ text: 'The outage lasted hours.' }] }], _status: 'published' },
    token,
  )
  slug = article.doc.slug
  browser = await launchBrowser()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await newsroom?.stop()
  await smtp?.close()
})

async function mailTo(address: string, count: number): Promise<void> {
  const until = Date.now() + 20_000
  while (smtp.to(address).length < count) {
    if (Date.now() > until)
      throw new Error(
        `no mail #${count} for ${address}; got ${smtp
          .to(address)
          .map((mail) => mail.subject)
          .join(' | ')}`,
      )
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

test('a guest asks to be notified, confirms from the mail, is told of a staff reply, and unsubscribes from its link', async () => {
  const guest = 'nadia@readers.example'
  const reader = await (await browser.newContext()).newPage()
  await reader.goto(`${newsroom.server.url}/articles/${slug}`)
  await reader.fill('#comment', 'Was the wiper the same family as the one seen last winter?')
  await reader.fill('#email', guest)
  await reader.fill('#author', 'Nadia')
  expect(await reader.isChecked('#notify-replies')).toBe(false)
  await reader.check('#notify-replies')
  await reader.waitForTimeout(3200)
  await reader.click('#commentform button[type="submit"]')
  await reader.waitForURL(new RegExp(`/articles/${slug}#comment-[0-9a-f-]+$`))
  const commentId = /#comment-([0-9a-f-]+)$/.exec(reader.url())![1]!

  await mailTo(guest, 1)
  const confirmation = smtp.to(guest)[0]!
  expect(confirmation.subject).toBe('Confirm your subscription to Security Newsroom')
  await reader.goto(linkIn(confirmation.text ?? '', /http:\/\/localhost:\d+\/mail\/confirm\/\S+/))
  await reader.click('main button[type="submit"]')
  expect(await reader.locator('h1').innerText()).toBe('Subscription confirmed')

  // The comment is approved by a moderator, then an editor answers it on the site, signed in to the admin.
  await newsroom.api('PATCH', `/api/comments/${commentId}`, { status: 'approved' }, newsroom.adminToken)
  const staff = await (await browser.newContext()).newPage()
  await staff.goto(`${newsroom.server.url}/admin/login`)
  await staff.fill('input[name="email"]', editor.email)
  await staff.fill('input[name="password"]', editor.password)
  await staff.click('button[type="submit"]')
  await staff.waitForURL(/\/admin\/?$/)
  await staff.goto(`${newsroom.server.url}/articles/${slug}?replytocom=${commentId}#respond`)
  expect(await staff.locator('#reply-title').innerText()).toContain('Leave a Reply to Nadia')
  await staff.fill('#comment', 'Same family, new loader. We have asked the operator for details.')
  await staff.click('#commentform button[type="submit"]')
  await staff.waitForURL(new RegExp(`/articles/${slug}`))
  const staffReply = await newsroom.api('GET', `/api/comments?where[parent][equals]=${commentId}&depth=0`, undefined, newsroom.adminToken)
  if (staffReply.docs[0].status !== 'approved') await newsroom.api('PATCH', `/api/comments/${staffReply.docs[0].id}`, { status: 'approved' }, newsroom.adminToken)

  await mailTo(guest, 2)
  const notification = smtp.to(guest)[1]!
  expect(notification.subject).toBe('Eddie Editor replied to your comment on “A wiper hits a grid operator”')
  expect(notification.text).toContain('Same family, new loader.')
  const unsubscribe = linkIn(notification.text ?? '', /http:\/\/localhost:\d+\/mail\/unsubscribe\/\S+/)
  expect(notification.headerLines.find((line) => line.key === 'list-unsubscribe')?.line).toContain(unsubscribe)

  await reader.goto(unsubscribe)
  expect(await reader.locator('h1').innerText()).toBe('Unsubscribe?')
  await reader.click('main button[type="submit"]')
  expect(await reader.locator('h1').innerText()).toBe('You are unsubscribed')

  // Another reply is published: nothing more arrives.
  await staff.goto(`${newsroom.server.url}/articles/${slug}?replytocom=${commentId}#respond`)
  await staff.fill('#comment', 'Update: the operator confirms the loader.')
  await staff.click('#commentform button[type="submit"]')
  await staff.waitForURL(new RegExp(`/articles/${slug}`))
  await new Promise((resolve) => setTimeout(resolve, 3000))
  expect(smtp.to(guest)).toHaveLength(2)
}, 120_000)
