/** The newcomer's first `npm run dev`: an empty database fills with the demo newsroom. */
import path from 'node:path'
import { rm } from 'node:fs/promises'

import { Agent, throughProvider } from '../helpers/agent'
import { launchBrowser } from '../helpers/browser'
import { formTokens, guestComment } from '../helpers/guestLoad'
import { jsonApi } from '../helpers/productionServer'
import { testDatabaseUri } from '../helpers/database'
import { freshDataDir, startServer, stopServer, type ServerProcess } from '../helpers/serverProcess'

let server: ServerProcess
let dataDir: string
let guestCommentId = ''

beforeAll(async () => {
  dataDir = await freshDataDir()
  // No PAYLOAD_SECRET and no SEED_PASSWORD: development generates both.
  server = await startServer({
    NODE_ENV: 'development',
    NEXT_DIST_DIR: '.next-test-dev',
    DATABASE_URI: testDatabaseUri(dataDir),
    MEDIA_DIR: path.join(dataDir, 'media'),
    JOBS_INTERVAL_SECONDS: '1',
  })
}, 180_000)
afterAll(async () => {
  await stopServer(server)
  await rm(dataDir, { recursive: true, force: true })
})

test('seeds the demo content and prints the demo password once', () => {
  expect(server.output()).toMatch(/Empty database: loading the demo newsroom/)
  expect(server.output().match(/Demo staff password \(shown once\)/g)).toHaveLength(1)
})

test('the seed article is public and a demo account signs in', async () => {
  const articles = await (await fetch(`${server.url}/api/articles`)).json()
  expect(articles.docs.map((doc: { title: string; attributionLine: string }) => [doc.title, doc.attributionLine])).toEqual([
    ['Chinese Groups Hacked US Manufacturing Group’s Server During Trade Talks: Reuters', 'Adapted from Reuters'],
  ])
  const password = /shown once\): (\S+)/.exec(server.output())?.[1]
  const login = await fetch(`${server.url}/api/users/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'editor@newsroom.test', password }),
  })
  expect(login.status).toBe(200)
  expect((await login.json()).user.roles).toEqual(['editor'])
}, 120_000)

test('with no provider configured, the development sign-in stands in for all four icons', async () => {
  expect(server.output()).toContain('the development sign-in at /dev-sign-in stands in for all four icons')
  const { docs } = await (await fetch(`${server.url}/api/articles`)).json()
  const slug = docs[0].slug as string
  const agent = new Agent()
  const article = await agent.request(`${server.url}/articles/${slug}`)
  for (const label of ['WordPress.com', 'Google', 'X', 'Facebook']) expect(article.body).toContain(`aria-label="Log in with ${label}"`)
  expect(article.body).toContain('Development sign-in: these icons use the newsroom')
  const run = await throughProvider(agent, server.url, 'google', { returnTo: `/articles/${slug}#respond`, account: 'ada' })
  expect(run.authorize.href.startsWith(`${server.url}/dev-sign-in/auth?`)).toBe(true)
  const back = await agent.request(run.callback)
  expect(back.status).toBe(303)
  const signedIn = await agent.request(back.location!)
  expect(signedIn.body).toContain('You are commenting using your Google account.')
  expect(signedIn.body).toContain('Ada Lovelace')
}, 60_000)

test('opened at 127.0.0.1 instead of localhost: the pages answer, a login icon signs in at localhost and the page says why; the admin moves too', async () => {
  const other = server.url.replace('//localhost:', '//127.0.0.1:')
  const { docs } = await (await fetch(`${server.url}/api/articles`)).json()
  const slug = docs[0].slug as string
  expect((await fetch(`${other}/articles/${slug}`)).status).toBe(200)
  // The admin calls its API at SERVER_URL: it is opened there.
  const admin = await fetch(`${other}/admin/collections/articles?limit=5`, { redirect: 'manual' })
  expect({ status: admin.status, location: admin.headers.get('location') }).toEqual({ status: 302, location: `${server.url}/admin/collections/articles?limit=5` })
  const browser = await launchBrowser()
  try {
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(`${other}/articles/${slug}`)
    await page.getByRole('button', { name: 'Log in with Google' }).click()
    await page.waitForURL(`${server.url}/dev-sign-in/interaction/**`)
    await page.getByRole('button', { name: 'Grace Hopper' }).click()
    await page.getByRole('button', { name: 'Allow' }).click()
    await page.waitForURL(`${server.url}/articles/${slug}?notice=**`)
    const body = await page.locator('body').innerText()
    expect(body).toContain(
      `You opened this development site at another address of this computer. Signing in works only at the address it was started with (SERVER_URL), ${server.url}, so you are now there.`,
    )
    expect(body).toContain('You are commenting using your Google account.')
    expect(body).toContain('Grace Hopper')
    // The page's policy let the form go on to the site's address: nothing was blocked.
    expect(problems).toEqual([])
  } finally {
    await browser.close()
  }
}, 120_000)

test('with no SMTP_URL, mail goes to the development mailbox at /dev-mail, shown with its links', async () => {
  expect(server.output()).toContain('kept in the development mailbox at')
  const reset = await fetch(`${server.url}/api/users/forgot-password`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'editor@newsroom.test' }),
  })
  expect(reset.status).toBe(200)
  const list = await (await fetch(`${server.url}/dev-mail`)).text()
  expect(list).toContain('Development mailbox.')
  const id = /href="\/dev-mail\/([0-9a-f-]+)"/.exec(list)?.[1]
  expect(id).toBeTruthy()
  const message = await (await fetch(`${server.url}/dev-mail/${id}`)).text()
  expect(message).toContain('editor@newsroom.test')
  expect(message).toMatch(/<iframe src="\/dev-mail\/[0-9a-f-]+\/html" sandbox=/)
  const shown = await fetch(`${server.url}/dev-mail/${id}/html`)
  expect(shown.headers.get('content-security-policy')).toContain('sandbox')
  expect(await shown.text()).toMatch(/<a href="http:\/\/localhost:\d+\/admin\/reset\/[0-9a-f]+"/)
  expect((await fetch(`${server.url}/dev-mail/0000000000000-deadbeef`)).status).toBe(404)
}, 60_000)

test('a guest’s "notify me" in development: the confirmation is in /dev-mail within seconds, sent by the job runner', async () => {
  const { docs } = await (await fetch(`${server.url}/api/articles`)).json()
  const tokens = await formTokens(`${server.url}/articles/${docs[0].slug as string}`)
  // A person takes a few seconds to write.
  await new Promise((resolve) => setTimeout(resolve, 3200))
  const request = guestComment(7, tokens)
  const posted = await fetch(`${server.url}/articles/${docs[0].slug as string}/comments`, {
    method: 'POST',
    headers: request.headers,
    body: `${request.body}&notify_replies=on&notify_posts=on`,
  })
  expect(posted.status).toBe(201)
  guestCommentId = String((await posted.json()).id)
  const until = Date.now() + 20_000
  let list = ''
  while (Date.now() < until && !list.includes('Confirm your subscription')) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    list = await (await fetch(`${server.url}/dev-mail`)).text()
  }
  expect(list).toContain('Confirm your subscription to Security Newsroom')
  expect(list).toContain('guest7@readers.example')
}, 60_000)

/** The newest message in /dev-mail whose subject contains `subject`, within a few seconds (the job runner sends every second here). */
async function devMail(subject: string): Promise<{ id: string; text: string }> {
  const until = Date.now() + 20_000
  while (Date.now() < until) {
    const list = await (await fetch(`${server.url}/dev-mail`)).text()
    for (const row of list.split('<tr>')) {
      const found = /href="\/dev-mail\/([0-9a-f-]+)">([^<]*)</.exec(row)
      if (found && found[2]!.includes(subject)) return { id: found[1]!, text: await (await fetch(`${server.url}/dev-mail/${found[1]}`)).text() }
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`no mail "${subject}" in /dev-mail`)
}

test('all six kinds of mail reach /dev-mail in development: reset, confirmation, moderation alert, reply, new story, decision, data request', async () => {
  const password = /shown once\): (\S+)/.exec(server.output())?.[1]
  const login = await (
    await fetch(`${server.url}/api/users/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'editor@newsroom.test', password }),
    })
  ).json()
  const api = jsonApi(server.url)
  const call = (method: string, apiPath: string, body?: unknown) => api(method, apiPath, body, login.token as string)
  // The guest confirms from the link in the mailbox (the page shows the text part's links).
  const confirmation = await devMail('Confirm your subscription')
  const link = new URL(/href="(http:\/\/localhost:\d+\/mail\/confirm\/[^"]+)"/.exec(confirmation.text)![1]!.replace(/&amp;/g, '&'))
  expect((await fetch(`${server.url}${link.pathname}${link.search}`, { method: 'POST' })).status).toBe(200)
  // Held (a first comment): the demo moderator is alerted.
  expect((await devMail('Held for moderation')).text).toContain('moderator@newsroom.test')
  // Both guests post from this machine's one address: no flood window between them.
  await call('POST', '/api/globals/comment-policy', { mailCommenterOutcomes: true, floodSeconds: 0 })
  await call('PATCH', `/api/comments/${guestCommentId}`, { status: 'approved' })
  expect((await devMail('is published')).text).toContain('guest7@readers.example')
  // Another guest answers; once approved, the first is told.
  const { docs } = await (await fetch(`${server.url}/api/articles`)).json()
  const tokens = await formTokens(`${server.url}/articles/${docs[0].slug as string}`)
  await new Promise((resolve) => setTimeout(resolve, 3200))
  const answer = guestComment(8, tokens, 'Seen the same here, twice.')
  const replied = await fetch(`${server.url}/articles/${docs[0].slug as string}/comments`, {
    method: 'POST',
    headers: answer.headers,
    body: answer.body.replace('comment_parent=0', `comment_parent=${guestCommentId}`),
  })
  const reply = await replied.json()
  expect({ status: replied.status, reply }).toMatchObject({ status: 201, reply: { status: 'pending' } })
  await call('PATCH', `/api/comments/${String(reply.id)}`, { status: 'approved' })
  expect((await devMail('Guest 8 replied to your comment')).text).toContain('Seen the same here, twice.')
  await call('POST', '/api/articles', { title: 'A new story for subscribers', body: [{ children: [{ text: 'Body.' }] }], _status: 'published' })
  expect((await devMail('New at Security Newsroom: A new story for subscribers')).text).toContain('guest7@readers.example')
  const time = new URLSearchParams(tokens.fields).get('_ts')!
  const asked = await fetch(`${server.url}/privacy`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ email: 'guest7@readers.example', choice: 'download', _ts: time }).toString(),
  })
  expect(asked.status).toBe(200)
  expect((await devMail('Your data at Security Newsroom')).text).toContain('/privacy/data/')
}, 120_000)

test('the demo story shows its own 2019 date, not the day it was loaded, after the job runner has run', async () => {
  const { docs } = await (await fetch(`${server.url}/api/articles?where[title][like]=Trade%20Talks`)).json()
  const page = await (await fetch(`${server.url}/articles/${docs[0].slug as string}`)).text()
  const byline = /<p class="byline">(.*?)<\/p>/.exec(page)?.[1] ?? ''
  expect(byline).toContain('Published <time datetime="2019-09-23')
  expect(byline).not.toContain('Updated')
})
