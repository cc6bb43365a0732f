/**
 * The search index on MongoDB: a `search_stories` collection with a weighted text index (the
 * headline counts most), in the same database as the newsroom, through the adapter's own
 * connection. Every term is required (each is sent as a quoted phrase, which MongoDB ANDs);
 * ranked by text score, then recency; facets counted with one aggregation over the matches.
 * MongoDB's text search has no snippets or spelling, so snippets are made here (query.ts) and
 * "did you mean" reads the `search_words` counts kept beside the stories.
 *
 * Atlas Search would plug in here as a third implementation of the same interface: a
 * `$search` stage (compound `must` of `phrase` clauses, `highlight` for snippets, `facet` for
 * counts, and its fuzzy `text` operator for spelling) in place of `$text`.
 */
import type { Collection, Db, Document } from 'mongodb'

import { FACETS, type Facet, type FacetCount, type SearchDocument, type SearchIndex, type SearchRequest, type SearchResults } from './model'
import { makeSnippet, spellingWords } from './query'

type StoryRecord = Omit<SearchDocument, 'id' | 'publishedAt'> & { _id: string; publishedAt: Date; words: string[] }
type WordRecord = { _id: string; count: number }

const WEIGHTS = { title: 10, dek: 4, body: 1, attribution: 2, sources: 2, actors: 6, victims: 4, topics: 3, ids: 8 } as const

const distinctWords = (document: SearchDocument): string[] => spellingWords([document.title, document.dek, document.body, document.actors])

export class MongoSearchIndex implements SearchIndex {
  private readonly stories: Collection<StoryRecord>
  private readonly words: Collection<WordRecord>
  private ready: Promise<unknown> | null = null

  constructor(db: Db) {
    this.stories = db.collection<StoryRecord>('search_stories')
    this.words = db.collection<WordRecord>('search_words')
  }

  private prepared(): Promise<unknown> {
    this.ready ??= Promise.all([
      this.stories.createIndex(Object.fromEntries(Object.keys(WEIGHTS).map((field) => [field, 'text'])), { name: 'stories_text', weights: WEIGHTS, default_language: 'english' }),
      this.stories.createIndex({ publishedAt: -1 }),
      ...FACETS.map((facet) => this.stories.createIndex({ [`facets.${facet}`]: 1 })),
    ])
    return this.ready
  }

  private async countWords(words: ReadonlyArray<string>, by: 1 | -1): Promise<void> {
    if (words.length === 0) return
    await this.words.bulkWrite(words.map((word) => ({ updateOne: { filter: { _id: word }, update: { $inc: { count: by } }, upsert: by === 1 } })))
    if (by === -1) await this.words.deleteMany({ count: { $lte: 0 } })
  }

  async put(document: SearchDocument): Promise<void> {
    await this.prepared()
    const { id, publishedAt, ...rest } = document
    const words = distinctWords(document)
    const previous = await this.stories.findOneAndReplace({ _id: id }, { ...rest, publishedAt: new Date(publishedAt), words }, { upsert: true, projection: { words: 1 } })
    const before = new Set(previous?.words ?? [])
    await this.countWords(
      words.filter((word) => !before.has(word)),
      1,
    )
    await this.countWords(
      [...before].filter((word) => !words.includes(word)),
      -1,
    )
  }

  async remove(id: string): Promise<void> {
    const previous = await this.stories.findOneAndDelete({ _id: id }, { projection: { words: 1 } })
    await this.countWords(previous?.words ?? [], -1)
  }

  async clear(): Promise<void> {
    await Promise.all([this.stories.deleteMany({}), this.words.deleteMany({})])
  }

  async count(): Promise<number> {
    return this.stories.countDocuments()
  }

  async search(request: SearchRequest): Promise<SearchResults> {
    await this.prepared()
    const phrases = request.query.terms.map((term) => `"${term.join(' ').replace(/"/g, '')}"`).join(' ')
    // Published by now (and by the end of the "to" day), from the start of the "from" day.
    const until = Math.min(request.now.getTime(), request.filters.to ? Date.parse(`${request.filters.to}T23:59:59.999Z`) : Infinity)
    const published: Document = { $lte: new Date(until), ...(request.filters.from ? { $gte: new Date(`${request.filters.from}T00:00:00.000Z`) } : {}) }
    const match: Document = { $text: { $search: phrases }, publishedAt: published }
    for (const facet of FACETS) if (request.filters[facet]) match[`facets.${facet}`] = request.filters[facet]
    const [result] = await this.stories
      .aggregate<{ hits: StoryRecord[]; total: Array<{ n: number }> } & Record<Facet, Array<{ _id: string; n: number }>>>([
        { $match: match },
        {
          $facet: {
            hits: [{ $sort: { score: { $meta: 'textScore' }, publishedAt: -1 } }, { $skip: (request.page - 1) * request.pageSize }, { $limit: request.pageSize }],
            total: [{ $count: 'n' }],
            ...Object.fromEntries(
              FACETS.map((facet) => [facet, [{ $unwind: `$facets.${facet}` }, { $group: { _id: `$facets.${facet}`, n: { $sum: 1 } } }, { $sort: { n: -1, _id: 1 } }]]),
            ),
          },
        },
      ])
      .toArray()
    const total = result?.total[0]?.n ?? 0
    const facets = Object.fromEntries(FACETS.map((facet) => [facet, (result?.[facet] ?? []).map((entry): FacetCount => ({ value: String(entry._id), count: entry.n }))])) as Record<
      Facet,
      FacetCount[]
    >
    return {
      hits: (result?.hits ?? []).map((story) => ({
        id: story._id,
        slug: story.slug,
        publishedAt: story.publishedAt.toISOString(),
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
    const prefix = word.slice(0, 2).replace(/[^\p{L}\p{N}]/gu, '')
    const found = await this.words
      .find({ _id: { $gte: prefix, $lt: `${prefix}\uffff` } })
      .limit(5000)
      .toArray()
    return found.map((entry) => ({ term: entry._id, count: entry.count }))
  }

  async close(): Promise<void> {
    // The connection is the adapter's: it closes it.
  }
}
