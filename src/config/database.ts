/** The database adapter for a DATABASE_URI: SQLite on a local file by default, MongoDB for production at scale. */
import path from 'node:path'

import { mongooseAdapter } from '@payloadcms/db-mongodb'
import { sqliteAdapter } from '@payloadcms/db-sqlite'
import type { DatabaseAdapterObj } from 'payload'

import { migrations } from '../migrations'
import type { DatabaseSetting } from './environment'

export function databaseAdapter(database: DatabaseSetting): DatabaseAdapterObj {
  if (database.kind === 'mongodb') {
    return mongooseAdapter({ url: database.url })
  }
  return sqliteAdapter({
    client: { url: database.url },
    // String ids, as on MongoDB, so no code can come to rely on numeric ones.
    idType: 'uuid',
    // Transactions are off on SQLite unless asked for: a failed hook must roll back its writes.
    transactionOptions: {},
    // WAL lets readers continue while a write is in progress; busyTimeout waits out short locks.
    wal: true,
    busyTimeout: 5000,
    migrationDir: path.resolve('src/migrations'),
    // Production runs the committed migrations at boot, so `npm start` works on a fresh database.
    prodMigrations: migrations,
  })
}
