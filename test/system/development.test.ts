/** The newcomer's first `npm run dev`: an empty database fills with the demo newsroom. */
import path from 'node:path'
import { rm } from 'node:fs/promises'

import { Agent, throughProvider } from '../helpers/agent'
import { formTokens, guestComment } from '../helpers/guestLoad'
import { testDatabaseUri } from '../helpers/database'
import { freshDataDir, startServer, stopServer, type ServerProcess } from '../helpers/serverProcess'

let server: ServerProcess
let dataDir: string

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
  const posted = await fetch(`${server.url}/articles/${docs[0].slug as string}/comments`, { method: 'POST', headers: request.headers, body: `${request.body}&notify_replies=on` })
  expect(posted.status).toBe(201)
  const until = Date.now() + 20_000
  let list = ''
  while (Date.now() < until && !list.includes('Confirm your subscription')) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    list = await (await fetch(`${server.url}/dev-mail`)).text()
  }
  expect(list).toContain('Confirm your subscription to Security Newsroom')
  expect(list).toContain('guest7@readers.example')
}, 60_000)
