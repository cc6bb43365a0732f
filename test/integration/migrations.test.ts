/**
 * Production boots from the committed migrations, so they must describe exactly the schema
 * the config builds. When this fails: `npm run payload migrate:create <name>` and commit it.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { bootNewsroom, type TestNewsroom } from '../helpers/newsroom'

let newsroom: TestNewsroom
beforeAll(async () => {
  newsroom = await bootNewsroom()
})
afterAll(() => newsroom?.close())

type DrizzleKit = {
  generateDrizzleJson(schema: unknown): Promise<unknown>
  generateMigration(before: unknown, after: unknown): Promise<string[]>
}

const onSqlite = () => newsroom.payload.db.name === 'sqlite'

test('the committed SQLite migrations match the schema (MongoDB needs no schema migrations)', async () => {
  if (!onSqlite()) {
    expect(newsroom.payload.db.name).toBe('mongoose')
    return
  }
  const dir = path.resolve('src/migrations')
  const latest = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .pop()
  expect(latest).toBeDefined()
  const db = newsroom.payload.db as unknown as { requireDrizzleKit(): DrizzleKit; schema: unknown }
  const kit = db.requireDrizzleKit()
  const statements = await kit.generateMigration(JSON.parse(readFileSync(path.join(dir, latest!), 'utf8')), await kit.generateDrizzleJson(db.schema))
  expect(statements).toEqual([])
})
