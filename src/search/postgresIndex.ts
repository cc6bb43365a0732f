/**
 * The search index on PostgreSQL: a `newsroom_search` schema of its own in the newsroom's
 * database (Payload's schema push and migrations look at `public` only), reached through the
 * adapter's pool, so every instance on the same database reads and writes the same index.
 *
 * Each story is stored with a weighted tsvector (headline and ids A, actors, dek and victims B,
 * topics, attribution and sources C, body D) built from the same words parseQuery gives
 * (query.ts), so a phrase such as CVE-2024-3400 is matched word by word exactly as it was typed.
 * Every term is required (`&`), a phrase keeps its order (`<->`), the last word also matches as a
 * prefix (`:*`). Ranked by ts_rank, then recency; the page, the total and the facet counts come
 * from one pass over the matches. Snippets are made here (query.ts), and "did you mean" reads the
 * `words` counts kept beside the stories.
 */
import type { Pool, PoolClient } from 'pg'

import { FACETS, type Facet, type FacetCount, type SearchDocument, type SearchIndex, type SearchRequest, type SearchResults } from './model'
import { makeSnippet, searchWords, spellingWords, type ParsedQuery } from './query'

/** Text-search weight per field: PostgreSQL has four (A counts most). */
const WEIGHTS = { title: 'A', ids: 'A', actors: 'B', dek: 'B', victims: 'B', topics: 'C', attribution: 'C', sources: 'C', body: 'D' } as const
type Field = keyof typeof WEIGHTS
const FIELDS = Object.keys(WEIGHTS) as Field[]

const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS newsroom_search;
CREATE TABLE IF NOT EXISTS newsroom_search.stories (
  article text PRIMARY KEY,
  slug text NOT NULL,
  published_at timestamptz NOT NULL,
  ${FIELDS.map((field) => `${field} text NOT NULL`).join(',\n  ')},
  facets text[] NOT NULL,
  words text[] NOT NULL,
  document tsvector NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_document ON newsroom_search.stories USING gin (document);
CREATE INDEX IF NOT EXISTS stories_facets ON newsroom_search.stories USING gin (facets);
CREATE INDEX IF NOT EXISTS stories_published ON newsroom_search.stories (published_at);
CREATE TABLE IF NOT EXISTS newsroom_search.words (term text PRIMARY KEY COLLATE "C", count integer NOT NULL);
`

/** One lock id for creating the schema, so two instances starting at once do not race to create it. */
const SCHEMA_LOCK = 7_361_204_101

/** A facet value as stored: `topic:ransomware`. */
const facetKey = (facet: Facet, value: string): string => `${facet}:${value}`

/** The tsquery text for a parsed query: words only (letters and digits, from parseQuery), so nothing in it is an operator. */
export function tsQuery(query: ParsedQuery): string {
  return query.terms
    .map((term, index) => {
      const phrase = term.join(' <-> ')
      return index === query.terms.length - 1 && term.length === 1 && term[0]!.length >= 3 ? `${phrase}:*` : phrase
    })
    .join(' & ')
}

type StoryRow = { article: string; slug: string; published_at: Date } & Record<Field, string>

export class PostgresSearchIndex implements SearchIndex {
  private ready: Promise<void> | null = null

  constructor(private readonly pool: Pool) {}

  private prepared(): Promise<void> {
    this.ready ??= this.inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK])
      await client.query(SCHEMA)
    }).catch((error: unknown) => {
      this.ready = null
      throw error
    })
    return this.ready
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  /** Adds `by` to each word's count (in one order, so that two writers never deadlock), dropping words no story holds any more. */
  private async countWords(client: PoolClient, words: ReadonlyArray<string>, by: 1 | -1): Promise<void> {
    if (words.length === 0) return
    const sorted = [...words].sort()
    if (by === 1) {
      await client.query(
        'INSERT INTO newsroom_search.words (term, count) SELECT term, 1 FROM unnest($1::text[]) AS term ORDER BY term ON CONFLICT (term) DO UPDATE SET count = newsroom_search.words.count + 1',
        [sorted],
      )
      return
    }
    await client.query('UPDATE newsroom_search.words SET count = count - 1 WHERE term = ANY($1::text[])', [sorted])
    await client.query('DELETE FROM newsroom_search.words WHERE term = ANY($1::text[]) AND count <= 0', [sorted])
  }

  /** Removes a story within `client`'s transaction, giving back its words. */
  private async removeIn(client: PoolClient, id: string): Promise<ReadonlyArray<string>> {
    const { rows } = await client.query<{ words: string[] }>('DELETE FROM newsroom_search.stories WHERE article = $1 RETURNING words', [id])
    return rows[0]?.words ?? []
  }

  async put(document: SearchDocument): Promise<void> {
    await this.prepared()
    const words = spellingWords([document.title, document.dek, document.body, document.actors])
    const facets = FACETS.flatMap((facet) => document.facets[facet].map((value) => facetKey(facet, value)))
    const vector = FIELDS.map((field, index) => `setweight(to_tsvector('english', $${index + 1}), '${WEIGHTS[field]}')`).join(' || ')
    const columns = FIELDS.map((_, index) => `$${index + FIELDS.length + 1}`)
    const base = FIELDS.length * 2
    await this.inTransaction(async (client) => {
      // Two puts of the same story from two instances: one waits for the other's row.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [document.id])
      const before = new Set(await this.removeIn(client, document.id))
      await client.query(
        `INSERT INTO newsroom_search.stories (${FIELDS.join(', ')}, article, slug, published_at, facets, words, document)
         VALUES (${columns.join(', ')}, $${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, ${vector})`,
        [
          ...FIELDS.map((field) => searchWords(document[field]).join(' ')),
          ...FIELDS.map((field) => document[field]),
          document.id,
          document.slug,
          new Date(document.publishedAt),
          facets,
          words,
        ],
      )
      await this.countWords(
        client,
        words.filter((word) => !before.has(word)),
        1,
      )
      await this.countWords(
        client,
        [...before].filter((word) => !words.includes(word)),
        -1,
      )
    })
  }

  async remove(id: string): Promise<void> {
    await this.prepared()
    await this.inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [id])
      await this.countWords(client, await this.removeIn(client, id), -1)
    })
  }

  async clear(): Promise<void> {
    await this.prepared()
    await this.inTransaction(async (client) => {
      await client.query('TRUNCATE newsroom_search.stories, newsroom_search.words')
    })
  }

  async count(): Promise<number> {
    await this.prepared()
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM newsroom_search.stories')
    return Number(rows[0]?.n ?? 0)
  }

  async search(request: SearchRequest): Promise<SearchResults> {
    await this.prepared()
    const conditions = ["document @@ to_tsquery('english', $1)", 'published_at <= $2']
    const args: unknown[] = [tsQuery(request.query), request.now]
    const wanted = FACETS.flatMap((facet) => (request.filters[facet] === undefined ? [] : [facetKey(facet, request.filters[facet]!)]))
    if (wanted.length > 0) {
      args.push(wanted)
      conditions.push(`facets @> $${args.length}::text[]`)
    }
    if (request.filters.from) {
      args.push(`${request.filters.from}T00:00:00.000Z`)
      conditions.push(`published_at >= $${args.length}`)
    }
    if (request.filters.to) {
      args.push(`${request.filters.to}T23:59:59.999Z`)
      conditions.push(`published_at <= $${args.length}`)
    }
    args.push(request.pageSize, (request.page - 1) * request.pageSize)
    const [limit, offset] = [`$${args.length - 1}`, `$${args.length}`]
    // One pass over the matches: the page (with the total beside each row) and the facet counts.
    const { rows } = await this.pool.query<(StoryRow & { kind: 'hit'; count: string }) | { kind: 'facet'; facet: string; count: string } | { kind: 'total'; count: string }>(
      `WITH matches AS MATERIALIZED (
         SELECT article, published_at, facets, ts_rank(document, to_tsquery('english', $1)) AS rank
         FROM newsroom_search.stories WHERE ${conditions.join(' AND ')}
       ),
       page AS (
         SELECT article, row_number() OVER (ORDER BY rank DESC, published_at DESC) AS position FROM matches ORDER BY position LIMIT ${limit} OFFSET ${offset}
       )
       SELECT 'hit' AS kind, s.article, s.slug, s.published_at, ${FIELDS.map((field) => `s.${field}`).join(', ')}, page.position AS count, NULL AS facet
       FROM page JOIN newsroom_search.stories s ON s.article = page.article
       UNION ALL
       SELECT 'facet', NULL, NULL, NULL, ${FIELDS.map(() => 'NULL').join(', ')}, count(*), value
       FROM matches, unnest(matches.facets) AS value GROUP BY value
       UNION ALL
       SELECT 'total', NULL, NULL, NULL, ${FIELDS.map(() => 'NULL').join(', ')}, count(*), NULL FROM matches`,
      args,
    )
    const hits: Array<StoryRow & { count: string }> = []
    const facets = Object.fromEntries(FACETS.map((facet) => [facet, [] as FacetCount[]])) as Record<Facet, FacetCount[]>
    let total = 0
    for (const row of rows) {
      if (row.kind === 'hit') hits.push(row)
      else if (row.kind === 'total') total = Number(row.count)
      else {
        const at = row.facet.indexOf(':')
        const facet = row.facet.slice(0, at) as Facet
        if ((FACETS as readonly string[]).includes(facet)) facets[facet].push({ value: row.facet.slice(at + 1), count: Number(row.count) })
      }
    }
    for (const facet of FACETS) facets[facet].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    // UNION ALL keeps no order: the page's rows carry their place in the ranking.
    hits.sort((a, b) => Number(a.count) - Number(b.count))
    return {
      hits: hits.map((story) => ({
        id: story.article,
        slug: story.slug,
        publishedAt: story.published_at.toISOString(),
        title: story.title,
        snippet: makeSnippet([story.body, story.dek, story.title, story.actors, story.ids], request.query),
      })),
      total,
      page: request.page,
      totalPages: Math.ceil(total / request.pageSize),
      facets,
    }
  }

  async vocabulary(word: string): Promise<ReadonlyArray<{ term: string; count: number }>> {
    await this.prepared()
    const prefix = word.slice(0, 2)
    const { rows } = await this.pool.query<{ term: string; count: number }>('SELECT term, count FROM newsroom_search.words WHERE term >= $1 AND term < $2 LIMIT 5000', [
      prefix,
      `${prefix}\uffff`,
    ])
    return rows.map((row) => ({ term: row.term, count: Number(row.count) }))
  }

  async close(): Promise<void> {
    // The pool is the adapter's: it ends it.
  }
}
