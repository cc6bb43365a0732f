/**
 * The search interface the site talks to, and the one document it indexes per published story.
 * One interface, one implementation per database (sqliteIndex.ts; mongoIndex.ts). Pure types
 * and helpers: no Payload, no Express.
 */
import type { ParsedQuery } from './query'

/** The facets a reader narrows by. */
export const FACETS = ['topic', 'actor', 'sector', 'attackType', 'confidence'] as const
export type Facet = (typeof FACETS)[number]

/** What is searched for one published story. */
export type SearchDocument = {
  readonly id: string
  readonly slug: string
  readonly publishedAt: string
  readonly title: string
  readonly dek: string
  readonly body: string
  readonly attribution: string
  /** Source names and original headlines. */
  readonly sources: string
  /** Threat actors' names and aliases. */
  readonly actors: string
  readonly victims: string
  /** Section and tag names. */
  readonly topics: string
  /** CVE and ATT&CK technique ids (and the techniques' names). */
  readonly ids: string
  /** Facet values: topic and actor slugs, sector and attack-type values, the attribution confidence. */
  readonly facets: { readonly [F in Facet]: ReadonlyArray<string> }
}

export type SearchFilters = {
  readonly [F in Facet]?: string
} & {
  /** Inclusive, ISO dates (YYYY-MM-DD). */
  readonly from?: string
  readonly to?: string
}

export type SearchRequest = {
  /** The reader's words and phrases (query.ts); each index writes them in its own engine's syntax, every term required. */
  readonly query: ParsedQuery
  readonly filters: SearchFilters
  readonly page: number
  readonly pageSize: number
  /** Only stories published by then are ever found. */
  readonly now: Date
}

export type SearchHit = { readonly id: string; readonly slug: string; readonly publishedAt: string; readonly title: string; readonly snippet: string }

export type FacetCount = { readonly value: string; readonly count: number }

export type SearchResults = {
  readonly hits: ReadonlyArray<SearchHit>
  readonly total: number
  readonly page: number
  readonly totalPages: number
  readonly facets: { readonly [F in Facet]: ReadonlyArray<FacetCount> }
}

export interface SearchIndex {
  /** Adds or replaces a story. */
  put(document: SearchDocument): Promise<void>
  /** Removes a story (unpublished, deleted). Removing one that is not there is fine. */
  remove(id: string): Promise<void>
  /** Empties the index (before a rebuild). */
  clear(): Promise<void>
  search(request: SearchRequest): Promise<SearchResults>
  /** Indexed words near `word` (sharing its first two letters), with how many stories hold each: for "did you mean". */
  vocabulary(word: string): Promise<ReadonlyArray<{ readonly term: string; readonly count: number }>>
  /** How many stories are indexed. */
  count(): Promise<number>
  close(): Promise<void>
}

/** The facet values of a date range filter: YYYY-MM-DD, a real date. */
export const DATE_FILTER = /^(\d{4})-(\d{2})-(\d{2})$/

export function validDate(value: string): boolean {
  const match = DATE_FILTER.exec(value)
  if (!match) return false
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return date.getUTCFullYear() === Number(match[1]) && date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3])
}
