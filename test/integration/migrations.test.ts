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

/** The committed migrations of the engine this run uses: SQLite's or PostgreSQL's folder (MongoDB has no schema migrations). */
test('the committed migrations of this run’s engine match the schema the config builds', async () => {
  const engine = newsroom.payload.db.name
  if (engine === 'mongoose') return
  expect(['sqlite', 'postgres']).toContain(engine)
  const dir = path.resolve('src/migrations', engine)
  const latest = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .pop()
  expect(latest).toBeDefined()
  const db = newsroom.payload.db as unknown as { requireDrizzleKit(): DrizzleKit; schema: unknown; migrationDir: string }
  expect(db.migrationDir).toBe(dir)
  const kit = db.requireDrizzleKit()
  const statements = await kit.generateMigration(JSON.parse(readFileSync(path.join(dir, latest!), 'utf8')), await kit.generateDrizzleJson(db.schema))
  expect(statements).toEqual([])
})

test('every migration folder is listed in its index, in order, and production boots from it', async () => {
  for (const engine of ['sqlite', 'postgres'] as const) {
    const dir = path.resolve('src/migrations', engine)
    const files = readdirSync(dir)
      .filter((file) => /^\d{8}_\d{6}_.+\.ts$/.test(file))
      .map((file) => file.slice(0, -3))
      .sort()
    const { migrations } = (await import(`../../src/migrations/${engine}/index.ts`)) as { migrations: Array<{ name: string }> }
    expect({ engine, names: migrations.map((migration) => migration.name) }).toEqual({ engine, names: files })
  }
})

test('the comment-threads migration places existing comments: each reply in its top-level thread, replies under unpublished parents at the top level', async () => {
  if (!onSqlite()) return
  const { mkdtemp, rm } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const { createClient } = await import('@libsql/client')
  const { drizzle } = await import('drizzle-orm/libsql')
  const { sql } = await import('drizzle-orm')
  const { migrations } = await import('../../src/migrations/sqlite')
  const dir = await mkdtemp(path.join(tmpdir(), 'newsroom-migration-'))
  const client = createClient({ url: `file:${path.join(dir, 'old.db')}` })
  try {
    const db = drizzle(client)
    const at = migrations.findIndex((migration) => migration.name.endsWith('_comment_threads'))
    expect(at).toBeGreaterThan(0)
    const args = { db, payload: newsroom.payload, req: {} } as never
    for (const migration of migrations.slice(0, at)) await migration.up(args)
    const now = new Date().toISOString()
    await db.run(sql`INSERT INTO articles (id, title, slug, comments, comment_count, updated_at, created_at) VALUES ('a1', 'Story', 'story', 'open', 5, ${now}, ${now})`)
    // root ← reply ← deeper; a trashed root ← orphan; another root.
    const rows: Array<[string, string | null, string]> = [
      ['root', null, 'approved'],
      ['reply', 'root', 'approved'],
      ['deeper', 'reply', 'approved'],
      ['trashed', null, 'trash'],
      ['orphan', 'trashed', 'approved'],
      ['second', null, 'approved'],
    ]
    for (const [id, parent, status] of rows)
      await db.run(
        sql`INSERT INTO comments (id, article_id, parent_id, author_kind, author_name, body, status, updated_at, created_at) VALUES (${id}, 'a1', ${parent}, 'guest', 'Reader', 'Text', ${status}, ${now}, ${now})`,
      )
    await migrations[at]!.up(args)
    const placed = (await client.execute('SELECT id, thread_id, starts_thread FROM comments ORDER BY id')).rows.map((row) => [row.id, row.thread_id, Number(row.starts_thread)])
    expect(placed).toEqual([
      ['deeper', 'root', 0],
      ['orphan', 'trashed', 1],
      ['reply', 'root', 0],
      ['root', null, 1],
      ['second', null, 1],
      ['trashed', null, 1],
    ])
    expect(Number((await client.execute(`SELECT thread_count FROM articles WHERE id = 'a1'`)).rows[0]!.thread_count)).toBe(3)
  } finally {
    client.close()
    await rm(dir, { recursive: true, force: true })
  }
})
