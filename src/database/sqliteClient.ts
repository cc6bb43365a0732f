/**
 * The SQLite client under `@payloadcms/db-sqlite`: the same libsql engine and the same client
 * interface as `@libsql/client`, with connections that come back.
 *
 * `@libsql/client` 0.14 starts every transaction on its current connection, detaches it and
 * opens a new one, and never closes the detached one: one connection (three descriptors and
 * hundreds of KB) leaked per write, and the new connections lack the busy timeout. This client
 * keeps exactly two connections for the life of the process:
 *
 * - a reader, for statements that only read (`SELECT`), outside any transaction;
 * - a writer, for every transaction and every statement that may write.
 *
 * Writers take turns through a FIFO lock (SQLite allows one writer at a time anyway), so a
 * writer never blocks the event loop waiting for the file's lock held by another writer of the
 * same process. Every write runs with the file's lock already taken (BEGIN IMMEDIATE), so no
 * statement is ever stopped halfway by another process's lock. A transaction takes the lock at
 * its first statement, not when it is opened: a caller that opens a transaction and then writes
 * outside it first (Payload's password reset does) does not wait on itself. When another
 * process holds the file's write lock, the writer retries asynchronously with backoff. Every wait
 * is bounded; past the bound the caller gets a DatabaseBusyError, which the newsroom answers with
 * 503 and Retry-After.
 *
 * Prepared statements are cached per connection, so a statement is compiled once, not per call.
 */
import type { Client, InArgs, InStatement, InValue, ResultSet, Row, Transaction, TransactionMode, Value } from '@libsql/client'
import { createRequire } from 'node:module'

import Database from 'libsql'

import { Checkpointer, SAFETY_NET_PAGES } from './checkpointer'
import { backoffMs, DatabaseBusyError } from './transient'
import { WriteLock, type Release } from './writeLock'

export type SqliteClientOptions = {
  /** `file:/absolute/path.db`, or an in-memory `file::memory:` URL. */
  readonly url: string
  /** The longest a statement waits for the write lock (its own process's writers and other processes'), in ms. */
  readonly busyTimeoutMs: number
  /** Write-ahead logging: readers never wait for the writer. Files only. */
  readonly wal?: { readonly journalSizeLimit: number; readonly synchronous: 'FULL' | 'NORMAL' } | false
  /** Prepared statements kept per connection. */
  readonly statementCacheSize?: number
  /** Called when a transaction has held the write lock unusually long. */
  readonly warn?: (message: string) => void
  /** How long a transaction may hold the write lock before `warn` is called, in ms. */
  readonly longTransactionMs?: number
  /** Checkpoint the write-ahead log on a worker thread (checkpointer.ts) rather than inside commits. Default true with WAL. */
  readonly checkpointInBackground?: boolean
}

type Statement = ReturnType<Database.Database['prepare']>
type SqliteFailure = Error & { code?: string; rawCode?: number; libsqlError?: boolean }

/** Statements that cannot write, and so may run on the reader beside an open write transaction. */
const READ_ONLY = /^\s*select\b/i

/**
 * Writes that may run inside a transaction, and so are given one of their own when made outside
 * any (see `execute`). Not PRAGMAs, transaction control or VACUUM, which must run bare.
 */
const WRITES_IN_TRANSACTION = /^\s*(?:insert|update|delete|replace|with|create|drop|alter)\b/i

const isBusy = (error: unknown): boolean => {
  const code = (error as SqliteFailure | null)?.code
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED')
}

class ClientError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message)
  }
}

/** Errors from libsql's native part arrive as plain errors flagged `libsqlError`; give them their code. */
function asSqliteError(error: unknown): unknown {
  const failure = error as SqliteFailure | null
  if (failure && failure.libsqlError && !(failure instanceof Database.SqliteError)) {
    return new Database.SqliteError(failure.message, String(failure.code ?? 'SQLITE_ERROR'), failure.rawCode)
  }
  return error
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER)

function valueFromSql(value: unknown): Value {
  if (typeof value === 'bigint') {
    if (value > MAX_SAFE || value < MIN_SAFE) throw new RangeError('Received integer which cannot be safely represented as a JavaScript number')
    return Number(value)
  }
  if (Buffer.isBuffer(value)) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer
  return value as Value
}

function valueToSql(value: InValue): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments')
    return value
  }
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value instanceof ArrayBuffer) return Buffer.from(value)
  if (value instanceof Date) return value.valueOf()
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database')
  return value
}

function argsToSql(args: InArgs | undefined): unknown[] | Record<string, unknown> {
  if (!args) return []
  if (Array.isArray(args)) return args.map(valueToSql)
  const named: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(args)) named[/^[@$:]/.test(name) ? name.slice(1) : name] = valueToSql(value)
  return named
}

/** A row as `@libsql/client` makes it: values by index (not enumerable), and by column name. */
function rowOf(values: unknown[], columns: string[]): Row {
  const row: Record<string | number, unknown> = {}
  Object.defineProperty(row, 'length', { value: values.length })
  for (let index = 0; index < values.length; index += 1) {
    const value = valueFromSql(values[index])
    Object.defineProperty(row, index, { value })
    const column = columns[index]!
    if (!Object.hasOwn(row, column)) row[column] = value
  }
  return row as unknown as Row
}

class Result implements ResultSet {
  constructor(
    readonly columns: string[],
    readonly columnTypes: string[],
    readonly rows: Row[],
    readonly rowsAffected: number,
    readonly lastInsertRowid: bigint | undefined,
  ) {}

  toJSON() {
    return {
      columns: this.columns,
      columnTypes: this.columnTypes,
      rows: this.rows.map((row) => Array.prototype.map.call(row, (value: unknown) => (typeof value === 'bigint' ? String(value) : value))),
      rowsAffected: this.rowsAffected,
      lastInsertRowid: this.lastInsertRowid === undefined ? null : String(this.lastInsertRowid),
    }
  }
}

type Prepared = { readonly statement: Statement; readonly reader: boolean; readonly columns: string[]; readonly columnTypes: string[] }

/** One libsql connection with its prepared statements. */
class Connection {
  private readonly database: Database.Database
  private readonly statements = new Map<string, Prepared>()

  constructor(
    path: string,
    private readonly cacheSize: number,
  ) {
    this.database = new Database(path)
  }

  get inTransaction(): boolean {
    return this.database.inTransaction
  }

  private prepared(sql: string): Prepared {
    const cached = this.statements.get(sql)
    if (cached) {
      // Least recently used goes first: re-insert on every use.
      this.statements.delete(sql)
      this.statements.set(sql, cached)
      return cached
    }
    let statement: Statement
    try {
      statement = this.database.prepare(sql)
    } catch (error) {
      throw asSqliteError(error)
    }
    statement.safeIntegers(true)
    const reader = statement.reader
    let columns: string[] = []
    let columnTypes: string[] = []
    if (reader) {
      statement.raw(true)
      const definitions = statement.columns()
      columns = definitions.map((column) => column.name)
      columnTypes = definitions.map((column) => column.type ?? '')
    }
    const entry: Prepared = { statement, reader, columns, columnTypes }
    this.statements.set(sql, entry)
    if (this.statements.size > this.cacheSize) {
      const oldest = this.statements.keys().next().value
      if (oldest !== undefined) this.statements.delete(oldest)
    }
    return entry
  }

  run(input: InStatement): ResultSet {
    const sql = typeof input === 'string' ? input : input.sql
    const args = typeof input === 'string' ? [] : argsToSql(input.args)
    const { statement, reader, columns, columnTypes } = this.prepared(sql)
    try {
      if (reader) {
        const rows = (statement.all(args) as unknown[][]).map((values) => rowOf(values, columns))
        return new Result(columns, columnTypes, rows, 0, undefined)
      }
      const info = statement.run(args)
      return new Result([], [], [], Number(info.changes), BigInt(info.lastInsertRowid))
    } catch (error) {
      throw asSqliteError(error)
    }
  }

  exec(sql: string): void {
    try {
      this.database.exec(sql)
    } catch (error) {
      throw asSqliteError(error)
    }
  }

  close(): void {
    // Statements hold the connection open until they are collected: let go of them first.
    this.statements.clear()
    if (this.database.open) this.database.close()
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Runs `attempt` until it stops failing with SQLITE_BUSY (another process holds the lock), or the deadline passes. */
async function untilNotBusy<T>(attempt: () => T, deadline: number, what: string): Promise<T> {
  for (let round = 1; ; round += 1) {
    try {
      return attempt()
    } catch (error) {
      if (!isBusy(error)) throw error
      if (Date.now() >= deadline) throw new DatabaseBusyError(`${what}: another process held the database for too long`)
      await sleep(backoffMs(round))
    }
  }
}

/**
 * `work` in a transaction of its own on the writer: begun once the file's lock is had (within the
 * deadline), committed, or rolled back if anything throws. With BEGIN IMMEDIATE the lock is held
 * before any statement runs: a prepared statement that fails for another process's lock is left
 * half-run by libsql (it has no reset), and every later COMMIT on the connection then fails with
 * "SQL statements in progress", so a lock held past the bound once would stop writes for good.
 */
async function inTransactionOfItsOwn<T>(writer: Connection, deadline: number, begin: 'BEGIN IMMEDIATE' | 'BEGIN DEFERRED', what: string, work: () => T): Promise<T> {
  await untilNotBusy(() => writer.exec(begin), deadline, what)
  try {
    const result = work()
    writer.exec('COMMIT')
    return result
  } finally {
    if (writer.inTransaction) writer.exec('ROLLBACK')
  }
}

export class NewsroomSqliteClient implements Client {
  readonly protocol = 'file'
  closed = false
  private readonly reader: Connection
  private readonly writer: Connection
  private readonly lock = new WriteLock()
  private readonly busyTimeoutMs: number
  private readonly warn: (message: string) => void
  private readonly longTransactionMs: number
  private readonly checkpointer: Checkpointer | null = null

  constructor(options: SqliteClientOptions) {
    if (!options.url.startsWith('file:')) throw new Error('The newsroom SQLite client opens file: URLs only')
    const location = options.url.slice('file:'.length)
    const inMemory = location.startsWith(':memory:') || location === ''
    const path = inMemory ? options.url : location.split('?')[0]!
    const cacheSize = options.statementCacheSize ?? 256
    this.busyTimeoutMs = options.busyTimeoutMs
    this.warn = options.warn ?? ((message) => console.warn(message))
    this.longTransactionMs = options.longTransactionMs ?? 30_000
    this.writer = new Connection(path, cacheSize)
    // An in-memory database exists once per connection: it has only the one.
    this.reader = inMemory ? this.writer : new Connection(path, cacheSize)
    // Waiting happens here, asynchronously and bounded, never inside SQLite on the event loop.
    this.writer.exec('PRAGMA busy_timeout = 0')
    if (this.reader !== this.writer) this.reader.exec('PRAGMA busy_timeout = 0')
    if (options.wal && !inMemory) {
      const mode = this.writer.run('PRAGMA journal_mode').rows[0]?.journal_mode
      if (mode !== 'wal') this.writer.exec('PRAGMA journal_mode = WAL')
      this.writer.exec(`PRAGMA journal_size_limit = ${Math.floor(options.wal.journalSizeLimit)}`)
      for (const connection of new Set([this.writer, this.reader])) connection.exec(`PRAGMA synchronous = ${options.wal.synchronous}`)
      if (options.checkpointInBackground !== false) {
        this.writer.exec(`PRAGMA wal_autocheckpoint = ${SAFETY_NET_PAGES}`)
        this.checkpointer = new Checkpointer({ path, libsql: createRequire(import.meta.url).resolve('libsql'), synchronous: options.wal.synchronous })
      }
    }
  }

  /** Resolves once the background checkpointer (if any) is running. */
  async ready(): Promise<void> {
    await this.checkpointer?.ready
  }

  /** What the client holds, for health checks and tests. */
  stats(): { connections: number; writeLockHeld: boolean; waitingWriters: number } {
    return { connections: this.reader === this.writer ? 1 : 2, writeLockHeld: this.lock.isHeld, waitingWriters: this.lock.waiting }
  }

  private checkOpen(): void {
    if (this.closed) throw new ClientError('The client is closed', 'CLIENT_CLOSED')
  }

  /** The write lock, with a warning if it is held unusually long (a transaction that is never ended). */
  async acquireWriteLock(deadline: number): Promise<Release> {
    const release = await this.lock.acquire(Math.max(1, deadline - Date.now()))
    const watch = setTimeout(
      () => this.warn(`A database write transaction has been open for over ${Math.round(this.longTransactionMs / 1000)} s; other writes are waiting for it.`),
      this.longTransactionMs,
    )
    watch.unref()
    return () => {
      clearTimeout(watch)
      release()
    }
  }

  private lastSlowWarning = 0

  /**
   * A write outside any transaction that waited long for the lock: under heavy load that is the
   * queue, but it is also what a write made outside the request's own transaction (forgetting to
   * pass `req`) looks like — it waits for the lock its own transaction holds. Said at most once a minute.
   */
  private noteSlowWrite(waitedMs: number, sql: string): void {
    if (waitedMs < 2000 || Date.now() - this.lastSlowWarning < 60_000) return
    this.lastSlowWarning = Date.now()
    this.warn(
      `A write outside any transaction waited ${waitedMs} ms for the database (${sql.slice(0, 80)}…). If this is not a heavy load, some code may be writing without its request's transaction (pass req).`,
    )
  }

  /** Runs writes on the writer with the lock held (one statement, a batch or a migration). */
  private async withWriter<T>(work: (writer: Connection, deadline: number) => Promise<T> | T, sql = ''): Promise<T> {
    this.checkOpen()
    const started = Date.now()
    const deadline = started + this.busyTimeoutMs
    const release = await this.acquireWriteLock(deadline)
    this.noteSlowWrite(Date.now() - started, sql)
    try {
      return await work(this.writer, deadline)
    } finally {
      release()
    }
  }

  async execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    this.checkOpen()
    const statement: InStatement = typeof stmtOrSql === 'string' ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql
    const sql = typeof statement === 'string' ? statement : statement.sql
    if (READ_ONLY.test(sql)) return untilNotBusy(() => this.reader.run(statement), Date.now() + this.busyTimeoutMs, 'reading')
    return this.withWriter((writer, deadline) => {
      // Bare only where a transaction cannot hold it (PRAGMAs, transaction control) or one is open already.
      if (writer.inTransaction || !WRITES_IN_TRANSACTION.test(sql)) return untilNotBusy(() => writer.run(statement), deadline, 'writing')
      return inTransactionOfItsOwn(writer, deadline, 'BEGIN IMMEDIATE', 'writing', () => writer.run(statement))
    }, sql)
  }

  async batch(stmts: Array<InStatement>, mode: TransactionMode = 'deferred'): Promise<ResultSet[]> {
    return this.withWriter((writer, deadline) =>
      inTransactionOfItsOwn(writer, deadline, mode === 'read' ? 'BEGIN DEFERRED' : 'BEGIN IMMEDIATE', 'starting a batch', () => stmts.map((stmt) => writer.run(stmt))),
    )
  }

  async migrate(stmts: Array<InStatement>): Promise<ResultSet[]> {
    return this.withWriter(async (writer, deadline) => {
      writer.exec('PRAGMA foreign_keys = off')
      try {
        return await inTransactionOfItsOwn(writer, deadline, 'BEGIN IMMEDIATE', 'starting a migration', () => stmts.map((stmt) => writer.run(stmt)))
      } finally {
        writer.exec('PRAGMA foreign_keys = on')
      }
    })
  }

  async executeMultiple(sql: string): Promise<void> {
    return this.withWriter(async (writer, deadline) => {
      try {
        await untilNotBusy(() => writer.exec(sql), deadline, 'writing')
      } finally {
        if (writer.inTransaction) writer.exec('ROLLBACK')
      }
    })
  }

  /** A transaction on the writer. It takes the write lock at its first statement (see the file's comment). */
  async transaction(mode: TransactionMode = 'write'): Promise<Transaction> {
    this.checkOpen()
    return new SqliteTransaction(this, this.writer, mode, this.busyTimeoutMs)
  }

  async sync(): Promise<never> {
    throw new ClientError('sync() is only for embedded replicas, which the newsroom does not use', 'SYNC_NOT_SUPPORTED')
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    void this.checkpointer?.stop()
    this.writer.close()
    this.reader.close()
  }

  /** Stops the checkpointer, then closes both connections. */
  async shutdown(): Promise<void> {
    await this.checkpointer?.stop()
    this.close()
  }
}

type TransactionState = 'idle' | 'open' | 'ended'

export class SqliteTransaction implements Transaction {
  private state: TransactionState = 'idle'
  private beginning: Promise<void> | null = null
  private release: Release | null = null

  constructor(
    private readonly client: NewsroomSqliteClient,
    private readonly writer: Connection,
    private readonly mode: TransactionMode,
    private readonly busyTimeoutMs: number,
  ) {}

  get closed(): boolean {
    return this.state === 'ended'
  }

  private begin(): Promise<void> {
    this.beginning ??= (async () => {
      const deadline = Date.now() + this.busyTimeoutMs
      const release = await this.client.acquireWriteLock(deadline)
      try {
        // IMMEDIATE takes the file's write lock now, so the transaction can never fail later
        // because another connection wrote in between (SQLITE_BUSY_SNAPSHOT).
        await untilNotBusy(() => this.writer.exec(this.mode === 'read' ? 'BEGIN DEFERRED' : 'BEGIN IMMEDIATE'), deadline, 'starting a transaction')
      } catch (error) {
        release()
        this.state = 'ended'
        throw error
      }
      if (this.state === 'ended') {
        // Ended while waiting for the lock: nothing to keep.
        this.writer.exec('ROLLBACK')
        release()
        return
      }
      this.release = release
      this.state = 'open'
    })()
    return this.beginning
  }

  private async ready(): Promise<void> {
    if (this.state === 'ended') throw new ClientError('The transaction is closed', 'TRANSACTION_CLOSED')
    if (this.state === 'idle') await this.begin()
    if (this.state !== 'open') throw new ClientError('The transaction is closed', 'TRANSACTION_CLOSED')
  }

  async execute(stmt: InStatement): Promise<ResultSet> {
    await this.ready()
    return this.writer.run(stmt)
  }

  async batch(stmts: Array<InStatement>): Promise<ResultSet[]> {
    await this.ready()
    return stmts.map((stmt) => this.writer.run(stmt))
  }

  async executeMultiple(sql: string): Promise<void> {
    await this.ready()
    this.writer.exec(sql)
  }

  /** Why the commit failed, when it did: the caller above may swallow the error, and must be able to ask. */
  commitFailure: unknown = null

  private end(sql: 'COMMIT' | 'ROLLBACK'): void {
    const release = this.release
    this.release = null
    this.state = 'ended'
    try {
      if (this.writer.inTransaction) this.writer.exec(sql)
    } catch (error) {
      if (sql === 'COMMIT') this.commitFailure = error
      if (this.writer.inTransaction) this.writer.exec('ROLLBACK')
      throw error
    } finally {
      release?.()
    }
  }

  async commit(): Promise<void> {
    if (this.beginning) await this.beginning.catch(() => undefined)
    if (this.state === 'ended') throw new ClientError('The transaction is closed', 'TRANSACTION_CLOSED')
    if (this.state === 'idle') {
      // Nothing was ever run in it: there is nothing to commit and no lock to give back.
      this.state = 'ended'
      return
    }
    this.end('COMMIT')
  }

  async rollback(): Promise<void> {
    if (this.beginning) await this.beginning.catch(() => undefined)
    if (this.state === 'open') this.end('ROLLBACK')
    else this.state = 'ended'
  }

  close(): void {
    if (this.state === 'open') this.end('ROLLBACK')
    else this.state = 'ended'
  }
}
