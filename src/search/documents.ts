/**
 * The search index as Payload sees it: which index belongs to this Payload instance, what is
 * indexed for a story (its published version, with the names of its actors, topics and
 * sources), keeping a story's entry current, and rebuilding the whole index.
 */
import type { Db } from 'mongodb'
import type { Payload, Where } from 'payload'

import { attackTechnique } from '../editorial/attack'
import { plainText } from '../editorial/richText'
import { COLLECTION_SLUGS } from '../types'
import type { SearchDocument, SearchIndex } from './model'
import { MongoSearchIndex } from './mongoIndex'
import { searchIndexPath, SqliteSearchIndex } from './sqliteIndex'

type Doc = Record<string, unknown> & { id: string | number }

const INDEX = Symbol.for('payload-security-newsroom.searchIndex')
type Holder = { [INDEX]?: SearchIndex | null }

/** The adapter parts that say where the database is: SQLite's file, MongoDB's connection. */
type AdapterParts = { readonly name?: string; readonly clientConfig?: { readonly url?: string }; readonly connection?: { readonly db?: Db } }

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
  holder[INDEX] = adapter.name === 'sqlite' && url ? new SqliteSearchIndex(searchIndexPath(url)) : adapter.name === 'mongoose' && mongo ? new MongoSearchIndex(mongo) : null
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
const docs = (value: unknown): Doc[] => (Array.isArray(value) ? value.filter((entry): entry is Doc => Boolean(entry && typeof entry === 'object' && 'id' in entry)) : [])
const one = (value: unknown): Doc | null => (value && typeof value === 'object' && 'id' in value ? (value as Doc) : null)

/** What is searched for a story read at depth 1 (its actors, topics and sources populated). */
export function searchDocument(doc: Doc): SearchDocument {
  const incident = (doc.incident ?? {}) as Record<string, unknown>
  const actors = docs(incident.threatActors)
  const section = one(doc.section)
  const topics = [...(section ? [section] : []), ...docs(doc.tags)]
  const sources = (Array.isArray(doc.adaptedFrom) ? (doc.adaptedFrom as Array<Record<string, unknown>>) : []).flatMap((row) => [
    str(one(row.source)?.name),
    str(row.originalHeadline),
  ])
  const techniques = strings(incident.attackTechniques)
  return {
    id: String(doc.id),
    slug: str(doc.slug),
    publishedAt: str(doc.publishedAt) || new Date().toISOString(),
    title: str(doc.title),
    dek: str(doc.dek),
    body: plainText(doc.body),
    attribution: str(doc.attributionLine),
    sources: sources.filter(Boolean).join(' · '),
    actors: actors.flatMap((actor) => [str(actor.name), ...strings(actor.aliases)]).join(' · '),
    victims: strings(incident.victims).join(' · '),
    topics: topics.map((topic) => str(topic.name)).join(' · '),
    ids: [...strings(incident.cves), ...techniques.flatMap((id) => [id, attackTechnique(id)?.name ?? ''])].filter(Boolean).join(' · '),
    facets: {
      topic: topics.map((topic) => str(topic.slug)).filter(Boolean),
      actor: actors.map((actor) => str(actor.slug)).filter(Boolean),
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

/** Empties the index and indexes every published story again, a page at a time. */
export async function rebuildSearchIndex(payload: Payload, progress: (done: number, total: number) => void = () => {}): Promise<number> {
  const index = searchIndexOf(payload)
  if (!index) throw new Error('This database has no search index here (SQLite has one).')
  await index.clear()
  const where = { _status: { equals: 'published' } }
  const total = (await payload.count({ collection: COLLECTION_SLUGS.articles, where, overrideAccess: true })).totalDocs
  let done = 0
  progress(done, total)
  for (let page = 1; ; page++) {
    const result = await payload.find({ collection: COLLECTION_SLUGS.articles, where, depth: 1, limit: 200, page, sort: 'createdAt', overrideAccess: true })
    for (const doc of result.docs as Doc[]) {
      await index.put(searchDocument(doc))
      done++
    }
    progress(done, total)
    if (!result.hasNextPage) break
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
