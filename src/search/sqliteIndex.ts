/**
 * The search index on SQLite: an FTS5 table in a file of its own beside the database
 * (`newsroom.db` → `newsroom.search.db`), so Payload's schema and migrations never see it.
 * Ranked by BM25 with the headline weighted most, then by recency; facets counted over the
 * matching stories in the same query. Every instance on the same database file opens the same
 * index file (WAL, busy timeout), so they agree.
 */
import Database from 'libsql'

import { FACETS, type Facet, type FacetCount, type SearchDocument, type SearchIndex, type SearchRequest, type SearchResults } from './model'
import { ftsExpression, MARK_END, MARK_START } from './query'

/** The index file for a database file URL; in memory for an in-memory database. */
export function searchIndexPath(databaseUrl: string): string {
  const file = databaseUrl.replace(/^file:/, '').split('?')[0]!
  if (file === '' || file === ':memory:' || file.startsWith(':memory:')) return ':memory:'
  return file.endsWith('.db') ? `${file.slice(0, -3)}.search.db` : `${file}.search`
}

/** Column weights for BM25, in the table's column order: the headline counts most, then ids and actors. */
const COLUMNS = ['title', 'dek', 'body', 'attribution', 'sources', 'actors', 'victims', 'topics', 'ids'] as const
const WEIGHTS = [10, 4, 1, 2, 2, 6, 4, 3, 8]

const SCHEMA = `
CREATE VIRTUAL TABLE IF NOT EXISTS stories USING fts5(${COLUMNS.join(', ')}, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS entries (rowid INTEGER PRIMARY KEY, article TEXT NOT NULL UNIQUE, slug TEXT NOT NULL, published_at TEXT NOT NULL, title TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entries_published ON entries (published_at);
CREATE TABLE IF NOT EXISTS facets (entry INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (entry, facet, value)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS facets_value ON facets (facet, value, entry);
CREATE VIRTUAL TABLE IF NOT EXISTS spelling USING fts5(words, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE IF NOT EXISTS spelling_vocabulary USING fts5vocab(spelling, 'row');
`

type Row = Record<string, unknown>

export class SqliteSearchIndex implements SearchIndex {
  private readonly db: Database.Database

  constructor(file: string) {
    this.db = new Database(file)
    if (file !== ':memory:') {
      this.db.exec('PRAGMA journal_mode = WAL')
      this.db.exec('PRAGMA synchronous = NORMAL')
    }
    this.db.exec('PRAGMA busy_timeout = 5000')
    this.db.exec(SCHEMA)
  }

  private write(work: () => void): void {
    this.writes++
    this.db.exec('BEGIN IMMEDIATE')
    try {
      work()
      this.db.exec('COMMIT')
    } catch (error) {
      this.db.exec('ROLLBACK')
      throw error
    }
  }

  private removeNow(id: string): void {
    const entry = this.db.prepare('SELECT rowid FROM entries WHERE article = ?').get(id) as Row | undefined
    if (!entry) return
    const rowid = Number(entry.rowid)
    this.db.prepare('DELETE FROM stories WHERE rowid = ?').run(rowid)
    this.db.prepare('DELETE FROM spelling WHERE rowid = ?').run(rowid)
    this.db.prepare('DELETE FROM facets WHERE entry = ?').run(rowid)
    this.db.prepare('DELETE FROM entries WHERE rowid = ?').run(rowid)
  }

  async put(document: SearchDocument): Promise<void> {
    this.write(() => {
      this.removeNow(document.id)
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO entries (article, slug, published_at, title) VALUES (?, ?, ?, ?)')
        .run(document.id, document.slug, new Date(document.publishedAt).toISOString(), document.title)
      const rowid = Number(lastInsertRowid)
      this.db
        .prepare(`INSERT INTO stories (rowid, ${COLUMNS.join(', ')}) VALUES (?, ${COLUMNS.map(() => '?').join(', ')})`)
        .run(rowid, ...COLUMNS.map((column) => document[column]))
      this.db.prepare('INSERT INTO spelling (rowid, words) VALUES (?, ?)').run(rowid, [document.title, document.dek, document.body, document.actors].join(' '))
      const facet = this.db.prepare('INSERT OR IGNORE INTO facets (entry, facet, value) VALUES (?, ?, ?)')
      for (const name of FACETS) for (const value of document.facets[name]) facet.run(rowid, name, value)
    })
  }

  async remove(id: string): Promise<void> {
    this.write(() => this.removeNow(id))
  }

  async clear(): Promise<void> {
    this.write(() => {
      for (const table of ['stories', 'spelling', 'facets', 'entries']) this.db.exec(`DELETE FROM ${table}`)
    })
  }

  async count(): Promise<number> {
    return Number((this.db.prepare('SELECT count(*) AS n FROM entries').get() as Row).n)
  }

  async search(request: SearchRequest): Promise<SearchResults> {
    // The stories that match and may be shown: published by now, inside the filters.
    const conditions = ['stories MATCH ?', 'e.published_at <= ?']
    const args: unknown[] = [ftsExpression(request.query, { prefixLast: true }), request.now.toISOString()]
    for (const name of FACETS) {
      const value = request.filters[name]
      if (value === undefined) continue
      conditions.push('EXISTS (SELECT 1 FROM facets f WHERE f.entry = e.rowid AND f.facet = ? AND f.value = ?)')
      args.push(name, value)
    }
    if (request.filters.from) {
      conditions.push('e.published_at >= ?')
      args.push(`${request.filters.from}T00:00:00.000Z`)
    }
    if (request.filters.to) {
      conditions.push('e.published_at <= ?')
      args.push(`${request.filters.to}T23:59:59.999Z`)
    }
    // One pass of the full-text match: every matching story's place in the ranking (BM25, the headline
    // weighted most, then the newest). The page, the total and the facets all come from it.
    const ranked = this.db
      .prepare(
        `SELECT e.rowid AS id FROM stories JOIN entries e ON e.rowid = stories.rowid WHERE ${conditions.join(' AND ')} ORDER BY bm25(stories, ${WEIGHTS.join(', ')}), e.published_at DESC`,
      )
      .raw(true)
      .all(...args) as unknown as Array<[number]>
    const total = ranked.length
    const offset = (request.page - 1) * request.pageSize
    const pageIds = ranked.slice(offset, offset + request.pageSize).map((row) => row[0])
    const rows = pageIds.length
      ? (this.db
          .prepare(
            `SELECT e.rowid AS id, e.article, e.slug, e.published_at, e.title, snippet(stories, -1, '${MARK_START}', '${MARK_END}', '…', 28) AS snippet
             FROM stories JOIN entries e ON e.rowid = stories.rowid WHERE stories MATCH ? AND stories.rowid IN (SELECT value FROM json_each(?))`,
          )
          .all(args[0], JSON.stringify(pageIds)) as Row[])
      : []
    const byId = new Map(rows.map((row) => [Number(row.id), row]))
    const facets = this.countFacets(ranked.map((row) => row[0]))
    return {
      hits: pageIds.flatMap((id) => {
        const row = byId.get(id)
        return row ? [{ id: String(row.article), slug: String(row.slug), publishedAt: String(row.published_at), title: String(row.title), snippet: String(row.snippet ?? '') }] : []
      }),
      total,
      page: request.page,
      totalPages: Math.ceil(total / request.pageSize),
      facets,
    }
  }

  /**
   * Each story's facet values, kept in memory as numbers: counting them over ten thousand matches
   * in SQL took 50 ms, in memory it takes one. Reloaded when the index changes, through this
   * connection or another process's (SQLite's data_version says so).
   */
  private facetTable: { key: string; pairs: Array<{ facet: Facet; value: string }>; byEntry: Map<number, Int32Array> } | null = null
  private writes = 0

  private facetsNow(): NonNullable<SqliteSearchIndex['facetTable']> {
    const key = `${Number((this.db.prepare('PRAGMA data_version').get() as Row).data_version)}:${this.writes}`
    if (this.facetTable?.key === key) return this.facetTable
    const pairs: Array<{ facet: Facet; value: string }> = []
    const numbers = new Map<string, number>()
    const lists = new Map<number, number[]>()
    for (const [entry, facet, value] of this.db.prepare('SELECT entry, facet, value FROM facets').raw(true).all() as unknown as Array<[number, Facet, string]>) {
      const name = `${facet}\u0000${value}`
      let number = numbers.get(name)
      if (number === undefined) {
        number = pairs.push({ facet, value }) - 1
        numbers.set(name, number)
      }
      const list = lists.get(entry)
      if (list) list.push(number)
      else lists.set(entry, [number])
    }
    this.facetTable = { key, pairs, byEntry: new Map([...lists].map(([entry, list]) => [entry, Int32Array.from(list)])) }
    return this.facetTable
  }

  private countFacets(entries: ReadonlyArray<number>): Record<Facet, FacetCount[]> {
    const table = this.facetsNow()
    const counts = new Int32Array(table.pairs.length)
    for (const entry of entries) {
      const list = table.byEntry.get(entry)
      if (list) for (const number of list) counts[number]!++
    }
    const facets = Object.fromEntries(FACETS.map((name) => [name, [] as FacetCount[]])) as Record<Facet, FacetCount[]>
    counts.forEach((count, number) => {
      if (count > 0) facets[table.pairs[number]!.facet].push({ value: table.pairs[number]!.value, count })
    })
    for (const name of FACETS) facets[name].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    return facets
  }

  async vocabulary(word: string): Promise<ReadonlyArray<{ term: string; count: number }>> {
    const prefix = word.slice(0, 2)
    const rows = this.db.prepare('SELECT term, doc FROM spelling_vocabulary WHERE term >= ? AND term < ? LIMIT 5000').all(prefix, `${prefix}\uffff`) as Row[]
    return rows.map((row) => ({ term: String(row.term), count: Number(row.doc) }))
  }

  async close(): Promise<void> {
    this.db.close()
  }
}
