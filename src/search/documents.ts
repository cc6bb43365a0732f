/**
 * The search index as Payload sees it: which index belongs to this Payload instance, what is
 * indexed for a story (its published version, with the names of its actors, topics and
 * sources), keeping a story's entry current, and rebuilding the whole index.
 */
import type { Db } from 'mongodb'
import type { Pool } from 'pg'
import type { Payload, Where } from 'payload'

import { attackTechnique } from '../editorial/attack'
import { effectiveAttribution } from '../editorial/publishRules'
import { plainText } from '../editorial/richText'
import { COLLECTION_SLUGS } from '../types'
import type { SearchDocument, SearchIndex } from './model'
import { MongoSearchIndex } from './mongoIndex'
import { PostgresSearchIndex } from './postgresIndex'
import { searchIndexPath, SqliteSearchIndex } from './sqliteIndex'

type Doc = Record<string, unknown> & { id: string | number }

const INDEX = Symbol.for('payload-security-newsroom.searchIndex')
type Holder = { [INDEX]?: SearchIndex | null }

/** The adapter parts that say where the database is: SQLite's file, MongoDB's connection. */
type AdapterParts = { readonly name?: string; readonly clientConfig?: { readonly url?: string }; readonly connection?: { readonly db?: Db }; readonly pool?: Pool }

/**
 * This Payload instance's search index, opened on first use and shared by everything in the
 * process that holds the same instance (the site, the admin's hooks). Null on a database with no
 * index implementation here.
 */
export function searchIndexOf(payload: Payload): SearchIndex | null {
  const holder = payload as unknown as Holder
  if (holder[INDEX] !== undefined) return holder[INDEX]
  const adapter = payload.db as unknown as AdapterParts
  const url = adapter.clientConfig?.url
  const mongo = adapter.connection?.db
  holder[INDEX] =
    adapter.name === 'sqlite' && url
      ? new SqliteSearchIndex(searchIndexPath(url))
      : adapter.name === 'postgres' && adapter.pool
        ? new PostgresSearchIndex(adapter.pool)
        : adapter.name === 'mongoose' && mongo
          ? new MongoSearchIndex(mongo)
          : null
  return holder[INDEX]
}

/** Closes the index with the database (payload.destroy). */
export async function closeSearchIndex(payload: Payload): Promise<void> {
  const holder = payload as unknown as Holder
  const index = holder[INDEX]
  holder[INDEX] = undefined
  await index?.close()
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '')
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [])
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])

/** A related document as the index needs it: populated, or looked up by its id. */
type Named = { readonly name: string; readonly slug?: string; readonly aliases?: ReadonlyArray<string>; readonly attributionTemplate?: string | null }
export type Lookups = { readonly [collection: string]: ReadonlyMap<string, Named> }

function named(value: unknown, collection: string, lookups: Lookups): Named | null {
  if (value && typeof value === 'object' && 'id' in value) {
    const doc = value as Record<string, unknown>
    return {
      name: str(doc.name),
      slug: str(doc.slug),
      aliases: strings(doc.aliases),
      attributionTemplate: typeof doc.attributionTemplate === 'string' ? doc.attributionTemplate : null,
    }
  }
  return typeof value === 'string' || typeof value === 'number' ? (lookups[collection]?.get(String(value)) ?? null) : null
}

/** What is searched for a story: read at depth 1, or at depth 0 with `lookups` naming its actors, topics and sources. */
export function searchDocument(doc: Doc, lookups: Lookups = {}): SearchDocument {
  const incident = (doc.incident ?? {}) as Record<string, unknown>
  const actors = list(incident.threatActors).flatMap((value) => named(value, COLLECTION_SLUGS.threatActors, lookups) ?? [])
  const topics = [doc.section, ...list(doc.tags)].flatMap((value) => named(value, COLLECTION_SLUGS.topics, lookups) ?? [])
  const rows = list(doc.adaptedFrom) as Array<Record<string, unknown>>
  const sources = rows.map((row) => named(row.source, COLLECTION_SLUGS.sources, lookups))
  // The attribution line is computed on every read; read at the adapter, it is computed here the same way.
  const attribution =
    str(doc.attributionLine) ||
    effectiveAttribution({
      adaptedFrom: sources.map((source) => ({ source: source ? { name: source.name, attributionTemplate: source.attributionTemplate ?? null } : null })),
      attributionOverride: str(doc.attributionOverride) || null,
    })
  const techniques = strings(incident.attackTechniques)
  return {
    id: String(doc.id),
    slug: str(doc.slug),
    publishedAt: str(doc.publishedAt) || new Date().toISOString(),
    title: str(doc.title),
    dek: str(doc.dek),
    body: plainText(doc.body),
    attribution,
    sources: rows
      .flatMap((row, index) => [sources[index]?.name ?? '', str(row.originalHeadline)])
      .filter(Boolean)
      .join(' · '),
    actors: actors.flatMap((actor) => [actor.name, ...(actor.aliases ?? [])]).join(' · '),
    victims: strings(incident.victims).join(' · '),
    topics: topics.map((topic) => topic.name).join(' · '),
    ids: [...strings(incident.cves), ...techniques.flatMap((id) => [id, attackTechnique(id)?.name ?? ''])].filter(Boolean).join(' · '),
    facets: {
      topic: topics.flatMap((topic) => (topic.slug ? [topic.slug] : [])),
      actor: actors.flatMap((actor) => (actor.slug ? [actor.slug] : [])),
      sector: strings(incident.sectors),
      attackType: strings(incident.attackTypes),
      confidence: incident.attributionConfidence ? [str(incident.attributionConfidence)] : [],
    },
  }
}

/** Makes a story's entry match its published version: indexed when published (its time may be still to come), gone otherwise. */
export async function reindexStory(payload: Payload, id: string | number): Promise<void> {
  const index = searchIndexOf(payload)
  if (!index) return
  const doc = (await payload.findByID({ collection: COLLECTION_SLUGS.articles, id, depth: 1, draft: false, overrideAccess: true, disableErrors: true })) as Doc | null
  if (doc && doc._status === 'published') await index.put(searchDocument(doc))
  else await index.remove(String(id))
}

/** The stories that name a threat actor, topic or source: their entries hold its name. */
export async function storiesNaming(payload: Payload, collection: string, id: string | number): Promise<Array<string | number>> {
  const where: Where =
    collection === COLLECTION_SLUGS.threatActors
      ? { 'incident.threatActors': { in: [id] } }
      : collection === COLLECTION_SLUGS.topics
        ? { or: [{ section: { equals: id } }, { tags: { in: [id] } }] }
        : { 'adaptedFrom.source': { in: [id] } }
  const { docs: found } = await payload.find({ collection: COLLECTION_SLUGS.articles, where, limit: 0, pagination: false, depth: 0, overrideAccess: true, select: {} })
  return found.map((doc) => doc.id)
}

/** Every threat actor, topic and source by id: few, and what a story read at the adapter names. */
async function allNames(payload: Payload): Promise<Lookups> {
  const read = async (collection: string, select: Record<string, true>) => {
    const { docs: found } = await payload.find({ collection, limit: 0, pagination: false, depth: 0, overrideAccess: true, select })
    return new Map(
      (found as Doc[]).map((doc) => [
        String(doc.id),
        { name: str(doc.name), slug: str(doc.slug), aliases: strings(doc.aliases), attributionTemplate: str(doc.attributionTemplate) || null },
      ]),
    )
  }
  return {
    [COLLECTION_SLUGS.threatActors]: await read(COLLECTION_SLUGS.threatActors, { name: true, slug: true, aliases: true }),
    [COLLECTION_SLUGS.topics]: await read(COLLECTION_SLUGS.topics, { name: true, slug: true }),
    [COLLECTION_SLUGS.sources]: await read(COLLECTION_SLUGS.sources, { name: true, attributionTemplate: true }),
  }
}

/** The fields a story's entry is made of. */
const INDEXED: Record<string, true> = {
  title: true,
  slug: true,
  dek: true,
  body: true,
  publishedAt: true,
  attributionOverride: true,
  adaptedFrom: true,
  section: true,
  tags: true,
  incident: true,
}

/**
 * Empties the index and indexes every published story again. Stories are read at the adapter in
 * pages that follow their ids (no OFFSET, so each page costs the same), with the names of their
 * actors, topics and sources looked up once for all.
 */
export async function rebuildSearchIndex(payload: Payload, progress: (done: number, total: number) => void = () => {}): Promise<number> {
  const index = searchIndexOf(payload)
  if (!index) throw new Error('This database has no search index here.')
  await index.clear()
  const published: Where = { _status: { equals: 'published' } }
  const total = (await payload.count({ collection: COLLECTION_SLUGS.articles, where: published, overrideAccess: true })).totalDocs
  const lookups = await allNames(payload)
  let done = 0
  let after: string | number | null = null
  progress(done, total)
  for (;;) {
    const where: Where = after === null ? published : { and: [published, { id: { greater_than: after } }] }
    const page = await payload.db.find({ collection: COLLECTION_SLUGS.articles, where, sort: 'id', limit: 250, pagination: false, select: INDEXED })
    const found = page.docs as Doc[]
    for (const doc of found) await index.put(searchDocument(doc, lookups))
    done += found.length
    progress(done, total)
    if (found.length < 250) break
    after = found[found.length - 1]!.id
  }
  return done
}

/**
 * At startup: an index that is empty while stories are published (a database from before search,
 * a restored backup without its index file) is rebuilt, without holding up the start. Says so.
 */
export async function indexIfEmpty(payload: Payload, log: (line: string) => void): Promise<void> {
  const index = searchIndexOf(payload)
  if (!index || (await index.count()) > 0) return
  const published = (await payload.count({ collection: COLLECTION_SLUGS.articles, where: { _status: { equals: 'published' } }, overrideAccess: true })).totalDocs
  if (published === 0) return
  log(`Search: the index is empty, so the ${published} published ${published === 1 ? 'story is' : 'stories are'} being indexed now.`)
  const started = Date.now()
  void rebuildSearchIndex(payload).then(
    (count) => log(`Search: ${count} ${count === 1 ? 'story' : 'stories'} indexed in ${((Date.now() - started) / 1000).toFixed(1)} s.`),
    (error: unknown) => log(`Search: indexing failed (${error instanceof Error ? error.message : String(error)}); run npm run search:reindex.`),
  )
}
