/**
 * The database adapter for a DATABASE_URI: SQLite on a local file by default, PostgreSQL for
 * several instances (the tested way past one machine), MongoDB as configured.
 */
import path from 'node:path'

import { mongooseAdapter } from '@payloadcms/db-mongodb'
import { postgresAdapter, type PostgresAdapterArgs } from '@payloadcms/db-postgres'
import { index as pgIndex, type PgColumn } from '@payloadcms/db-postgres/drizzle/pg-core'
import { sqliteAdapter, type SQLiteSchemaHook } from '@payloadcms/db-sqlite'
import { index, type SQLiteColumn } from '@payloadcms/db-sqlite/drizzle/sqlite-core'
import type { BaseDatabaseAdapter, DatabaseAdapterObj } from 'payload'

import { fitPostgresAdapter } from '../database/postgres'
import { NewsroomSqliteClient, SqliteTransaction } from '../database/sqliteClient'
import { DATABASE_BUSY_TIMEOUT_MS } from '../database/transient'
import { migrations as postgresMigrations } from '../migrations/postgres'
import { migrations as sqliteMigrations } from '../migrations/sqlite'
import { closeSearchIndex } from '../search/documents'
import type { DatabaseSetting, SqliteSynchronous } from './environment'

/** The parts of db-sqlite's adapter that the newsroom's client is fitted into. */
type SqliteAdapterInternals = {
  client?: NewsroomSqliteClient
  connect: (options?: unknown) => Promise<void>
  destroy?: () => Promise<void>
  commitTransaction: (id: string | number | Promise<string | number>) => Promise<void>
  /** Payload's open transactions: each holds drizzle's transaction, which holds ours. */
  sessions: Record<string, { db?: { session?: { tx?: unknown } } } | undefined>
}

/**
 * Payload keeps hasMany text fields (an article's CVEs, victims, techniques; an actor's aliases)
 * in `<collection>_texts` tables indexed by (order, parent) only, so reading one document's
 * values scans the whole table: 11 ms per article at 10,000 articles. An index on (parent, path)
 * makes it a lookup.
 */
const indexTextsByParent: SQLiteSchemaHook = ({ schema, extendTable }) => {
  for (const [name, table] of Object.entries(schema.tables)) {
    if (!name.endsWith('_texts')) continue
    extendTable({
      table,
      extraConfig: (columns) => {
        const column = (dbName: string) => Object.values(columns).find((candidate) => (candidate as { name?: string }).name === dbName) as SQLiteColumn
        return { [`${name}_parent_path`]: index(`${name}_parent_path_idx`).on(column('parent_id'), column('path')) }
      },
    })
  }
  return schema
}

type PostgresSchemaHook = NonNullable<PostgresAdapterArgs['afterSchemaInit']>[number]

/** The same index on PostgreSQL, where Payload's hasMany text tables have the same gap. */
const indexPostgresTextsByParent: PostgresSchemaHook = ({ schema, extendTable }) => {
  for (const [name, table] of Object.entries(schema.tables)) {
    if (!name.endsWith('_texts')) continue
    extendTable({
      table,
      extraConfig: (columns) => {
        const column = (dbName: string) => Object.values(columns).find((candidate) => (candidate as { name?: string }).name === dbName) as PgColumn
        return { [`${name}_parent_path`]: pgIndex(`${name}_parent_path_idx`).on(column('parent_id'), column('path')) }
      },
    })
  }
  return schema
}

/** Where each adapter's committed migrations live (one folder each). */
export const MIGRATION_DIRS = { sqlite: path.resolve('src/migrations/sqlite'), postgres: path.resolve('src/migrations/postgres') } as const

/**
 * PostgreSQL: one pool per instance (DATABASE_POOL_MAX), optional read replicas, and the
 * newsroom's transactions (database/postgres.ts): one writer at a time across every instance, so
 * what holds on SQLite holds here.
 */
function postgres(database: Extract<DatabaseSetting, { kind: 'postgres' }>): DatabaseAdapterObj {
  const adapter = postgresAdapter({
    pool: {
      connectionString: database.url,
      max: database.poolMax,
      // A request never waits forever for a connection: past the bound it is answered 503.
      connectionTimeoutMillis: DATABASE_BUSY_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
    },
    ...(database.readReplicas.length > 0 ? { readReplicas: [...database.readReplicas] } : {}),
    idType: 'uuid',
    // READ COMMITTED, PostgreSQL's default: writers take the newsroom's writer lock first (postgres.ts).
    transactionOptions: {},
    migrationDir: MIGRATION_DIRS.postgres,
    afterSchemaInit: [indexPostgresTextsByParent],
    prodMigrations: postgresMigrations,
  })
  return {
    ...adapter,
    init: (args) => fitPostgresAdapter(adapter.init(args) as unknown as BaseDatabaseAdapter, () => closeSearchIndex(args.payload)),
  }
}

export function databaseAdapter(database: DatabaseSetting, sqlite: { synchronous?: SqliteSynchronous } = {}): DatabaseAdapterObj {
  if (database.kind === 'mongodb') {
    return mongooseAdapter({ url: database.url })
  }
  if (database.kind === 'postgres') return postgres(database)
  const adapter = sqliteAdapter({
    client: { url: database.url },
    // String ids, as on MongoDB, so no code can come to rely on numeric ones.
    idType: 'uuid',
    // Transactions are off on SQLite unless asked for: a failed hook must roll back its writes.
    transactionOptions: {},
    migrationDir: MIGRATION_DIRS.sqlite,
    afterSchemaInit: [indexTextsByParent],
    // Production runs the committed migrations at boot, so `npm start` works on a fresh database.
    prodMigrations: sqliteMigrations,
  })
  return {
    ...adapter,
    // db-sqlite opens its own client only when it has none: give it ours (see sqliteClient.ts),
    // which also sets WAL, the synchronous level and the busy handling on both its connections.
    init: (args) => {
      const instance = adapter.init(args) as unknown as SqliteAdapterInternals
      const connect = instance.connect
      instance.connect = async function connectWithNewsroomClient(this: SqliteAdapterInternals, options?: unknown) {
        if (!this.client || this.client.closed) {
          this.client = new NewsroomSqliteClient({
            url: database.url,
            busyTimeoutMs: DATABASE_BUSY_TIMEOUT_MS,
            // WAL lets readers continue while a write is in progress; checkpoints run on a worker thread.
            wal: { journalSizeLimit: 64 * 1024 * 1024, synchronous: sqlite.synchronous ?? 'NORMAL' },
            warn: (message) => args.payload.logger.warn(message),
          })
        }
        return connect.call(this, options)
      }
      // Payload's commit swallows a failed COMMIT (the work is then silently lost): say so instead.
      const commit = instance.commitTransaction
      instance.commitTransaction = async function commitOrThrow(this: SqliteAdapterInternals, id) {
        const key = await id
        const ours = this.sessions[String(key)]?.db?.session?.tx
        await commit.call(this, key)
        if (ours instanceof SqliteTransaction && ours.commitFailure) throw ours.commitFailure
      }
      // Payload's destroy() leaves the adapter's client open; close both connections.
      const destroy = instance.destroy
      instance.destroy = async function destroyAndClose(this: SqliteAdapterInternals) {
        await closeSearchIndex(args.payload)
        await destroy?.call(this)
        await this.client?.shutdown()
      }
      return instance as unknown as BaseDatabaseAdapter
    },
  }
}
