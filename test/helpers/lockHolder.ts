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
