/**
 * PostgreSQL read replicas (DATABASE_READ_REPLICAS): a primary of the test's own and a hot
 * standby kept current by streaming replication. Reads go to the copy, writes to the primary, an
 * instance reads its own writes at once, and a stopping server ends every pool (Payload keeps a
 * connection of each replica's pool checked out, which would hold the shutdown forever).
 */
import { rm } from 'node:fs/promises'

import { boot, publishArticle, within, type Newsroom } from '../helpers/newsroomServer'
import { startPostgres, startReplica, type PostgresServer } from '../helpers/postgresServer'
import { freePort, freshDataDir } from '../helpers/serverProcess'

let primary: PostgresServer
let replica: PostgresServer
let dataDir: string
let newsroom: Newsroom

beforeAll(async () => {
  primary = await startPostgres({ address: '127.0.0.1', port: await freePort(), allow: '127.0.0.1/32' })
  replica = await startReplica(primary, await freePort())
  dataDir = await freshDataDir()
  newsroom = await boot(dataDir, primary.uri, { DATABASE_READ_REPLICAS: replica.uri, DATABASE_POOL_MAX: '4' })
}, 180_000)

afterAll(async () => {
  if (newsroom && newsroom.server.child.exitCode === null) newsroom.server.child.kill('SIGKILL')
  await replica?.stop()
  await primary?.stop()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

/** Transactions the newsroom's role has run on a server so far. */
const transactions = async (server: PostgresServer) => Number(await server.psql(`SELECT xact_commit FROM pg_stat_database WHERE datname = 'newsroom'`))

test('reads go to the replica, writes to the primary, and an instance reads its own writes at once', async () => {
  expect(await replica.psql('SELECT pg_is_in_recovery()')).toBe('t')
  const slug = await publishArticle(newsroom, 'Read from a copy')
  const { json } = await newsroom.api('GET', `/api/articles?where[slug][equals]=${slug}`)
  const id = json.docs[0].id
  // Its own write, read back at once (reads follow a write to the primary for a moment).
  expect((await newsroom.api('PATCH', `/api/articles/${id}`, { dek: 'Changed a moment ago.' })).status).toBe(200)
  expect((await newsroom.api('GET', `/api/articles/${id}`)).json.dek).toBe('Changed a moment ago.')

  // Past that moment, reads go to the replica: its transaction count climbs while pages are read.
  await new Promise((resolve) => setTimeout(resolve, 2500))
  const before = await transactions(replica)
  for (let n = 0; n < 20; n += 1)
    expect((await fetch(`${newsroom.server.url}/api/articles/${id}?depth=0`, { headers: { Authorization: `JWT ${newsroom.token}` } })).status).toBe(200)
  // (PostgreSQL publishes its statistics about once a second.)
  expect(await within(3000, async () => (await transactions(replica)) > before + 15)).toBeLessThan(3000)
  // The site page shows the change (the copy has it).
  expect(await within(2000, async () => (await (await fetch(`${newsroom.server.url}/articles/${slug}`)).text()).includes('Changed a moment ago.'))).toBeLessThan(2000)
  // A write still goes to the primary (the replica refuses writes).
  expect((await newsroom.api('POST', '/api/articles', { title: 'Written while reading from a copy' })).status).toBe(201)
}, 60_000)

test('SIGTERM ends every pool: the server exits 0 at once, and leaves no connection open on either server', async () => {
  const started = Date.now()
  newsroom.server.child.kill('SIGTERM')
  expect(await newsroom.server.exited).toBe(0)
  expect(Date.now() - started).toBeLessThan(10_000)
  const open = `SELECT count(*) FROM pg_stat_activity WHERE usename = 'newsroom'`
  expect(await within(2000, async () => (await primary.psql(open)) === '0' && (await replica.psql(open)) === '0')).toBeLessThan(2000)
}, 30_000)
