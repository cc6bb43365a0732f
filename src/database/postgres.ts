/**
 * What the newsroom changes in db-postgres's adapter, as sqliteClient.ts does for SQLite:
 *
 * - One writer at a time, across every instance. Every write the newsroom makes also writes the
 *   content version (one row, contentVersion.ts), and its checks (a commenter's flood limit, a
 *   duplicate, the job runner's lease) read what they decide on inside the transaction that
 *   writes. SQLite gives that by letting one writer in at a time; here each transaction first
 *   takes one database-wide advisory lock (held until COMMIT or ROLLBACK), so its reads see every
 *   write committed before it and no other can interleave, on any instance. Under READ COMMITTED
 *   nothing then fails for having raced another writer (SERIALIZABLE would fail nearly every
 *   concurrent write on the version row and retry it). Within an instance writers queue in
 *   memory first (writeLock.ts), so a waiting writer holds no pooled connection the readers
 *   need. A lock not granted within the bound fails with 55P03, which is retried, then 503. A
 *   writer that stops talking mid-transaction (its host cut off) loses its session after
 *   IDLE_IN_WRITE_MS, so the others wait that long at most.
 *
 * - A COMMIT that fails is an error. Payload's transaction keeps drizzle's promise and swallows
 *   its rejection, so a SERIALIZABLE transaction that PostgreSQL refuses at COMMIT (40001)
 *   would be reported saved while nothing was stored. Here the failure is kept and thrown from
 *   commitTransaction, where inTransaction retries it.
 * - destroy() ends the pools (the primary's and every read replica's). Payload's leaves them
 *   open, so each closed Payload would keep its connections until the process ends.
 * - The pool is opened here. Payload's connect checks out one connection to test the address
 *   and never gives it back (a pool of 10 then serves 9, forever), and puts no listener on the
 *   pool, so a connection that dies while idle (the server restarted, a network cut) would
 *   end the process with an unhandled 'error' event. Here the test connection is returned,
 *   every pool logs such errors and replaces the connection, and a database that does not
 *   exist yet is created, as Payload's would.
 */
import { randomUUID } from 'node:crypto'

import { sql } from '@payloadcms/db-postgres'

import type { BaseDatabaseAdapter } from 'payload'

import { ConfigurationError } from '../config/environment'
import { DATABASE_BUSY_TIMEOUT_MS, DatabaseBusyError } from './transient'
import { WriteLock } from './writeLock'

/** The advisory lock every write transaction holds: any fixed number, the same on every instance. */
export const WRITER_LOCK_ID = 7_361_204_100

/**
 * How long PostgreSQL lets a write transaction sit without a statement before it ends the
 * session (rolling back, releasing the writer lock). A working instance sends its next statement
 * within milliseconds; one cut off from the network mid-transaction would otherwise hold every
 * other instance's writes until TCP gave up, which takes minutes.
 */
export const IDLE_IN_WRITE_MS = 3000

type Deferred = { resolve: () => void; reject: () => void }

type PooledClient = { release(): void }
type Pool = {
  end(): Promise<void>
  ended?: boolean
  /** pg-pool's own lists: every connection, and those idle. */
  _clients?: ReadonlyArray<{ release?: () => void }>
  _idle?: ReadonlyArray<{ client: unknown }>
  connect(): Promise<PooledClient>
  on(event: 'error', listener: (error: Error) => void): unknown
  on(event: 'connect', listener: (client: { on(event: 'error', listener: (error: Error) => void): unknown }) => void): unknown
  listenerCount(event: string): number
}

type Transaction = { execute(query: unknown): Promise<unknown> }

type Drizzle = {
  transaction<T>(work: (tx: unknown) => Promise<T>, config?: unknown): Promise<T>
  $client?: Pool
  $primary?: { $client?: Pool }
  $replicas?: ReadonlyArray<{ $client?: Pool }>
}

/** The parts of db-postgres's adapter this module fits. */
export type PostgresAdapterInternals = {
  drizzle: Drizzle
  pool?: Pool
  initializing: Promise<void>
  transactionOptions?: unknown
  sessions: Record<string, { db: unknown; resolve: () => Promise<void>; reject: () => Promise<void> } | undefined>
  payload: { logger: { error(input: unknown): void; warn(input: unknown): void } }
  pg: { Pool: new (options: unknown) => Pool }
  poolOptions: unknown
  disableCreateDatabase?: boolean
  createDatabase(args?: unknown): Promise<boolean>
  connect?: (options?: unknown) => Promise<void>
  beginTransaction(options?: unknown): Promise<string | number | null>
  commitTransaction(id: string | number | Promise<string | number>): Promise<void>
  rollbackTransaction(id: string | number | Promise<string | number>): Promise<void>
  destroy?: () => Promise<void>
}

/**
 * Opens a transaction the way Payload's does (a drizzle transaction held open until commit or
 * rollback), but keeps what COMMIT answered: committing resolves only once PostgreSQL has
 * committed, and rejects with its error when it refused.
 */
async function beginTransaction(this: PostgresAdapterInternals, options?: unknown): Promise<string> {
  await this.initializing
  // One bound for the whole wait: the writers queued on this instance, then the other instances'
  // (the advisory lock). Two bounds of their own would let a write wait twice as long.
  const deadline = Date.now() + DATABASE_BUSY_TIMEOUT_MS
  const release = await writeLockOf(this).acquire(DATABASE_BUSY_TIMEOUT_MS)
  try {
    const leftMs = deadline - Date.now()
    if (leftMs < 1) throw new DatabaseBusyError(`waited ${DATABASE_BUSY_TIMEOUT_MS} ms for another write to finish`)
    return await openTransaction(this, options, release, leftMs)
  } catch (error) {
    release()
    throw error
  }
}

const WRITE_LOCKS = new WeakMap<object, WriteLock>()
const writeLockOf = (adapter: PostgresAdapterInternals): WriteLock => {
  let lock = WRITE_LOCKS.get(adapter)
  if (!lock) WRITE_LOCKS.set(adapter, (lock = new WriteLock()))
  return lock
}

async function openTransaction(adapter: PostgresAdapterInternals, options: unknown, release: () => void, lockTimeoutMs: number): Promise<string> {
  const id = randomUUID()
  let tx: unknown
  let held: Deferred | undefined
  let opened!: () => void
  let failedToOpen!: (error: unknown) => void
  const ready = new Promise<void>((resolve, reject) => {
    opened = resolve
    failedToOpen = reject
  })
  let isOpen = false
  const done = adapter.drizzle
    .transaction(async (transaction) => {
      tx = transaction
      const writer = transaction as Transaction
      // One round trip: the two bounds for this transaction (set_config(…, true) is SET LOCAL), the lock
      // within what is left of the write's bound, then the whole bound for any lock taken after it.
      await writer.execute(
        sql`SELECT set_config('lock_timeout', ${`${Math.ceil(lockTimeoutMs)}ms`}, true), set_config('idle_in_transaction_session_timeout', ${`${IDLE_IN_WRITE_MS}ms`}, true), pg_advisory_xact_lock(${WRITER_LOCK_ID}), set_config('lock_timeout', ${`${DATABASE_BUSY_TIMEOUT_MS}ms`}, true)`,
      )
      await new Promise<void>((resolve, reject) => {
        // The rollback needs no reason: drizzle sends ROLLBACK for any rejection.
        held = { resolve, reject: () => reject(new RolledBack()) }
        isOpen = true
        opened()
      })
    }, options ?? adapter.transactionOptions)
    .then(
      () => null,
      (error: unknown) => {
        if (!isOpen) failedToOpen(error)
        return error instanceof RolledBack ? null : error
      },
    )
    // The next writer may go once this one has committed or rolled back.
    .finally(release)
  await ready
  adapter.sessions[id] = {
    db: tx,
    resolve: async () => {
      held?.resolve()
      const failure = await done
      if (failure) throw failure
    },
    reject: async () => {
      held?.reject()
      await done
    },
  }
  return id
}

class RolledBack extends Error {
  override name = 'RolledBack'
}

async function commitTransaction(this: PostgresAdapterInternals, incoming: string | number | Promise<string | number>): Promise<void> {
  const id = String(await incoming)
  const session = this.sessions[id]
  if (!session) return
  delete this.sessions[id]
  // A refused COMMIT has already rolled back on the server; say so to the caller.
  await session.resolve()
}

/** Every pool the adapter has: the primary's and each read replica's. */
function poolsOf(adapter: PostgresAdapterInternals): Pool[] {
  const pools = new Set<Pool>()
  if (adapter.pool) pools.add(adapter.pool)
  const db = adapter.drizzle
  if (db?.$client) pools.add(db.$client)
  if (db?.$primary?.$client) pools.add(db.$primary.$client)
  for (const replica of db?.$replicas ?? []) if (replica.$client) pools.add(replica.$client)
  return [...pools]
}

/**
 * A pool whose connections may die without ending the process: one that dies idle is logged (pg
 * drops it and opens another when needed); one that dies while checked out fails the query it
 * was running (retried as transient), and its 'error' event, which nobody else listens to on a
 * checked-out connection, is logged here instead of being an uncaught exception.
 */
function watched(adapter: PostgresAdapterInternals, pool: Pool): Pool {
  if (pool.listenerCount('error') > 0) return pool
  const warn = (error: Error) => adapter.payload.logger.warn({ err: error, msg: `A PostgreSQL connection closed (${error.message}); the pool opens a new one when needed.` })
  pool.on('error', warn)
  pool.on('connect', (client) => client.on('error', warn))
  return pool
}

/** host:port and the database of a pool's connection string, without the credentials. */
function addressOf(options: unknown): string {
  try {
    const url = new URL(String((options as { connectionString?: unknown }).connectionString ?? ''))
    return `${url.hostname}:${url.port || '5432'} (database "${decodeURIComponent(url.pathname.slice(1))}")`
  } catch {
    return 'the configured address'
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Opens the primary pool and checks that it reaches the database (creating the database once if it does not exist yet). */
async function openPool(adapter: PostgresAdapterInternals): Promise<Pool> {
  for (let attempt = 1; ; attempt += 1) {
    const pool = watched(adapter, new adapter.pg.Pool(adapter.poolOptions))
    try {
      ;(await pool.connect()).release()
      return pool
    } catch (error) {
      await pool.end().catch(() => undefined)
      if (attempt === 1 && /database .* does not exist/i.test(messageOf(error)) && !adapter.disableCreateDatabase) {
        // Another instance may create it at the same moment: either way, try once more.
        await adapter.createDatabase().catch(() => false)
        continue
      }
      // One line the server prints as it stops: where it tried (never who as, never the password).
      throw new ConfigurationError(`Cannot connect to PostgreSQL at ${addressOf(adapter.poolOptions)}: ${messageOf(error)}`)
    }
  }
}

/** Ends every pool the adapter opened: the primary's and each read replica's. */
async function endPools(adapter: PostgresAdapterInternals): Promise<void> {
  await Promise.all(
    poolsOf(adapter).map(async (pool) => {
      if (pool.ended) return
      // pg's end() waits for every checked-out connection to come back. By now every transaction
      // has ended, so one still out was never given back (Payload's connect keeps one per read
      // replica's pool): return it, or end() would wait forever.
      const idle = new Set((pool._idle ?? []).map((entry) => entry.client))
      for (const client of pool._clients ?? []) if (!idle.has(client)) client.release?.()
      await pool.end().catch(() => undefined)
    }),
  )
  adapter.pool = undefined
}

/** Fits the newsroom's changes (above) into an initialised db-postgres adapter; `beforeDestroy` runs first (closing the search index). */
export function fitPostgresAdapter(adapter: BaseDatabaseAdapter, beforeDestroy: () => Promise<void>): BaseDatabaseAdapter {
  const instance = adapter as unknown as PostgresAdapterInternals
  instance.beginTransaction = beginTransaction
  instance.commitTransaction = commitTransaction
  const connect = instance.connect
  instance.connect = async function connectWithOurPool(this: PostgresAdapterInternals, options?: unknown) {
    if (!this.pool) this.pool = await openPool(this)
    await connect?.call(this, options)
    for (const pool of poolsOf(this)) watched(this, pool)
  }
  const destroy = instance.destroy
  instance.destroy = async function destroyAndEndPools(this: PostgresAdapterInternals) {
    await beforeDestroy()
    const open = Object.keys(this.sessions)
    for (const id of open) await this.rollbackTransaction(id).catch(() => undefined)
    await endPools(this)
    await destroy?.call(this)
  }
  return adapter
}
