/**
 * The database a test uses: a temporary SQLite file by default; with
 * TEST_DATABASE_URI=postgres://… (or mongodb://…) a fresh database per test file or server on
 * that server, so the whole suite runs against PostgreSQL (or MongoDB) where one exists.
 */
import { randomUUID } from 'node:crypto'
import path from 'node:path'

import pg from 'pg'

const POSTGRES = /^postgres(?:ql)?:\/\//

/** Which engine the suite runs on: TEST_DATABASE_URI's, or SQLite. */
export function testEngine(): 'sqlite' | 'postgres' | 'mongodb' {
  const uri = process.env.TEST_DATABASE_URI?.trim() ?? ''
  if (POSTGRES.test(uri)) return 'postgres'
  if (uri.startsWith('mongodb')) return 'mongodb'
  return 'sqlite'
}

export function testDatabaseUri(dir: string): string {
  const uri = process.env.TEST_DATABASE_URI?.trim()
  if (uri && (uri.startsWith('mongodb') || POSTGRES.test(uri))) {
    const url = new URL(uri)
    // PostgreSQL's adapter creates the database on first connect; MongoDB creates it on first write.
    url.pathname = `/newsroom_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`
    return url.toString()
  }
  return `file:${path.join(dir, 'newsroom.db')}`
}

/** Drops a PostgreSQL test database made by testDatabaseUri (after everything using it has closed). Other engines: nothing to do. */
export async function dropTestDatabase(uri: string): Promise<void> {
  if (!POSTGRES.test(uri)) return
  const url = new URL(uri)
  const name = url.pathname.slice(1)
  if (!/^newsroom_test_[0-9a-f]{12}$/.test(name)) throw new Error(`refusing to drop a database not made by the tests: ${name}`)
  url.pathname = '/postgres'
  const client = new pg.Client({ connectionString: url.toString() })
  await client.connect()
  try {
    // Plainly first: an autovacuum worker still on it is stopped by PostgreSQL itself (FORCE would
    // try to end it as a session, which only a superuser may). Sessions still on it (a server
    // killed mid-test) are ended with FORCE.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}"${attempt % 2 === 0 ? ' WITH (FORCE)' : ''}`)
        return
      } catch (error) {
        if (attempt >= 10) throw error
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    }
  } finally {
    await client.end()
  }
}
