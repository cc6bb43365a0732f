/**
 * An import is a long run of writes on a newsroom that is live. Here the production server
 * imports a generated export (started from the admin's endpoint, in its own process) while
 * guests post comments and readers load the article page: no 5xx for anyone, every acknowledged
 * comment stored, the import complete, and the server's descriptors and memory (read after a
 * full collection) back where they were.
 */
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'

import { formTokens, postGuestComments } from '../helpers/guestLoad'
import { INSPECT_ARGS, memoryAfterCollection } from '../helpers/inspector'
import { openDescriptors, serverPid } from '../helpers/processStats'
import { testDatabaseUri } from '../helpers/database'
import { jsonApi } from '../helpers/productionServer'
import { freshDataDir, startServer, stopServer, type ServerProcess } from '../helpers/serverProcess'
import { generateExport } from '../helpers/wxr'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers are read field by field

const POSTS = 300
const COMMENTS = 6_000

let dataDir: string
let server: ServerProcess
let token: string
let api: ReturnType<typeof jsonApi>

beforeAll(async () => {
  dataDir = await freshDataDir()
  server = await startServer(
    {
      NODE_ENV: 'production',
      PAYLOAD_SECRET: 'import-load-secret-0123456789abcdef01',
      DATABASE_URI: testDatabaseUri(dataDir),
      MEDIA_DIR: path.join(dataDir, 'media'),
      TRUST_PROXY: 'loopback',
    },
    undefined,
    INSPECT_ARGS,
  )
  api = jsonApi(server.url)
  token = (await api('POST', '/api/users/first-register', { email: 'chief@newsroom.test', password: 'a long chief password', name: 'Chief' })).token
  await api('POST', '/api/globals/comment-policy', { minSecondsBeforeSubmit: 0, floodSeconds: 0 }, token)
}, 180_000)

afterAll(async () => {
  await stopServer(server)
  await rm(dataDir, { recursive: true, force: true })
})

test('guests comment and readers read while 300 posts and 6,000 comments are imported: no 5xx, nothing lost, descriptors and memory flat', async () => {
  const story = await api(
    'POST',
    '/api/articles',
    { title: 'Live while the archive moves in', body: [{ children: [{ text: 'Readers keep commenting.' }] }], _status: 'published' },
    token,
  )
  const slug = String(story.doc.slug)
  const tokens = await formTokens(`${server.url}/articles/${slug}`)
  const importFile = async (name: string, size: { posts: number; comments: number; site?: string }) => {
    const file = path.join(dataDir, name)
    const generated = await generateExport(file, path.join(dataDir, 'uploads'), { ...size, images: 0 })
    const response = await fetch(`${server.url}/api/newsroom/imports?format=wordpress&name=${name}`, {
      method: 'POST',
      headers: { Authorization: `JWT ${token}`, 'Content-Type': 'application/xml' },
      body: await readFile(file),
    })
    expect(response.status).toBe(202)
    return { id: ((await response.json()) as { id: string }).id, generated }
  }
  const job = async (id: string): Promise<Json> => (await fetch(`${server.url}/api/newsroom/imports/${id}`, { headers: { Authorization: `JWT ${token}` } })).json()
  const finished = async (id: string): Promise<Json> => {
    for (;;) {
      const state = await job(id)
      if (state.status !== 'running') return state
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  // Warm every path the test takes (the form, the page, the API, a small import: sharp and its
  // threads load on first use), then read the baseline.
  await postGuestComments({ url: server.url, slug, tokens, count: 200, concurrency: 25, firstGuest: 1 })
  await api('GET', `/api/comments?limit=1`, undefined, token)
  expect((await finished((await importFile('warm.xml', { posts: 5, comments: 50, site: 'https://warm.example' })).id)).status).toBe('finished')
  await new Promise((resolve) => setTimeout(resolve, 500))
  const pid = serverPid(server)
  const fdsBefore = openDescriptors(pid)
  const before = await memoryAfterCollection(server)

  const { id, generated } = await importFile('export.xml', { posts: POSTS, comments: COMMENTS })
  const pages: number[] = []
  let importing = true
  const reading = (async () => {
    while (importing) {
      const response = await fetch(`${server.url}/articles/${slug}`)
      await response.arrayBuffer()
      pages.push(response.status)
    }
  })()
  const load = postGuestComments({ url: server.url, slug, tokens, count: 1_500, concurrency: 25, firstGuest: 1_001 })
  const state = await finished(id)
  importing = false
  const comments = await load
  await reading
  await new Promise((resolve) => setTimeout(resolve, 500))

  expect(state.status).toBe('finished')
  expect(state.report.counts.articles.created).toBe(POSTS)
  expect(state.report.counts.comments.created).toBe(generated)
  expect(comments.statuses).toEqual({ 201: 1_500 })
  expect(comments.resets + comments.refused + comments.otherErrors.length).toBe(0)
  expect(pages.length).toBeGreaterThan(0)
  expect(pages.filter((status) => status !== 200)).toEqual([])
  const stored = await api('GET', `/api/comments?where[article][equals]=${story.doc.id}&limit=1`, undefined, token)
  expect(stored.totalDocs).toBe(1_700)

  expect(Math.abs(openDescriptors(pid) - fdsBefore)).toBeLessThanOrEqual(5)
  const after = await memoryAfterCollection(server)
  // What the import leaves behind is its report and job record, not its working set.
  expect(after.heapUsed - before.heapUsed).toBeLessThan(30 * 1024 * 1024)
}, 300_000)
