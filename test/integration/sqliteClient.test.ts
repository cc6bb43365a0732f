/**
 * The newsroom's SQLite client on real database files: connections that come back, writers
 * that take turns, other processes' locks waited out asynchronously and within a bound,
 * transactions that roll back, and results exactly as `@libsql/client` gives them.
 */
import { readdirSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { NewsroomSqliteClient } from '../../src/database/sqliteClient'
import { DatabaseBusyError } from '../../src/database/transient'
import { holdWriteLock } from '../helpers/lockHolder'

let dir: string
let file: string
const clients: NewsroomSqliteClient[] = []

const open = (busyTimeoutMs = 2000) => {
  const client = new NewsroomSqliteClient({ url: `file:${file}`, busyTimeoutMs, wal: { journalSizeLimit: 64 * 1024 * 1024, synchronous: 'FULL' }, warn: () => undefined })
  clients.push(client)
  return client
}
const openDescriptors = () => readdirSync('/proc/self/fd').length
const count = async (client: NewsroomSqliteClient) => Number((await client.execute('select count(*) as n from notes')).rows[0]!.n)

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'newsroom-sqlite-'))
  file = path.join(dir, 'test.db')
  await open().execute('create table notes (id integer primary key, body text not null, data blob, flag integer)')
})
afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  await rm(dir, { recursive: true, force: true })
})

const holdLockElsewhere = (ms: number) => holdWriteLock(file, ms)

test('2,000 write transactions leave the process with the descriptors it had', async () => {
  const client = open()
  await client.ready()
  for (let n = 0; n < 50; n += 1) {
    const tx = await client.transaction('write')
    await tx.execute({ sql: 'insert into notes (body) values (?)', args: [`warm-up ${n}`] })
    await tx.commit()
  }
  const before = openDescriptors()
  for (let n = 0; n < 2000; n += 1) {
    const tx = await client.transaction('write')
    await tx.execute({ sql: 'insert into notes (body) values (?)', args: [`note ${n}`] })
    if (n % 10 === 0) await tx.rollback()
    else await tx.commit()
  }
  expect(openDescriptors()).toBe(before)
  expect(await count(client)).toBe(50 + 1800)
  expect(client.stats()).toEqual({ connections: 2, writeLockHeld: false, waitingWriters: 0 })
})

test('a rolled-back transaction leaves nothing, and a failed statement inside one can be rolled back', async () => {
  const client = open()
  const tx = await client.transaction('write')
  await tx.execute({ sql: 'insert into notes (body) values (?)', args: ['kept?'] })
  await expect(tx.execute({ sql: 'insert into notes (body) values (?)', args: [null] })).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' })
  await tx.rollback()
  expect(tx.closed).toBe(true)
  expect(await count(client)).toBe(0)
  await expect(tx.execute('select 1')).rejects.toMatchObject({ code: 'TRANSACTION_CLOSED' })
})

test('concurrent transactions in one process take turns instead of failing or blocking each other', async () => {
  const client = open()
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      const tx = await client.transaction('write')
      const { rows } = await tx.execute('select count(*) as n from notes')
      await new Promise((resolve) => setImmediate(resolve))
      await tx.execute({ sql: 'insert into notes (body) values (?)', args: [`after ${rows[0]!.n}`] })
      await tx.commit()
    }),
  )
  // Each saw every earlier commit: the counts read inside the transactions are 0…99, each once.
  const { rows } = await client.execute('select body from notes order by id')
  expect(rows.map((row) => row.body)).toEqual(Array.from({ length: 100 }, (_, n) => `after ${n}`))
})

test('a transaction takes the lock at its first statement: a write outside it, made first, does not wait on it', async () => {
  const client = open(300)
  const tx = await client.transaction('write')
  // Payload's password reset does this: opens a transaction, then writes outside it.
  await client.execute({ sql: 'insert into notes (body) values (?)', args: ['outside'] })
  await tx.execute({ sql: 'insert into notes (body) values (?)', args: ['inside'] })
  await tx.commit()
  expect(await count(client)).toBe(2)
})

test('a write while another transaction of this process holds the lock waits at most the bound, then is busy', async () => {
  const client = open(200)
  const tx = await client.transaction('write')
  await tx.execute({ sql: 'insert into notes (body) values (?)', args: ['holding'] })
  const started = Date.now()
  await expect(client.execute({ sql: 'insert into notes (body) values (?)', args: ['late'] })).rejects.toBeInstanceOf(DatabaseBusyError)
  expect(Date.now() - started).toBeGreaterThanOrEqual(190)
  // Readers are never held up by the writer.
  expect(await count(client)).toBe(0)
  await tx.commit()
  expect(await count(client)).toBe(1)
})

test('another process holding the write lock is waited out asynchronously: the event loop keeps running', async () => {
  const client = open(5000)
  const { released } = await holdLockElsewhere(400)
  let ticks = 0
  const ticker = setInterval(() => (ticks += 1), 10)
  const started = Date.now()
  const tx = await client.transaction('write')
  await tx.execute({ sql: 'insert into notes (body) values (?)', args: ['after the other process'] })
  await tx.commit()
  clearInterval(ticker)
  await released
  expect(Date.now() - started).toBeGreaterThanOrEqual(300)
  // Waiting in SQLite's busy handler would have frozen the event loop for the whole wait.
  expect(ticks).toBeGreaterThan(15)
  const { rows } = await client.execute('select body from notes order by id')
  expect(rows.map((row) => row.body)).toEqual(['from the other process', 'after the other process'])
})

test('another process holding the lock past the bound gives DatabaseBusyError, and the client works afterwards', async () => {
  const client = open(300)
  const { released } = await holdLockElsewhere(1500)
  await expect(client.execute({ sql: 'insert into notes (body) values (?)', args: ['too late'] })).rejects.toBeInstanceOf(DatabaseBusyError)
  const tx = await client.transaction('write')
  await expect(tx.execute({ sql: 'insert into notes (body) values (?)', args: ['too late'] })).rejects.toBeInstanceOf(DatabaseBusyError)
  await tx.rollback()
  await released
  await client.execute({ sql: 'insert into notes (body) values (?)', args: ['in time'] })
  expect(await count(client)).toBe(2)
})

test('a write that gave up on another process’s lock leaves no statement half-run: later transactions of other statements commit', async () => {
  const client = open(300)
  const { released } = await holdLockElsewhere(1000)
  await expect(client.execute({ sql: 'update notes set flag = ? where id = ?', args: [1, 1] })).rejects.toBeInstanceOf(DatabaseBusyError)
  await expect(client.batch([{ sql: 'update notes set flag = ? where id = ?', args: [2, 1] }], 'write')).rejects.toBeInstanceOf(DatabaseBusyError)
  await released
  // A statement stopped mid-run would keep every later COMMIT on the connection failing ("SQL statements in progress").
  for (let round = 0; round < 3; round += 1) {
    const tx = await client.transaction('write')
    await tx.execute({ sql: 'insert into notes (body) values (?)', args: [`after, round ${round}`] })
    await tx.commit()
  }
  await client.batch([{ sql: 'insert into notes (body) values (?)', args: ['in a batch'] }], 'write')
  expect(await count(client)).toBe(5)
  expect(client.stats().writeLockHeld).toBe(false)
})

test('reads see what other connections and processes committed, at once', async () => {
  const client = open()
  const other = open()
  expect(await count(client)).toBe(0)
  await other.execute({ sql: 'insert into notes (body) values (?)', args: ['from another instance'] })
  expect(await count(client)).toBe(1)
  const { released } = await holdLockElsewhere(10)
  await released
  expect(await count(client)).toBe(2)
})

test('a failed COMMIT is reported, releases the lock and keeps nothing', async () => {
  const client = open()
  await client.execute('create table parents (id integer primary key)')
  await client.execute('create table children (id integer primary key, parent integer references parents(id) deferrable initially deferred)')
  const tx = await client.transaction('write')
  await tx.execute('insert into children (parent) values (42)')
  await expect(tx.commit()).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) })
  expect(client.stats().writeLockHeld).toBe(false)
  expect(Number((await client.execute('select count(*) as n from children')).rows[0]!.n)).toBe(0)
})

test('values come back as @libsql/client returns them: numbers, text, null, blobs; rows by name and index', async () => {
  const client = open()
  const blob = new Uint8Array([0, 1, 2, 250]).buffer
  const inserted = await client.execute({ sql: 'insert into notes (body, data, flag) values (?, ?, ?)', args: ['é ✓', blob, true] })
  expect(inserted.rowsAffected).toBe(1)
  expect(inserted.lastInsertRowid).toBe(1n)
  const named = await client.execute({ sql: 'select id, body, data, flag, null as missing from notes where body = :body', args: { ':body': 'é ✓' } })
  expect(named.columns).toEqual(['id', 'body', 'data', 'flag', 'missing'])
  const row = named.rows[0]!
  expect([row.id, row.body, row.flag, row.missing]).toEqual([1, 'é ✓', 1, null])
  expect([...new Uint8Array(row.data as ArrayBuffer)]).toEqual([0, 1, 2, 250])
  expect(Array.prototype.slice.call(row)).toEqual([1, 'é ✓', row.data, 1, null])
  expect(Object.keys(row)).toEqual(['id', 'body', 'data', 'flag', 'missing'])
  // The same statement again (from the cache) with other arguments.
  expect((await client.execute({ sql: 'select id, body, data, flag, null as missing from notes where body = :body', args: { ':body': 'none' } })).rows).toEqual([])
  await expect(client.execute({ sql: 'select ?', args: [2 ** 70] })).resolves.toBeDefined()
  await expect(client.execute({ sql: 'select 9007199254740993 as big', args: [] })).rejects.toBeInstanceOf(RangeError)
})

test('the write-ahead log is checkpointed on a worker thread, not inside commits, and rewound when long', async () => {
  const client = open()
  // The request path's connection checkpoints only far past what the worker keeps the log to.
  expect((await client.execute('PRAGMA wal_autocheckpoint')).rows[0]).toMatchObject({ wal_autocheckpoint: 50_000 })
  const wal = () => {
    try {
      return statSync(`${file}-wal`).size
    } catch {
      return 0
    }
  }
  const big = 'x'.repeat(4000)
  for (let n = 0; n < 6000; n += 1) await client.execute({ sql: 'insert into notes (body) values (?)', args: [`${big} ${n}`] })
  // Some 24 MB were written. The worker copies the log back as it goes (so the log starts over,
  // small), or, if it fell behind, rewinds the long log to empty once everything is copied.
  const started = Date.now()
  while (wal() > 8 * 1024 * 1024 && Date.now() - started < 15_000) await new Promise((resolve) => setTimeout(resolve, 100))
  expect(wal()).toBeLessThan(8 * 1024 * 1024)
  expect(await count(client)).toBe(6000)
  await client.shutdown()
  expect(client.closed).toBe(true)
})

test('a closed client refuses work', async () => {
  const client = open()
  client.close()
  await expect(client.execute('select 1')).rejects.toMatchObject({ code: 'CLIENT_CLOSED' })
  await expect(client.transaction('write')).rejects.toMatchObject({ code: 'CLIENT_CLOSED' })
})
