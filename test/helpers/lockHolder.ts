/** Another process that takes an SQLite file's write lock (BEGIN IMMEDIATE) and holds it for a while. */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'

export function holdWriteLock(file: string, ms: number, table = 'notes', values = "(body) values ('from the other process')"): Promise<{ released: Promise<void> }> {
  const libsql = createRequire(import.meta.url).resolve('libsql')
  const script = `
    const Database = require(${JSON.stringify(libsql)})
    const db = new Database(${JSON.stringify(file)})
    // The server may be writing at this moment (its job runner, say): wait for the lock rather than fail.
    db.exec('PRAGMA busy_timeout = 10000')
    db.exec('BEGIN IMMEDIATE')
    ${table ? `db.prepare(${JSON.stringify(`insert into ${table} ${values}`)}).run()` : ''}
    process.stdout.write('locked\\n')
    setTimeout(() => { db.exec('COMMIT'); db.close(); process.exit(0) }, ${ms})`
  const child = spawn(process.execPath, ['-e', script])
  const released = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve({ released }))
    child.on('exit', (code) => code !== 0 && reject(new Error(`lock holder exited ${code}: ${errors.trim()}`)))
  })
}

/**
 * Another session holding the database's writer lock for `ms`: SQLite's file lock (above), or on
 * PostgreSQL the advisory lock every newsroom write transaction takes first (database/postgres.ts).
 */
export async function holdDatabase(databaseUri: string, ms: number): Promise<{ released: Promise<void> }> {
  if (databaseUri.startsWith('file:')) return holdWriteLock(databaseUri.slice('file:'.length), ms, '')
  if (!/^postgres(?:ql)?:\/\//.test(databaseUri)) throw new Error(`no way to hold this database's writer lock: ${databaseUri.split(':')[0]}`)
  const { default: pg } = await import('pg')
  const { WRITER_LOCK_ID } = await import('../../src/database/postgres')
  const client = new pg.Client({ connectionString: databaseUri })
  await client.connect()
  await client.query('SELECT pg_advisory_lock($1)', [WRITER_LOCK_ID])
  const released = new Promise<void>((resolve) => setTimeout(resolve, ms)).then(async () => {
    await client.query('SELECT pg_advisory_unlock($1)', [WRITER_LOCK_ID])
    await client.end()
  })
  return { released }
}
