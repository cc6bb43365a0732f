/**
 * `npm run build && npm start` on a fresh database: migrations run at boot, Express and Next
 * share one Payload instance, the APIs hide drafts, and SIGTERM lets in-flight requests finish.
 */
import net from 'node:net'
import path from 'node:path'
import { rm } from 'node:fs/promises'

import { testDatabaseUri, testEngine } from '../helpers/database'
import { freshDataDir, startServer, stopServer, type ServerProcess } from '../helpers/serverProcess'

let server: ServerProcess
let dataDir: string
let databaseUri: string
let token: string
const secret = 'production-test-secret-0123456789abcdef'

beforeAll(async () => {
  dataDir = await freshDataDir()
  databaseUri = testDatabaseUri(dataDir)
  server = await startServer({
    NODE_ENV: 'production',
    PAYLOAD_SECRET: secret,
    DATABASE_URI: databaseUri,
    MEDIA_DIR: path.join(dataDir, 'media'),
    SHUTDOWN_DRAIN_SECONDS: '1',
  })
}, 180_000)
afterAll(async () => {
  await stopServer(server)
  await rm(dataDir, { recursive: true, force: true })
})

const api = async (method: string, apiPath: string, body?: unknown, auth?: string) => {
  const response = await fetch(`${server.url}${apiPath}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(auth ? { Authorization: `JWT ${auth}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  let json: any = null // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
  try {
    json = JSON.parse(text)
  } catch {
    json = text
  }
  return { status: response.status, json, text, headers: response.headers }
}

test('a fresh database is migrated at boot and the API answers', async () => {
  expect(server.output()).toMatch(new RegExp(`database: ${testEngine()}, production`))
  const articles = await api('GET', '/api/articles')
  expect(articles.status).toBe(200)
  expect(articles.json.docs).toEqual([])
})

test('Express and Next share exactly one Payload instance', async () => {
  const express = await api('GET', '/healthz')
  const next = await api('GET', '/api/newsroom/health')
  expect(express.json.instance).toMatch(/^[0-9a-f-]{36}$/)
  expect(next.json).toEqual({ status: 'ok', instance: express.json.instance, inits: 1 })
})

test('the admin is served (first visit asks for the first account)', async () => {
  const response = await fetch(`${server.url}/admin`)
  expect(response.status).toBe(200)
  const html = await response.text()
  expect(html).toContain('— Security Newsroom</title>')
  expect(html).toContain('create-first-user')
  expect(response.headers.get('x-powered-by')).toBeNull()
})

test('the first account becomes admin; published articles are public through REST and GraphQL, drafts never', async () => {
  const registered = await api('POST', '/api/users/first-register', { email: 'chief@newsroom.test', password: 'a long chief password', name: 'Chief', roles: ['author'] })
  expect(registered.status).toBe(200)
  expect(registered.json.user.roles).toEqual(['admin'])
  token = registered.json.token

  const body = [{ children: [{ text: 'Body.' }] }]
  expect((await api('POST', '/api/articles', { title: 'Published story', body, _status: 'published' }, token)).status).toBe(201)
  expect((await api('POST', '/api/articles?draft=true', { title: 'Secret draft' }, token)).status).toBe(201)

  const rest = await api('GET', '/api/articles?draft=true')
  expect(rest.json.docs.map((doc: { title: string }) => doc.title)).toEqual(['Published story'])
  const graphql = await api('POST', '/api/graphql', { query: '{ Articles(draft: true) { docs { title _status } } }' })
  expect(graphql.status).toBe(200)
  expect(graphql.json.data.Articles.docs).toEqual([{ title: 'Published story', _status: 'published' }])
  const staff = await api('POST', '/api/graphql', { query: '{ Users { docs { email } } }' })
  expect(JSON.stringify(staff.json)).not.toContain('chief@newsroom.test')
})

test('a guest comment through the site form: pending, and neither REST nor GraphQL shows it or any email', async () => {
  const article = (await api('GET', '/api/articles?where[title][equals]=Published%20story')).json.docs[0]
  const page = await fetch(`${server.url}/articles/${article.slug}`)
  const html = await page.text()
  const cookie = page.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ')
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? ''
  await new Promise((resolve) => setTimeout(resolve, 3100)) // a person reads before replying
  const form = new URLSearchParams({
    comment: 'A reader’s first comment.',
    author: 'Guest Reader',
    email: 'guest.reader@example.org',
    url: '',
    comment_parent: '0',
    website: '',
    _csrf: field('_csrf'),
    _ts: field('_ts'),
  })
  const posted = await fetch(`${server.url}/articles/${article.slug}/comments`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, Origin: server.url },
    body: form,
  })
  expect(posted.status).toBe(303)

  const rest = await api('GET', '/api/comments?where[status][equals]=pending')
  expect(rest.json.docs).toEqual([])
  const staffView = await api('GET', '/api/comments?where[status][equals]=pending', undefined, token)
  expect(staffView.json.docs).toEqual([expect.objectContaining({ authorName: 'Guest Reader', guestEmail: 'guest.reader@example.org', status: 'pending' })])
  const graphql = await api('POST', '/api/graphql', { query: '{ Comments { docs { authorName body status guestEmail ipHash } } }' })
  expect(graphql.json.data?.Comments?.docs ?? []).toEqual([])
  expect(JSON.stringify(graphql.json)).not.toContain('guest.reader@example.org')
  const privateFields = await api('POST', '/api/graphql', { query: '{ Comments(where: { status: { equals: pending } }) { docs { guestEmail } } }' })
  expect(JSON.stringify(privateFields.json)).not.toContain('guest.reader@example.org')
})

test('bad input gets a 4xx with a message, never a stack trace', async () => {
  const malformed = await fetch(`${server.url}/api/articles`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `JWT ${token}` },
    body: '{"title": ',
  })
  expect(malformed.status).toBeGreaterThanOrEqual(400)
  expect(malformed.status).toBeLessThan(500)
  const invalid = await api('POST', '/api/articles', { title: 'x'.repeat(300) }, token)
  expect(invalid.status).toBe(400)
  expect(invalid.json.errors[0].data.errors[0].path).toBe('title')
  const missing = await api('GET', '/api/articles/00000000-0000-4000-8000-000000000000')
  expect(missing.status).toBe(404)
  for (const response of [invalid, missing]) expect(response.text).not.toMatch(/\bat .+:\d+:\d+/)
  expect(await malformed.text()).not.toMatch(/\bat .+:\d+:\d+/)
})

test('the development mailbox cannot run in production: no SMTP_URL means no mail, said at boot and by the password reset', async () => {
  expect((await fetch(`${server.url}/dev-mail`)).status).toBe(404)
  expect(server.output()).toContain('the newsroom sends no mail')
  const reset = await fetch(`${server.url}/api/users/forgot-password`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'nobody-here@newsroom.test' }),
  })
  // No such account: nothing to send, and nothing said about who has an account.
  expect(reset.status).toBe(200)
  const real = await fetch(`${server.url}/api/users/forgot-password`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'chief@newsroom.test' }),
  })
  expect(real.status).toBe(503)
  expect((await real.json()).errors[0].message).toBe('This newsroom sends no mail: SMTP_URL is not set. Nothing was sent.')
  const { startDevMailbox } = await import('../../src/mail/devMailbox')
  expect(() => startDevMailbox('/tmp/never', 'production')).toThrow('The development mailbox never runs in production; set SMTP_URL.')
})

test('the development sign-in cannot run in production: no provider configured means no icons, and no test provider', async () => {
  const discovery = await fetch(`${server.url}/dev-sign-in/.well-known/openid-configuration`)
  expect(discovery.status).toBe(404)
  const start = await fetch(`${server.url}/auth/google?returnTo=/`, { redirect: 'manual' })
  expect(start.status).toBe(404)
  expect(await start.text()).toContain('This site does not offer that way to sign in.')
  expect(server.output()).not.toContain('development sign-in')
  const { createDevIdentityProvider } = await import('../../src/auth/devProvider')
  await expect(createDevIdentityProvider({ issuer: 'https://news.example/dev-sign-in', newsroomOrigin: 'https://news.example', mode: 'production' })).rejects.toThrow(
    'The development identity provider cannot run in production.',
  )
})

test('demo seeding refuses to run in production', async () => {
  const { spawnSync } = await import('node:child_process')
  const result = spawnSync(path.resolve('node_modules/.bin/tsx'), ['src/seed/cli.ts'], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', PAYLOAD_SECRET: secret, DATABASE_URI: databaseUri },
    encoding: 'utf8',
  })
  expect(result.status).toBe(1)
  expect(result.stderr.trim()).toBe('seed: Demo seeding is refused with NODE_ENV=production: it would create accounts with a known password.')
})

test('SIGTERM: /healthz says "draining" while requests are still served, then the server stops accepting, finishes the request in flight and exits 0', async () => {
  const port = Number(new URL(server.url).port)
  const payload = JSON.stringify({ email: 'chief@newsroom.test', password: 'a long chief password' })
  const socket = net.connect(port, '127.0.0.1')
  await new Promise((resolve) => socket.once('connect', resolve))
  let response = ''
  socket.on('data', (chunk) => (response += chunk))
  const ended = new Promise((resolve) => socket.once('close', resolve))
  // Half a login request is on the wire when the signal arrives.
  socket.write(
    `POST /api/users/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload.slice(0, 10)}`,
  )
  await new Promise((resolve) => setTimeout(resolve, 200))
  server.child.kill('SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 200))

  // Draining (SHUTDOWN_DRAIN_SECONDS=1): the load balancer is told, and what still arrives is answered.
  const health = await fetch(`${server.url}/healthz`)
  expect(health.status).toBe(503)
  expect((await health.json()).status).toBe('draining')
  const page = await fetch(`${server.url}/api/articles`)
  expect(page.status).toBe(200)
  expect(page.headers.get('connection')).toBe('close')

  // After the drain, new connections are refused.
  await new Promise((resolve) => setTimeout(resolve, 1200))
  const refused = await fetch(`${server.url}/healthz`).then(
    () => false,
    () => true,
  )
  expect(refused).toBe(true)

  socket.write(payload.slice(10))
  await ended
  expect(response).toMatch(/^HTTP\/1\.1 200/)
  expect(response).toContain('"token"')
  expect(await server.exited).toBe(0)
  expect(server.output()).toMatch(/SIGTERM: finishing requests in flight/)
  expect(server.output()).toMatch(/Draining for 1 s/)
})
