/**
 * What the public site reads, as plain view models. Articles are read through the public
 * access rules (no user, overrideAccess false), so a draft or an embargoed article can
 * never reach a public page by a query mistake.
 */
import type { Payload, Where } from 'payload'

import { attackTechnique } from '../editorial/attack'
import { factPath, MAX_RELATED, rankRelated, type StoryFacts } from '../editorial/facts'
import { COLLECTION_SLUGS } from '../types'
import type { ImageSizeView, MediaView } from './views/media'
import { uploadIds } from './views/richText'

type Doc = Record<string, unknown> & { id: string | number }

export type SourceCredit = { readonly name: string; readonly originalUrl: string | null; readonly originalHeadline: string | null }
export type ActorLink = { readonly name: string; readonly slug: string }
export type TopicLink = { readonly name: string; readonly slug: string }
export type TopicView = TopicLink & { readonly id: string; readonly kind: 'section' | 'tag'; readonly description: string | null }

export type IncidentView = {
  readonly threatActors: Array<ActorLink & { readonly aliases: string[]; readonly description: string | null }>
  readonly attributedTo: string | null
  readonly attributionConfidence: string | null
  readonly victims: string[]
  readonly sectors: string[]
  readonly attackTypes: string[]
  readonly cves: string[]
  readonly attackTechniques: string[]
  readonly window: { readonly start: string | null; readonly end: string | null; readonly approximateLabel: string | null }
  readonly status: string | null
}

export type ArticleSummary = {
  readonly id: string
  readonly slug: string
  readonly title: string
  readonly dek: string | null
  readonly publishedAt: string
  readonly updatedAt: string
  readonly hero: MediaView | null
  readonly attributionLine: string | null
}

export type ArticleView = ArticleSummary & {
  readonly body: unknown
  readonly authors: string[]
  readonly sources: SourceCredit[]
  readonly corrections: Array<{ readonly date: string; readonly kind: string; readonly text: string }>
  readonly incident: IncidentView
  /** The primary section and the tags, published topics only. */
  readonly section: TopicLink | null
  readonly tags: TopicLink[]
  readonly commentsOpen: boolean
  /** Published comments, and those shown at the top level (the thread's pages): counts kept on the article. */
  readonly commentCount: number
  readonly threadCount: number
  readonly bodyMedia: ReadonlyMap<string, MediaView>
  /** Other published stories sharing its actors, CVEs, techniques or topics, best first (editorial/facts.ts). */
  readonly related: ArticleSummary[]
}

/** An article as a comment submission sees it. */
export type CommentTarget = { readonly id: string; readonly slug: string; readonly title: string; readonly commentsOpen: boolean; readonly publishedAt: string | null }

export type ActorView = {
  readonly id: string
  readonly name: string
  readonly slug: string
  readonly aliases: string[]
  readonly suspectedSponsor: string | null
  readonly description: string | null
}

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null)
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '') : [])
const isDoc = (value: unknown): value is Doc => Boolean(value && typeof value === 'object' && 'id' in value)
/** A relationship's id, whether it came populated or not. */
const idOf = (value: unknown): string | null => (isDoc(value) ? String(value.id) : typeof value === 'string' || typeof value === 'number' ? String(value) : null)
const ids = (value: unknown): string[] => (Array.isArray(value) ? value.map(idOf).filter((id): id is string => id !== null) : [])

/** The incident facts of a story read at depth 1 (its threat actors populated). */
function incidentView(doc: Doc): IncidentView {
  const incident = (doc.incident ?? {}) as Record<string, unknown>
  const window = (incident.incidentWindow ?? {}) as Record<string, unknown>
  return {
    threatActors: (Array.isArray(incident.threatActors) ? incident.threatActors : []).filter(isDoc).map((actor) => ({
      name: String(actor.name ?? ''),
      slug: String(actor.slug ?? ''),
      aliases: strings(actor.aliases),
      description: str(actor.description),
    })),
    attributedTo: str(incident.attributedTo),
    attributionConfidence: str(incident.attributionConfidence),
    victims: strings(incident.victims),
    sectors: strings(incident.sectors),
    attackTypes: strings(incident.attackTypes),
    cves: strings(incident.cves),
    attackTechniques: strings(incident.attackTechniques),
    window: { start: str(window.start), end: str(window.end), approximateLabel: str(window.approximateLabel) },
    status: str(incident.status),
  }
}

/** What a story is about, from its document (populated or not). */
function storyFacts(doc: Doc): StoryFacts {
  const incident = (doc.incident ?? {}) as Record<string, unknown>
  const section = idOf(doc.section)
  return {
    id: String(doc.id),
    publishedAt: String(doc.publishedAt ?? ''),
    actors: ids(incident.threatActors),
    cves: strings(incident.cves),
    techniques: strings(incident.attackTechniques),
    topics: [...(section ? [section] : []), ...ids(doc.tags)],
  }
}

function sizeView(value: unknown): ImageSizeView | undefined {
  if (!value || typeof value !== 'object') return undefined
  const size = value as { filename?: unknown; width?: unknown; height?: unknown }
  return typeof size.filename === 'string' && typeof size.width === 'number' && typeof size.height === 'number'
    ? { filename: size.filename, width: size.width, height: size.height }
    : undefined
}

export function mediaView(value: unknown): MediaView | null {
  if (!isDoc(value) || typeof value.filename !== 'string') return null
  const sizes = (value.sizes ?? {}) as Record<string, unknown>
  return {
    id: String(value.id),
    alt: str(value.alt) ?? '',
    caption: str(value.caption),
    credit: str(value.credit),
    filename: value.filename,
    width: typeof value.width === 'number' ? value.width : 0,
    height: typeof value.height === 'number' ? value.height : 0,
    sizes: { thumbnail: sizeView(sizes.thumbnail), card: sizeView(sizes.card), hero: sizeView(sizes.hero), og: sizeView(sizes.og) },
  }
}

function summary(doc: Doc): ArticleSummary {
  return {
    id: String(doc.id),
    slug: String(doc.slug ?? ''),
    title: String(doc.title ?? ''),
    dek: str(doc.dek),
    // A draft that was never published has no publication date (its preview says so).
    publishedAt: String(doc.publishedAt ?? ''),
    updatedAt: String(doc.updatedAt ?? doc.publishedAt ?? ''),
    hero: mediaView(doc.heroImage),
    attributionLine: str(doc.attributionLine),
  }
}

const SUMMARY_SELECT = {
  title: true,
  slug: true,
  dek: true,
  publishedAt: true,
  updatedAt: true,
  createdAt: true,
  heroImage: true,
  adaptedFrom: true,
  attributionOverride: true,
  attributionLine: true,
} as const

export type Page<T> = { readonly items: T[]; readonly page: number; readonly totalPages: number; readonly total: number }

export class SiteData {
  constructor(
    private readonly payload: Payload,
    private readonly staffSlug: string,
  ) {}

  async latest(page: number, limit: number, where?: Where): Promise<Page<ArticleSummary>> {
    const result = await this.payload.find({
      collection: COLLECTION_SLUGS.articles,
      where,
      sort: '-publishedAt',
      page,
      limit,
      depth: 1,
      overrideAccess: false,
      select: SUMMARY_SELECT,
    })
    return { items: (result.docs as Doc[]).map(summary), page: result.page ?? page, totalPages: result.totalPages, total: result.totalDocs }
  }

  /** The newest published stories with their incident facts (the JSON Feed). */
  async latestWithFacts(limit: number): Promise<Array<ArticleSummary & { readonly incident: IncidentView }>> {
    const result = await this.payload.find({
      collection: COLLECTION_SLUGS.articles,
      sort: '-publishedAt',
      limit,
      depth: 1,
      overrideAccess: false,
      select: { ...SUMMARY_SELECT, incident: true },
    })
    return (result.docs as Doc[]).map((doc) => ({ ...summary(doc), incident: incidentView(doc) }))
  }

  /** Published articles since a time, newest first (the news sitemap). */
  async since(date: Date, limit = 1000): Promise<ArticleSummary[]> {
    return (await this.latest(1, limit, { publishedAt: { greater_than_equal: date.toISOString() } })).items
  }

  async article(slug: string): Promise<ArticleView | null> {
    const { docs } = await this.payload.find({ collection: COLLECTION_SLUGS.articles, where: { slug: { equals: slug } }, depth: 1, limit: 1, overrideAccess: false })
    const doc = docs[0] as Doc | undefined
    return doc ? this.articleView(doc) : null
  }

  /** What a comment submission needs of its article (public articles only): far less than the page. */
  async commentTarget(slug: string): Promise<CommentTarget | null> {
    const { docs } = await this.payload.find({
      collection: COLLECTION_SLUGS.articles,
      where: { slug: { equals: slug } },
      depth: 0,
      limit: 1,
      pagination: false,
      overrideAccess: false,
      select: { slug: true, title: true, comments: true, publishedAt: true },
    })
    const doc = docs[0] as Doc | undefined
    return doc ? { id: String(doc.id), slug: String(doc.slug), title: String(doc.title ?? ''), commentsOpen: doc.comments !== 'closed', publishedAt: str(doc.publishedAt) } : null
  }

  /** An article's kept comment counts (published, and shown at the top level), read alone. */
  async commentCounts(id: string): Promise<{ commentCount: number; threadCount: number } | null> {
    const doc = (await this.payload.db.findOne({
      collection: COLLECTION_SLUGS.articles,
      where: { id: { equals: id } },
      select: { commentCount: true, threadCount: true },
    })) as Doc | null
    if (!doc) return null
    return { commentCount: Number(doc.commentCount ?? 0), threadCount: Number(doc.threadCount ?? 0) }
  }

  /** The latest version of any article, draft or not: for signed staff previews only. */
  async preview(id: string): Promise<ArticleView | null> {
    const doc = (await this.payload.findByID({ collection: COLLECTION_SLUGS.articles, id, depth: 2, draft: true, overrideAccess: true, disableErrors: true })) as Doc | null
    return doc ? this.articleView(doc) : null
  }

  async actor(slug: string): Promise<ActorView | null> {
    const { docs } = await this.payload.find({ collection: COLLECTION_SLUGS.threatActors, where: { slug: { equals: slug } }, limit: 1, depth: 0, overrideAccess: false })
    const doc = docs[0] as Doc | undefined
    if (!doc) return null
    return {
      id: String(doc.id),
      name: String(doc.name ?? ''),
      slug: String(doc.slug ?? ''),
      aliases: strings(doc.aliases),
      suspectedSponsor: str(doc.suspectedSponsor),
      description: str(doc.description),
    }
  }

  async topic(slug: string): Promise<TopicView | null> {
    const { docs } = await this.payload.find({ collection: COLLECTION_SLUGS.topics, where: { slug: { equals: slug } }, limit: 1, depth: 0, overrideAccess: false })
    const doc = docs[0] as Doc | undefined
    if (!doc) return null
    return { id: String(doc.id), name: String(doc.name ?? ''), slug: String(doc.slug ?? ''), kind: doc.kind === 'section' ? 'section' : 'tag', description: str(doc.description) }
  }

  /** Of these articles, the ones a reader may see now (published, their time come): search checks its hits against it. */
  async visibleIds(ids: ReadonlyArray<string>): Promise<Set<string>> {
    if (ids.length === 0) return new Set()
    const { docs } = await this.payload.find({
      collection: COLLECTION_SLUGS.articles,
      where: { id: { in: [...ids] } },
      limit: ids.length,
      depth: 0,
      overrideAccess: false,
      select: {},
    })
    return new Set(docs.map((doc) => String(doc.id)))
  }

  /** Whether any published story matches. */
  async anyStory(where: Where): Promise<boolean> {
    return (await this.payload.count({ collection: COLLECTION_SLUGS.articles, where, overrideAccess: false })).totalDocs > 0
  }

  /** The threat actor whose name or one of whose aliases is exactly this (any case): a search for "APT10" goes to its page. */
  async actorNamed(text: string): Promise<{ slug: string } | null> {
    const name = text.trim()
    if (!name || name.length > 100) return null
    // `like` finds the name or alias in any case (and longer ones that contain it); the exact one is picked here.
    const { docs } = await this.payload.find({
      collection: COLLECTION_SLUGS.threatActors,
      where: { or: [{ name: { like: name } }, { aliases: { like: name } }] },
      limit: 50,
      depth: 0,
      overrideAccess: false,
      select: { slug: true, name: true, aliases: true },
    })
    const wanted = name.toLowerCase()
    const match = (docs as Doc[]).find((doc) => String(doc.name ?? '').toLowerCase() === wanted || strings(doc.aliases).some((alias) => alias.toLowerCase() === wanted))
    return match?.slug ? { slug: String(match.slug) } : null
  }

  /** Names of topics or threat actors by slug (the search facets). */
  async namesBySlug(collection: 'topics' | 'threat-actors', slugs: ReadonlyArray<string>): Promise<Map<string, string>> {
    if (slugs.length === 0) return new Map()
    const { docs } = await this.payload.find({
      collection,
      where: { slug: { in: [...slugs] } },
      limit: slugs.length,
      depth: 0,
      overrideAccess: false,
      select: { slug: true, name: true },
    })
    return new Map((docs as Doc[]).map((doc) => [String(doc.slug), String(doc.name ?? doc.slug)]))
  }

  /** Every topic's address, for the sitemap. */
  async allTopics(): Promise<Array<{ slug: string; updatedAt: string }>> {
    const { docs } = await this.payload.find({
      collection: COLLECTION_SLUGS.topics,
      limit: 0,
      pagination: false,
      depth: 0,
      overrideAccess: false,
      select: { slug: true, updatedAt: true },
    })
    return (docs as Doc[]).filter((doc) => doc.slug).map((doc) => ({ slug: String(doc.slug), updatedAt: String(doc.updatedAt) }))
  }

  /** When the next embargoed article becomes public, if any: cached pages must not outlive it. */
  async nextScheduledVisibility(now = new Date()): Promise<Date | null> {
    const { docs } = await this.payload.find({
      collection: COLLECTION_SLUGS.articles,
      where: { and: [{ _status: { equals: 'published' } }, { publishedAt: { greater_than: now.toISOString() } }] },
      sort: 'publishedAt',
      limit: 1,
      depth: 0,
      overrideAccess: true,
      select: { publishedAt: true },
    })
    const next = (docs[0] as Doc | undefined)?.publishedAt
    return typeof next === 'string' ? new Date(next) : null
  }

  /**
   * The published stories most related to this one: those sharing a CVE, an actor or a technique
   * (the fifty newest), and those sharing a topic (the fifty newest), ranked by what they share.
   */
  async related(doc: Doc): Promise<ArticleSummary[]> {
    const facts = storyFacts(doc)
    const strong: Where[] = [
      ...(facts.cves.length ? [{ 'incident.cves': { in: facts.cves } }] : []),
      ...(facts.actors.length ? [{ 'incident.threatActors': { in: facts.actors } }] : []),
      ...(facts.techniques.length ? [{ 'incident.attackTechniques': { in: facts.techniques } }] : []),
    ]
    const loose: Where[] = facts.topics.length ? [{ section: { in: facts.topics } }, { tags: { in: facts.topics } }] : []
    const candidates = async (or: Where[]): Promise<Doc[]> => {
      if (or.length === 0) return []
      const result = await this.payload.find({
        collection: COLLECTION_SLUGS.articles,
        where: { and: [{ id: { not_equals: doc.id } }, { or }] },
        sort: '-publishedAt',
        limit: 50,
        depth: 1,
        overrideAccess: false,
        select: { ...SUMMARY_SELECT, section: true, tags: true, incident: { threatActors: true, cves: true, attackTechniques: true } },
      })
      return result.docs as Doc[]
    }
    const found = new Map<string, Doc>()
    for (const candidate of [...(await candidates(strong)), ...(await candidates(loose))]) found.set(String(candidate.id), candidate)
    const ranked = rankRelated(
      facts,
      [...found.values()].map((candidate) => ({ ...storyFacts(candidate), doc: candidate })),
      MAX_RELATED,
    )
    return ranked.map((entry) => summary(entry.doc))
  }

  /**
   * The address of every fact page and actor page that has a published story: the CVEs,
   * techniques, sectors and attack types named by published articles, and their threat actors.
   */
  async factPaths(): Promise<string[]> {
    const result = await this.payload.find({
      collection: COLLECTION_SLUGS.articles,
      limit: 0,
      pagination: false,
      depth: 1,
      overrideAccess: false,
      select: { incident: { threatActors: true, cves: true, attackTechniques: true, sectors: true, attackTypes: true } },
      populate: { [COLLECTION_SLUGS.threatActors]: { slug: true } },
    })
    const paths = new Set<string>()
    for (const doc of result.docs as Doc[]) {
      const incident = (doc.incident ?? {}) as Record<string, unknown>
      for (const actor of Array.isArray(incident.threatActors) ? incident.threatActors : [])
        if (isDoc(actor) && actor.slug) paths.add(`/actors/${encodeURIComponent(String(actor.slug))}`)
      for (const id of strings(incident.cves)) paths.add(factPath('cve', id))
      for (const id of strings(incident.attackTechniques)) if (attackTechnique(id)) paths.add(factPath('technique', id))
      for (const id of strings(incident.sectors)) paths.add(factPath('sector', id))
      for (const id of strings(incident.attackTypes)) paths.add(factPath('attack-type', id))
    }
    return [...paths].sort()
  }

  /** Every public article slug and its last change (the sitemap). */
  async allPublished(): Promise<Array<{ slug: string; updatedAt: string }>> {
    const result = await this.payload.find({
      collection: COLLECTION_SLUGS.articles,
      sort: '-publishedAt',
      limit: 0,
      pagination: false,
      depth: 0,
      overrideAccess: false,
      select: { slug: true, updatedAt: true },
    })
    return (result.docs as Doc[]).map((doc) => ({ slug: String(doc.slug), updatedAt: String(doc.updatedAt) }))
  }

  private async articleView(doc: Doc): Promise<ArticleView> {
    const authorIds = (Array.isArray(doc.authors) ? doc.authors : [])
      .map((author) => (isDoc(author) ? author.id : author))
      .filter((id): id is string | number => typeof id === 'string' || typeof id === 'number')
    const [authors, bodyMedia, related] = await Promise.all([this.authorNames(authorIds), this.bodyMedia(doc.body), this.related(doc)])
    const sources = (Array.isArray(doc.adaptedFrom) ? (doc.adaptedFrom as Array<Record<string, unknown>>) : []).flatMap((row) =>
      isDoc(row.source) ? [{ name: String(row.source.name ?? ''), originalUrl: str(row.originalUrl), originalHeadline: str(row.originalHeadline) }] : [],
    )
    return {
      ...summary(doc),
      body: doc.body,
      authors,
      sources,
      corrections: (Array.isArray(doc.corrections) ? (doc.corrections as Array<Record<string, unknown>>) : []).map((row) => ({
        date: String(row.date ?? ''),
        kind: String(row.kind ?? 'correction'),
        text: String(row.text ?? ''),
      })),
      incident: incidentView(doc),
      section: isDoc(doc.section) && doc.section.slug ? { name: String(doc.section.name ?? ''), slug: String(doc.section.slug) } : null,
      tags: (Array.isArray(doc.tags) ? doc.tags : [])
        .filter(isDoc)
        .filter((tag) => tag.slug)
        .map((tag) => ({ name: String(tag.name ?? ''), slug: String(tag.slug) })),
      commentsOpen: doc.comments !== 'closed',
      commentCount: typeof doc.commentCount === 'number' ? doc.commentCount : 0,
      threadCount: typeof doc.threadCount === 'number' ? doc.threadCount : 0,
      bodyMedia,
      related,
    }
  }

  /** Bylines: staff are not public records, so only their names are read. */
  private async authorNames(ids: Array<string | number>): Promise<string[]> {
    if (ids.length === 0) return []
    const { docs } = await this.payload.find({ collection: this.staffSlug, where: { id: { in: ids } }, depth: 0, limit: ids.length, overrideAccess: true, select: { name: true } })
    const byId = new Map((docs as Doc[]).map((doc) => [String(doc.id), str(doc.name)]))
    return ids.map((id) => byId.get(String(id))).filter((name): name is string => Boolean(name))
  }

  private async bodyMedia(body: unknown): Promise<Map<string, MediaView>> {
    const ids = uploadIds(body)
    if (ids.length === 0) return new Map()
    const { docs } = await this.payload.find({ collection: COLLECTION_SLUGS.media, where: { id: { in: ids } }, depth: 0, limit: ids.length, overrideAccess: false })
    return new Map(
      (docs as Doc[]).flatMap((doc) => {
        const view = mediaView(doc)
        return view ? [[view.id, view] as const] : []
      }),
    )
  }
}
