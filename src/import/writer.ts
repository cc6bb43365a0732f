/**
 * Writes what an import source reads into the newsroom: staff for authors, topics for
 * categories and tags, media for attachments, articles for posts, comments with their threads,
 * guest commenters, and redirects from every old address. Each record remembers where it came
 * from (`import-origins`), so running the same export again changes nothing, and a later export
 * of the same site adds what is new and updates what changed.
 *
 * A post is written whole or not at all: the article, its comments, their commenters' records,
 * its redirects and its origins in one transaction, so a failed run can simply be run again.
 * Comments are stored at the adapter, as the comment form stores them, and go through
 * `afterCommentChanges` once per post (origin 'import'): the counts are recounted there, pages
 * are marked stale, and no reaction sends mail. The live moderation policy never runs.
 */
import { createHash, randomBytes } from 'node:crypto'
import { access } from 'node:fs/promises'
import path from 'node:path'

import type { Payload, PayloadRequest } from 'payload'

import { freeSlug } from '../../collections/Articles'
import { afterCommentChanges, type CommentChange } from '../../collections/hooks/commentChanges'
import { avatarKeyFor, bodyHash, guestIdentityKey, ipHash, sourceIdentityKey } from '../comments/identity'
import { placeUnder, type Parent } from '../comments/thread'
import type { Doc } from '../database/docs'
import { insertRow } from '../database/insertRow'
import { inTransaction } from '../database/transactions'
import { redirectKey } from '../editorial/redirects'
import { slugify } from '../editorial/slug'
import { isLoopbackUrl } from '../auth/providers'
import { fetchImage } from '../media/fetchImage'
import { MAX_UPLOAD_BYTES } from '../media/imageType'
import { DEFAULT_POLICY } from '../moderation/policy'
import { normaliseBody } from '../moderation/text'
import type { CommentStatus } from '../moderation/vocabulary'
import { COLLECTION_SLUGS } from '../types'
import { commentText, excerptText, wordpressBody, type BodyImage } from './html'
import {
  IMPORT_PROBLEMS,
  IMPORTING,
  isReply,
  isSkipped,
  type ImportedReply,
  type ImportedThread,
  type ImportSource,
  type ImportedAttachment,
  type ImportedComment,
  type ImportedPerson,
  type ImportedPost,
  type ImportedTerm,
} from './model'
import { ImportReport, reportText, type ImportReportData, type ReportKind } from './report'

/** Bumped when the mapping changes, so a re-run brings every record up to the new mapping. */
const MAPPING_VERSION = 1
const DEK_MAX = 300
/** Comments from a comment system written per transaction. */
const REPLY_BATCH = 200
const CREATED_STAFF = 'staff accounts were made for the export’s authors, as authors with no usable password: each sets one with “Forgot password”'
/** Fetching an old site's images: public addresses only, plain http allowed (old uploads often are), the media library's size limit, 15 s each. */
const MEDIA_FETCH = { maxBytes: MAX_UPLOAD_BYTES, timeoutMs: 15_000, maxRedirects: 3, allowHttp: true } as const
const IMAGE_FILE = /\.(jpe?g|png|gif|webp|avif)$/i

export type ImportProgress = {
  readonly phase: 'reading' | 'people' | 'topics' | 'media' | 'posts' | 'comments' | 'done'
  readonly done: number
  readonly total: number
  readonly comments: number
  readonly commentsTotal: number
}

export type ImportOptions = {
  /** The file's name, for the stored run. */
  readonly file: string
  readonly dryRun?: boolean
  /** A copy of the site's uploads folder (wp-content/uploads). */
  readonly uploadsDir?: string
  /** Source login → the email of the staff member who should get that author's posts. */
  readonly authorMap?: ReadonlyMap<string, string>
  /** A comment system's old page addresses → their new ones, where the redirects do not say. */
  readonly urlMap?: ReadonlyMap<string, string>
  /** Images not in the uploads folder are fetched from their address on the old site. */
  readonly fetchMedia?: boolean
  /** Pingbacks and trackbacks: kept as comments (the default) or skipped. */
  readonly pingbacks?: 'keep' | 'skip'
  readonly onProgress?: (progress: ImportProgress) => void
}

/** The newsroom is not ready for an import; nothing was written. */
export class ImportRefused extends Error {
  override readonly name = 'ImportRefused'
}

type Origin = { rowId: string | number | null; docId: string; digest: string }
type OriginKind = 'person' | 'term' | 'attachment' | 'post' | 'comment'

const digestOf = (value: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify([MAPPING_VERSION, value]))
    .digest('base64url')
    .slice(0, 32)

/** Where imported records came from; in a dry run, what would have been written is kept in memory instead. */
class Origins {
  private readonly pretend = new Map<string, Origin>()

  constructor(
    private readonly payload: Payload,
    private readonly site: string,
    private readonly dryRun: boolean,
  ) {}

  private key = (kind: OriginKind, sourceId: string) => `${kind}\n${sourceId}`

  async many(kind: OriginKind, sourceIds: ReadonlyArray<string>, req?: PayloadRequest): Promise<Map<string, Origin>> {
    const found = new Map<string, Origin>()
    for (let start = 0; start < sourceIds.length; start += 500) {
      const slice = sourceIds.slice(start, start + 500)
      const { docs } = await this.payload.db.find({
        collection: COLLECTION_SLUGS.importOrigins,
        where: { and: [{ site: { equals: this.site } }, { kind: { equals: kind } }, { sourceId: { in: slice } }] },
        limit: slice.length,
        pagination: false,
        req,
      })
      for (const doc of docs as unknown as Array<{ id: string | number; sourceId: string; docId: string; digest: string }>)
        found.set(doc.sourceId, { rowId: doc.id, docId: doc.docId, digest: doc.digest })
    }
    for (const id of sourceIds) {
      const pretended = this.pretend.get(this.key(kind, id))
      if (pretended) found.set(id, pretended)
    }
    return found
  }

  async one(kind: OriginKind, sourceId: string, req?: PayloadRequest): Promise<Origin | null> {
    return (await this.many(kind, [sourceId], req)).get(sourceId) ?? null
  }

  async remember(kind: OriginKind, sourceId: string, docId: string, digest: string, existing: Origin | null, req?: PayloadRequest): Promise<void> {
    if (this.dryRun) {
      this.pretend.set(this.key(kind, sourceId), { rowId: null, docId, digest })
      return
    }
    const at = new Date().toISOString()
    if (existing && existing.rowId !== null)
      await this.payload.db.updateOne({ collection: COLLECTION_SLUGS.importOrigins, id: existing.rowId, data: { docId, digest, updatedAt: at }, req, returning: false })
    else
      await this.payload.db.create({
        collection: COLLECTION_SLUGS.importOrigins,
        data: { site: this.site, kind, sourceId, docId, digest, createdAt: at, updatedAt: at },
        req,
        returning: false,
      })
  }
}

/** The part of an uploads URL that names the file, without WordPress's "-300x200" size suffix: how body images find their attachment. */
export function uploadKey(url: string): string | null {
  // Uploads live under year/month ("2019/11/photo.jpg") on WordPress and WordPress.com alike.
  const match = /(?:^|\/)(\d{4}\/\d{2}\/[^?#/]+)(?:[?#]|$)/.exec(url)
  const file = match?.[1] ?? /[^/?#]+(?=$|[?#])/.exec(url)?.[0]
  if (!file) return null
  let decoded = file
  try {
    decoded = decodeURIComponent(file)
  } catch {
    // kept as written
  }
  return decoded.replace(/-\d+x\d+(?=\.[a-z0-9]+$)/i, '').toLowerCase()
}

type MediaRef = { id: string; caption: string }
type StaffRef = { id: string; email: string }

class Import {
  private readonly report: ImportReport
  private readonly origins: Origins
  private readonly dryRun: boolean
  private readonly staffByEmail = new Map<string, StaffRef>()
  private readonly staffByLogin = new Map<string, string>()
  private readonly topicBySlug = new Map<string, string>()
  /** A comment system's pages and the articles they are (null: none). */
  private readonly threadArticles = new Map<string, string | null>()
  /** Slugs and names of the topics this run made (a dry run makes none, yet must see the same clashes). */
  private readonly topicsMade = new Set<string>()
  private readonly mediaById = new Map<string, MediaRef>()
  private readonly mediaByFile = new Map<string, MediaRef>()
  /** Guest commenters met lately (identity key → id); a bounded cache in front of one indexed read. */
  private readonly guests = new Map<string, string>()
  /** The old site's address: its images are fetched from there. */
  private siteUrl = ''
  private progress: ImportProgress = { phase: 'reading', done: 0, total: 0, comments: 0, commentsTotal: 0 }

  constructor(
    private readonly payload: Payload,
    private readonly source: ImportSource,
    private readonly options: ImportOptions,
    site: string,
  ) {
    this.dryRun = Boolean(options.dryRun)
    this.report = new ImportReport(source.format, site, this.dryRun)
    this.origins = new Origins(payload, site, this.dryRun)
  }

  private tell(change: Partial<ImportProgress>): void {
    this.progress = { ...this.progress, ...change }
    this.options.onProgress?.(this.progress)
  }

  private pretendId = (kind: string, sourceId: string) => `dry-run:${kind}:${sourceId}`

  async run(): Promise<ImportReportData> {
    this.tell({ phase: 'reading' })
    const summary = await this.source.summary()
    this.siteUrl = summary.site.url
    await this.loadStaff()
    this.tell({ phase: 'people', done: 0, total: summary.people.length })
    for (const person of summary.people) await this.person(person)
    this.tell({ phase: 'topics', done: 0, total: summary.terms.length })
    for (const term of [...summary.terms].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'section' ? -1 : 1))) await this.term(term, summary.terms)
    // A comment system's export names no site whose addresses could be redirected.
    if (summary.site.url) await this.siteRedirects()
    this.tell({ phase: 'media', done: 0, total: summary.attachments.length })
    let done = 0
    for (const attachment of summary.attachments) {
      await this.attachment(attachment)
      this.tell({ done: ++done })
    }
    // A comment system's export has only comments: their progress is the progress.
    const byComment = summary.totals.posts === 0
    this.tell({
      phase: byComment ? 'comments' : 'posts',
      done: 0,
      total: byComment ? summary.totals.comments : summary.totals.posts,
      comments: 0,
      commentsTotal: summary.totals.comments,
    })
    done = 0
    let comments = 0
    const replies: ImportedReply[] = []
    const flush = async () => {
      if (!replies.length) return
      const batch = replies.splice(0)
      await this.replies(batch)
      comments += batch.length
      this.tell({ done: comments, comments })
    }
    for await (const record of this.source.records()) {
      if (isReply(record)) {
        replies.push(record)
        if (replies.length >= REPLY_BATCH) await flush()
      } else if (isSkipped(record)) {
        if (record.kind === 'post') {
          this.report.skip('articles', record.sourceId, record.reason)
          this.tell({ done: ++done })
        } else if (record.kind === 'comment') this.report.skip('comments', record.sourceId, record.reason)
        else this.report.skip('other', `${record.kind} ${record.sourceId}`, record.reason)
      } else {
        await this.post(record)
        comments += record.comments.length
        this.tell({ done: ++done, comments })
      }
    }
    await flush()
    this.tell({ phase: 'done' })
    return this.report.data()
  }

  // — People —

  private async loadStaff(): Promise<void> {
    const { docs } = await this.payload.find({ collection: 'users', limit: 0, pagination: false, depth: 0, overrideAccess: true, select: { email: true, roles: true } })
    const staff = docs as unknown as Array<{ id: string | number; email: string; roles?: string[] }>
    if (!staff.some((member) => member.roles?.includes('admin'))) throw new ImportRefused('The newsroom has no admin yet: create the first admin at /admin, then import.')
    for (const member of staff) this.staffByEmail.set(member.email.toLowerCase(), { id: String(member.id), email: member.email })
  }

  private async person(person: ImportedPerson): Promise<void> {
    const mapped = this.options.authorMap?.get(person.login)
    if (mapped) {
      const staff = this.staffByEmail.get(mapped.toLowerCase())
      if (!staff) throw new ImportRefused(`The author map sends "${person.login}" to ${mapped}, but no staff member has that address.`)
      this.staffByLogin.set(person.login, staff.id)
      this.report.count('people', 'unchanged')
      return
    }
    const email = person.email.trim().toLowerCase()
    if (!email) {
      this.report.skip('people', person.login, 'the author has no email address: their posts have no byline (map them with --author-map)')
      return
    }
    const digest = digestOf(person)
    const origin = await this.origins.one('person', person.sourceId)
    const existing = this.staffByEmail.get(email)
    if (existing) {
      // Someone on the staff already: their account is theirs; only the link is remembered.
      this.staffByLogin.set(person.login, existing.id)
      if (!origin) await this.origins.remember('person', person.sourceId, existing.id, digest, null)
      this.report.count('people', 'unchanged')
      return
    }
    if (this.dryRun) {
      const id = this.pretendId('person', person.sourceId)
      this.staffByLogin.set(person.login, id)
      this.staffByEmail.set(email, { id, email })
      this.report.count('people', 'created')
      this.report.note('people', person.login, CREATED_STAFF)
      return
    }
    // An author only, with a password nobody knows: they set their own through "Forgot password".
    const created = (await this.payload.create({
      collection: 'users',
      data: { email, name: person.displayName.slice(0, 120) || person.login, roles: ['author'], password: randomBytes(32).toString('base64url') },
      overrideAccess: true,
      depth: 0,
    })) as unknown as Doc
    const id = String(created.id)
    this.staffByLogin.set(person.login, id)
    this.staffByEmail.set(email, { id, email })
    await this.origins.remember('person', person.sourceId, id, digest, origin)
    this.report.count('people', 'created')
    this.report.note('people', person.login, CREATED_STAFF)
  }

  // — Topics —

  private async term(term: ImportedTerm, all: ReadonlyArray<ImportedTerm>): Promise<void> {
    const kind: ReportKind = term.kind === 'section' ? 'sections' : 'tags'
    const key = `${term.kind}:${term.slug}`
    const digest = digestOf(term)
    const origin = await this.origins.one('term', key)
    const slug = slugify(term.slug) || slugify(term.name)
    if (!slug) {
      this.report.skip(kind, term.slug, 'the term has no name or slug that makes an address')
      return
    }
    let topicId: string
    if (origin) {
      topicId = origin.docId
      if (origin.digest === digest) this.report.count(kind, 'unchanged')
      else {
        if (!this.dryRun)
          await this.payload.update({ collection: COLLECTION_SLUGS.topics, id: topicId, data: { description: term.description.slice(0, 1000) }, overrideAccess: true, depth: 0 })
        await this.origins.remember('term', key, topicId, digest, origin)
        this.report.count(kind, 'updated')
      }
    } else {
      const { docs } = await this.payload.find({
        collection: COLLECTION_SLUGS.topics,
        where: { or: [{ slug: { equals: slug } }, { name: { equals: term.name } }] },
        limit: 2,
        depth: 0,
        overrideAccess: true,
      })
      const same = (docs as unknown as Array<{ id: string | number; kind: string; slug: string; name: string }>).find((topic) => topic.slug === slug && topic.kind === term.kind)
      if (same) {
        topicId = String(same.id)
        this.report.count(kind, 'unchanged')
        this.report.note(kind, term.slug, 'joined a topic of the same name that was already here')
      } else {
        // A category and a tag often share a name ("Ransomware"): the second is told apart.
        const clash = docs.length > 0 || this.topicsMade.has(slug) || this.topicsMade.has(term.name)
        this.topicsMade.add(clash ? `${slug}-${term.kind}` : slug).add(clash ? `${term.name} (${term.kind})` : term.name)
        const name = clash ? `${term.name} (${term.kind})` : term.name
        const freeSlug = clash ? `${slug}-${term.kind}` : slug
        if (clash)
          this.report.note(
            kind,
            term.slug,
            `a topic with this name or address was already here: imported as "${term.kind === 'section' ? 'Name (section)' : 'Name (tag)'}" at /topics/${freeSlug}`,
          )
        if (this.dryRun) topicId = this.pretendId('term', key)
        else {
          const created = (await this.payload.create({
            collection: COLLECTION_SLUGS.topics,
            data: { name: name.slice(0, 100), slug: freeSlug, kind: term.kind, description: term.description.slice(0, 1000) },
            overrideAccess: true,
            depth: 0,
          })) as unknown as Doc
          topicId = String(created.id)
        }
        this.report.count(kind, 'created')
      }
      await this.origins.remember('term', key, topicId, digest, null)
    }
    this.topicBySlug.set(key, topicId)
    const topicPath = `/topics/${(await this.topicSlug(topicId)) ?? slug}`
    // Old addresses: /category/parent/child/ (and its feed), /tag/name/, and ?cat=id / ?tag=name.
    const chain: string[] = [term.slug]
    let parent = term.parentSlug
    for (let guard = 0; parent && guard < 20; guard += 1) {
      chain.unshift(parent)
      parent = all.find((entry) => entry.kind === 'section' && entry.slug === parent)?.parentSlug ?? null
    }
    const base = term.kind === 'section' ? `/category/${chain.join('/')}` : `/tag/${term.slug}`
    const froms = [base, `${base}/feed`, term.kind === 'section' ? `/?cat=${term.sourceId}` : `/?tag=${term.slug}`]
    await this.redirects(froms.map((from) => [from, from.endsWith('/feed') ? `${topicPath}/feed.xml` : topicPath]))
  }

  private async topicSlug(id: string): Promise<string | null> {
    if (id.startsWith('dry-run:')) return null
    const doc = (await this.payload.db.findOne({ collection: COLLECTION_SLUGS.topics, where: { id: { equals: id } }, select: { slug: true } })) as { slug?: string } | null
    return doc?.slug ?? null
  }

  private async siteRedirects(): Promise<void> {
    await this.redirects([
      ['/feed', '/feed.xml'],
      ['/feed/rss2', '/feed.xml'],
      ['/feed/atom', '/feed.xml'],
      ['/comments/feed', '/feed.xml'],
    ])
  }

  // — Redirects —

  /** Old address → new path, each once; an editor's own entry for the same address is left as it is. */
  private async redirects(pairs: ReadonlyArray<readonly [string, string]>, req?: PayloadRequest): Promise<void> {
    const wanted = new Map<string, string>()
    for (const [from, to] of pairs) {
      const key = redirectKey(from)
      if (key && key !== '/' && key !== to) wanted.set(key, to)
    }
    if (!wanted.size) return
    const { docs } = await this.payload.db.find({ collection: COLLECTION_SLUGS.redirects, where: { from: { in: [...wanted.keys()] } }, limit: wanted.size, pagination: false, req })
    const existing = new Map((docs as unknown as Array<{ id: string | number; from: string; to: string; origin?: string }>).map((doc) => [doc.from, doc]))
    const at = new Date().toISOString()
    for (const [from, to] of wanted) {
      const found = existing.get(from)
      if (found && found.to === to) {
        this.report.count('redirects', 'unchanged')
        continue
      }
      if (found && found.origin !== 'import') {
        this.report.skip('redirects', from, 'an editor’s redirect for this address was already here and is kept')
        continue
      }
      // Keys come from redirectKey, the collection's own normal form, so the adapter write skips nothing the hooks would do.
      if (!this.dryRun) {
        if (found) await this.payload.db.updateOne({ collection: COLLECTION_SLUGS.redirects, id: found.id, data: { to, updatedAt: at }, req, returning: false })
        else await this.payload.db.create({ collection: COLLECTION_SLUGS.redirects, data: { from, to, origin: 'import', createdAt: at, updatedAt: at }, req, returning: false })
      }
      this.report.count('redirects', found ? 'updated' : 'created')
    }
  }

  // — Media —

  private async attachment(attachment: ImportedAttachment): Promise<void> {
    const digest = digestOf(attachment)
    const origin = await this.origins.one('attachment', attachment.sourceId)
    const caption = attachment.caption.slice(0, 1000)
    const place = (id: string) => {
      const ref = { id, caption }
      this.mediaById.set(attachment.sourceId, ref)
      for (const key of [uploadKey(attachment.relativePath), uploadKey(attachment.url)]) if (key) this.mediaByFile.set(key, ref)
    }
    if (origin) {
      place(origin.docId)
      if (origin.digest === digest) this.report.count('media', 'unchanged')
      else {
        if (!this.dryRun)
          await this.payload.update({ collection: COLLECTION_SLUGS.media, id: origin.docId, data: { alt: this.altOf(attachment), caption }, overrideAccess: true, depth: 0 })
        await this.origins.remember('attachment', attachment.sourceId, origin.docId, digest, origin)
        this.report.count('media', 'updated')
      }
      return
    }
    if (!IMAGE_FILE.test(attachment.relativePath || attachment.url)) {
      this.report.skip('media', attachment.sourceId, 'not an image (only images are kept in the media library)')
      return
    }
    const found = await this.imageFile(attachment)
    if ('reason' in found) {
      this.report.skip('media', attachment.sourceId, found.reason)
      return
    }
    if (!attachment.alt) this.report.note('media', attachment.sourceId, 'the image had no alt text at the source: its title stands in; describe it in the media library')
    if (this.dryRun) {
      place(this.pretendId('attachment', attachment.sourceId))
      this.report.count('media', 'created')
      return
    }
    try {
      const file =
        'path' in found
          ? { filePath: found.path }
          : {
              file: {
                data: found.bytes,
                mimetype: found.mimeType,
                name: path.basename(attachment.relativePath || new URL(attachment.url).pathname) || 'image',
                size: found.bytes.length,
              },
            }
      const created = (await this.payload.create({
        collection: COLLECTION_SLUGS.media,
        data: { alt: this.altOf(attachment), caption },
        ...file,
        overrideAccess: true,
        depth: 0,
      })) as unknown as Doc
      place(String(created.id))
      await this.origins.remember('attachment', attachment.sourceId, String(created.id), digest, null)
      this.report.count('media', 'created')
    } catch (error) {
      this.report.skip('media', attachment.sourceId, `the image was refused: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  /** The image's bytes: from the uploads folder, else (with fetchMedia) from the old site, under the rules for hostile addresses. */
  private async imageFile(attachment: ImportedAttachment): Promise<{ path: string } | { bytes: Buffer; mimeType: string } | { reason: string }> {
    let missing = 'no uploads folder was given (--uploads), nor --fetch-media: the image was not imported'
    if (this.options.uploadsDir) {
      const root = path.resolve(this.options.uploadsDir)
      const file = path.resolve(root, attachment.relativePath)
      if (attachment.relativePath && file.startsWith(`${root}${path.sep}`)) {
        try {
          await access(file)
          return { path: file }
        } catch {
          missing = 'the image’s file is not in the uploads folder'
        }
      } else missing = 'the export gives no usable file path for the image'
    }
    if (!this.options.fetchMedia) return { reason: missing }
    // This machine's addresses only when the old site itself runs here (a local copy of WordPress).
    const fetched = await fetchImage(attachment.url, { ...MEDIA_FETCH, allowLoopback: isLoopbackUrl(this.siteUrl) })
    return fetched.ok ? { bytes: fetched.bytes, mimeType: fetched.mimeType } : { reason: `the image could not be fetched from the old site: ${fetched.reason}` }
  }

  private altOf(attachment: ImportedAttachment): string {
    return (attachment.alt || attachment.title || path.basename(attachment.relativePath)).slice(0, 300)
  }

  private resolveImage = (image: BodyImage): MediaRef | null => {
    if (image.attachmentId) {
      const byId = this.mediaById.get(image.attachmentId)
      if (byId) return byId
    }
    const key = image.src ? uploadKey(image.src) : null
    return (key && this.mediaByFile.get(key)) || null
  }

  // — Posts —

  private async post(post: ImportedPost): Promise<void> {
    const { comments: _comments, ...fields } = post
    const digest = digestOf(fields)
    const write = async (req?: PayloadRequest) => {
      if (req) Object.assign(req.context, { [IMPORTING]: true })
      const origin = await this.origins.one('post', post.sourceId, req)
      let articleId: string
      let slug: string
      if (origin && origin.digest === digest) {
        articleId = origin.docId
        slug = (await this.articleSlug(articleId, req)) ?? post.slug
        this.report.count('articles', 'unchanged')
      } else {
        const data = this.articleData(post)
        if (origin) {
          articleId = origin.docId
          if (!this.dryRun && req) await this.saveArticle(req, post, data, articleId)
          slug = (await this.articleSlug(articleId, req)) ?? post.slug
          this.report.count('articles', 'updated')
        } else {
          const wanted = slugify(post.slug || post.title) || 'article'
          slug = req ? await freeSlug(req, wanted, undefined, post.title) : wanted
          if (slug !== wanted) this.report.note('articles', post.sourceId, 'the post’s address was taken here: it got a numbered one (its old links still redirect to it)')
          articleId = this.dryRun || !req ? this.pretendId('post', post.sourceId) : await this.saveArticle(req, post, { ...data, slug }, null)
          this.report.count('articles', 'created')
        }
        await this.origins.remember('post', post.sourceId, articleId, digest, origin, req)
      }
      const articlePath = `/articles/${slug}`
      const froms = post.oldUrls.flatMap((url) => [url, `${url.replace(/\/+$/, '')}/feed`])
      await this.redirects(
        froms.map((from) => [from, articlePath]),
        req,
      )
      await this.writeComments(post.comments, articleId, req)
    }
    await this.whole(write, (reason) => this.report.skip('articles', post.sourceId, reason))
  }

  /**
   * Runs `write` in one transaction (in a dry run, without one). What the newsroom refuses (a 4xx
   * from its rules) is reported through `refused` and the rest go on; anything else stops the run.
   */
  private async whole(write: (req?: PayloadRequest) => Promise<void>, refused: (reason: string) => void): Promise<void> {
    if (this.dryRun) return write()
    try {
      await inTransaction(this.payload, write)
      for (const [key, id] of this.pendingGuests) this.rememberGuest(key, id)
    } catch (error) {
      const status = (error as { status?: unknown }).status
      if (typeof status !== 'number' || status >= 500) throw error
      refused(`refused: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      this.pendingGuests.clear()
    }
  }

  // — Comments from a comment system, on articles already here —

  /** The article a comment system's page was, by the URL map, an old address's redirect, the page's own address, or a WordPress post id. */
  private async articleFor(thread: ImportedThread): Promise<string | null> {
    const cached = this.threadArticles.get(thread.sourceId)
    if (cached !== undefined) return cached
    let found: string | null = null
    const bySlug = async (address: string): Promise<string | null> => {
      const slug = /^\/articles\/([^/?#]+)/.exec(redirectKey(address) ?? '')?.[1]
      if (!slug) return null
      const doc = (await this.payload.db.findOne({ collection: COLLECTION_SLUGS.articles, where: { slug: { equals: slug } }, select: { id: true } })) as Doc | null
      return doc ? String(doc.id) : null
    }
    for (const url of thread.urls) {
      const mapped = this.options.urlMap?.get(url) ?? this.options.urlMap?.get(url.replace(/\/+$/, ''))
      found = (mapped ? await bySlug(mapped) : null) ?? (await bySlug(url))
      if (found) break
      const key = redirectKey(url)
      const redirect = key
        ? ((await this.payload.db.findOne({ collection: COLLECTION_SLUGS.redirects, where: { from: { equals: key } }, select: { to: true } })) as { to?: string } | null)
        : null
      found = redirect?.to ? await bySlug(redirect.to) : null
      if (found) break
    }
    for (const identifier of found ? [] : thread.identifiers) {
      const postId = /^(\d+)(?:\s|$)/.exec(identifier)?.[1]
      if (!postId) continue
      const { docs } = await this.payload.db.find({
        collection: COLLECTION_SLUGS.importOrigins,
        where: { and: [{ kind: { equals: 'post' } }, { sourceId: { equals: postId } }] },
        limit: 2,
        pagination: false,
      })
      // The same WordPress id from two imported sites says nothing about which one.
      if (docs.length === 1) found = String((docs[0] as unknown as { docId: string }).docId)
      if (found) break
    }
    if (!found)
      this.report.note(
        'other',
        thread.urls[0] ?? thread.sourceId,
        'a discussion matches no article here: its comments were skipped (add its address to --url-map, or import the WordPress site first)',
      )
    this.threadArticles.set(thread.sourceId, found)
    return found
  }

  private async replies(batch: ReadonlyArray<ImportedReply>): Promise<void> {
    const byArticle = new Map<string, ImportedComment[]>()
    for (const { thread, comment } of batch) {
      const article = await this.articleFor(thread)
      if (!article) {
        this.report.skip('comments', comment.sourceId, 'its discussion matches no article here')
        continue
      }
      byArticle.set(article, [...(byArticle.get(article) ?? []), comment])
    }
    await this.whole(
      async (req) => {
        for (const [article, comments] of byArticle) await this.writeComments(comments, article, req)
      },
      (reason) => {
        for (const comments of byArticle.values()) for (const comment of comments) this.report.skip('comments', comment.sourceId, reason)
      },
    )
  }

  private async articleSlug(id: string, req?: PayloadRequest): Promise<string | null> {
    if (id.startsWith('dry-run:')) return null
    const doc = (await this.payload.db.findOne({ collection: COLLECTION_SLUGS.articles, where: { id: { equals: id } }, select: { slug: true }, req })) as { slug?: string } | null
    return doc?.slug ?? null
  }

  private articleData(post: ImportedPost): Record<string, unknown> {
    const id = post.sourceId
    for (const note of post.notes) this.report.note('articles', id, note)
    let title = post.title.slice(0, 200)
    let status = post.status
    if (!title) {
      title = `Untitled (post ${id})`
      status = 'draft'
      this.report.note('articles', id, 'the post had no title: imported as a draft called “Untitled (post …)”; give it a headline')
    }
    const { nodes, notes } = wordpressBody(post.contentHtml, this.resolveImage)
    for (const note of notes) this.report.note('articles', id, note)
    let dek = excerptText(post.excerpt)
    if (dek.length > DEK_MAX) {
      dek = `${dek.slice(0, DEK_MAX - 1).replace(/\s+\S*$/, '')}…`
      this.report.note('articles', id, `the excerpt was longer than a dek’s ${DEK_MAX} characters: it was shortened`)
    }
    const hero = post.thumbnailId ? this.mediaById.get(post.thumbnailId) : undefined
    if (post.thumbnailId && !hero) this.report.note('articles', id, 'the featured image could not be imported: the article has no hero image')
    const author = this.staffByLogin.get(post.authorLogin)
    if (!author)
      this.report.note(
        'articles',
        id,
        post.authorLogin
          ? `the author "${post.authorLogin}" is not a staff member here: the article has no byline`
          : 'the post has no author at the source: the article has no byline',
      )
    const [section, ...others] = post.sectionSlugs.map((slug) => this.topicBySlug.get(`section:${slug}`)).filter((topic): topic is string => Boolean(topic))
    if (others.length) this.report.note('articles', id, 'the post was in several categories: the first is its section, the others are not kept on it')
    if (post.sectionSlugs.length > (section ? 1 + others.length : others.length))
      this.report.note('articles', id, 'a category the post is in was not in the export’s list of categories')
    const tags = post.tagSlugs.map((slug) => this.topicBySlug.get(`tag:${slug}`)).filter((topic): topic is string => Boolean(topic))
    const now = Date.now()
    const publishedAt = post.publishedAt ?? (status === 'published' ? new Date(now).toISOString() : null)
    return {
      title,
      dek: dek || null,
      body: nodes.length ? nodes : [{ children: [{ text: '' }] }],
      heroImage: hero?.id ?? null,
      section: section ?? null,
      tags,
      authors: author ? [author] : [],
      publishedAt,
      comments: post.commentsOpen ? 'open' : 'closed',
      _status: status,
      // Subscribers were told of these stories by the old site, if at all: an import announces nothing.
      ...(status === 'published' ? { announcedAt: publishedAt } : {}),
    }
  }

  private async saveArticle(req: PayloadRequest, post: ImportedPost, data: Record<string, unknown>, id: string | null): Promise<string> {
    delete (req.context as Record<string, unknown>)[IMPORT_PROBLEMS]
    const draft = data._status !== 'published'
    let saved: Doc
    if (id) {
      const { slug: _fixed, ...changes } = data
      saved = (await this.payload.update({ collection: COLLECTION_SLUGS.articles, id, data: changes, draft, overrideAccess: true, depth: 0, req })) as unknown as Doc
    } else saved = (await this.payload.create({ collection: COLLECTION_SLUGS.articles, data, draft, overrideAccess: true, depth: 0, req })) as unknown as Doc
    const problems = (req.context as Record<string, unknown>)[IMPORT_PROBLEMS] as Array<{ message: string }> | undefined
    for (const problem of problems ?? []) this.report.note('articles', post.sourceId, `published as it was, though the publish rules say: ${problem.message}`)
    // The story's own dates, not the import's.
    const updatedAt = post.modifiedAt ?? post.publishedAt
    if (updatedAt)
      await this.payload.db.updateOne({ collection: COLLECTION_SLUGS.articles, id: saved.id, data: { updatedAt, createdAt: post.publishedAt ?? updatedAt }, req, returning: false })
    return String(saved.id)
  }

  // — Comments —

  /** An article's comments, written with their threads; counted, and the pages marked stale, once for all. */
  private async writeComments(comments: ReadonlyArray<ImportedComment>, articleId: string, req?: PayloadRequest): Promise<void> {
    if (!comments.length) return
    const origins = await this.origins.many(
      'comment',
      comments.map((comment) => comment.sourceId),
      req,
    )
    const bySource = new Map(comments.map((comment) => [comment.sourceId, comment]))
    const placed = new Map<string, Parent>()
    const changes: CommentChange[] = []
    // Parents before their replies, whatever order the export lists them in.
    const ordered: ImportedComment[] = []
    const visiting = new Set<string>()
    const visit = (comment: ImportedComment) => {
      if (visiting.has(comment.sourceId)) return
      visiting.add(comment.sourceId)
      const parent = comment.parentId ? bySource.get(comment.parentId) : undefined
      if (parent) visit(parent)
      ordered.push(comment)
    }
    comments.forEach(visit)
    for (const comment of ordered) {
      const change = await this.comment(comment, articleId, origins.get(comment.sourceId) ?? null, bySource, placed, req)
      if (change) changes.push(change)
    }
    if (changes.length && req && !this.dryRun) await afterCommentChanges(req, changes, 'import')
  }

  private async parentFacts(docId: string, req?: PayloadRequest): Promise<Parent | null> {
    if (docId.startsWith('dry-run:')) return { id: docId, thread: null, status: 'approved', depth: 1 }
    return (await this.payload.db.findOne({
      collection: COLLECTION_SLUGS.comments,
      where: { id: { equals: docId } },
      select: { thread: true, status: true, depth: true },
      req,
    })) as Parent | null
  }

  private async comment(
    comment: ImportedComment,
    articleId: string,
    origin: Origin | null,
    bySource: ReadonlyMap<string, ImportedComment>,
    placed: Map<string, Parent>,
    req?: PayloadRequest,
  ): Promise<CommentChange | null> {
    const id = comment.sourceId
    if (comment.kind !== 'comment' && this.options.pingbacks === 'skip') {
      this.report.skip('comments', id, `a ${comment.kind}, skipped as asked (--skip-pingbacks)`)
      return null
    }
    const body = normaliseBody(commentText(comment.contentHtml))
    if (!body) {
      this.report.skip('comments', id, 'the comment has no text')
      return null
    }
    const digest = digestOf(comment)
    if (origin && origin.digest === digest) {
      placed.set(id, (await this.parentFacts(origin.docId, req)) ?? { id: origin.docId })
      this.report.count('comments', 'unchanged')
      return null
    }
    if (comment.statusNote) this.report.note('comments', id, comment.statusNote)
    const author = await this.authorOf(comment, req)
    const text = Buffer.byteLength(body) > DEFAULT_POLICY.maxBodyBytes ? this.shortened(body, id) : body
    const status: CommentStatus = comment.status
    const at = comment.date
    if (origin) {
      const before = (await this.payload.db.findOne({
        collection: COLLECTION_SLUGS.comments,
        where: { id: { equals: origin.docId } },
        select: { status: true, body: true, article: true, reader: true, guestCommenter: true, reportCount: true },
        req,
      })) as (Doc & { status?: CommentStatus }) | null
      if (!before) {
        this.report.skip('comments', id, 'imported before, then deleted here: not brought back')
        return null
      }
      const now = new Date().toISOString()
      // The log is appended to, never rewritten ($push), as the queue's decisions are.
      const entry =
        before.status !== status
          ? { id: randomBytes(12).toString('hex'), at: now, by: null, from: before.status, to: status, reason: 'import', note: 'changed at the source' }
          : null
      if (!this.dryRun)
        await this.payload.db.updateOne({
          collection: COLLECTION_SLUGS.comments,
          id: origin.docId,
          data: {
            body: text,
            bodyHash: bodyHash(text),
            status,
            authorName: author.name,
            authorUrl: author.url,
            ...(entry ? { moderationLog: { $push: entry } } : {}),
            updatedAt: now,
          },
          req,
          returning: false,
        })
      await this.origins.remember('comment', id, origin.docId, digest, origin, req)
      placed.set(id, (await this.parentFacts(origin.docId, req)) ?? { id: origin.docId })
      this.report.count('comments', 'updated')
      return { before: before as CommentChange['before'], after: { ...before, status, body: text } }
    }
    let parent: Parent | null = null
    if (comment.parentId) {
      parent = placed.get(comment.parentId) ?? null
      if (!parent) {
        const earlier = await this.origins.one('comment', comment.parentId, req)
        parent = earlier ? await this.parentFacts(earlier.docId, req) : null
      }
      if (!parent) {
        this.report.note(
          'comments',
          id,
          bySource.has(comment.parentId)
            ? 'the comment it answers was not imported: it stands at the top level'
            : 'the comment it answers is not in the export: it stands at the top level',
        )
      }
    }
    const identityKey = author.identityKey
    const data = {
      article: articleId,
      parent: parent ? parent.id : null,
      ...placeUnder(parent),
      authorKind: author.kind,
      authorName: author.name,
      authorUrl: author.url,
      avatarKey: avatarKeyFor(identityKey),
      reader: null,
      signedInWith: null,
      guestCommenter: author.guestCommenter,
      staffAuthor: author.staff,
      guestEmail: author.kind === 'guest' ? comment.authorEmail.slice(0, 100) || null : null,
      body: text,
      status,
      holdReasons: [],
      moderationLog: [{ id: randomBytes(12).toString('hex'), at, by: null, from: null, to: status, reason: 'import', note: `comment ${id} at ${this.report.site}` }],
      reportCount: 0,
      identityKey,
      bodyHash: bodyHash(text),
      ipHash: comment.ip ? ipHash(this.payload.secret, comment.ip) : null,
      userAgent: comment.userAgent.slice(0, 500) || null,
      createdAt: at,
      updatedAt: at,
    }
    let docId = this.pretendId('comment', id)
    if (!this.dryRun) docId = await insertRow(this.payload, COLLECTION_SLUGS.comments, data, req)
    await this.origins.remember('comment', id, docId, digest, null, req)
    placed.set(id, { id: docId, thread: data.thread, status, depth: data.depth })
    this.report.count('comments', 'created')
    return { before: null, after: { id: docId, status, article: articleId, reader: null, guestCommenter: author.guestCommenter } }
  }

  private shortened(body: string, id: string): string {
    this.report.note('comments', id, `the comment was longer than the ${DEFAULT_POLICY.maxBodyBytes.toLocaleString('en')} bytes a comment may hold: it was shortened`)
    let text = body
    while (Buffer.byteLength(text) > DEFAULT_POLICY.maxBodyBytes - 3) text = text.slice(0, Math.floor(text.length * 0.95))
    return `${text}…`
  }

  private async authorOf(
    comment: ImportedComment,
    req?: PayloadRequest,
  ): Promise<{ kind: 'guest' | 'staff'; name: string; url: string | null; identityKey: string; guestCommenter: string | null; staff: string | null }> {
    // WordPress keeps names as it shows them, entities and all (a pingback's "Blog &raquo; Post").
    const name = (excerptText(comment.authorName) || (comment.kind === 'comment' ? 'Anonymous' : comment.authorUrl) || 'Anonymous').slice(0, 245)
    const url = /^https?:\/\/\S+$/i.test(comment.authorUrl) ? comment.authorUrl.slice(0, 500) : null
    const email = comment.authorEmail.trim().toLowerCase()
    // Only a comment the old site knew as signed in is staff's: anyone could type an editor's address.
    const staff = comment.userId && comment.userId !== '0' && email ? this.staffByEmail.get(email) : undefined
    if (staff) return { kind: 'staff', name, url, identityKey: `staff:${staff.id}`, guestCommenter: null, staff: staff.id }
    const identityKey = email
      ? guestIdentityKey(this.payload.secret, email)
      : comment.authorKey
        ? sourceIdentityKey(this.payload.secret, 'key', comment.authorKey)
        : comment.ip
          ? `guest-ip:${ipHash(this.payload.secret, comment.ip)}`
          : sourceIdentityKey(this.payload.secret, 'name', name)
    return { kind: 'guest', name, url, identityKey, guestCommenter: await this.guestCommenter(identityKey, name, email, comment.date, req), staff: null }
  }

  private async guestCommenter(identityKey: string, name: string, email: string, at: string, req?: PayloadRequest): Promise<string | null> {
    const cached = this.guests.get(identityKey) ?? this.pendingGuests.get(identityKey)
    if (cached) return cached
    let id: string
    const found = (await this.payload.db.findOne({
      collection: COLLECTION_SLUGS.guestCommenters,
      where: { identityKey: { equals: identityKey } },
      select: { id: true },
      req,
    })) as Doc | null
    if (found) id = String(found.id)
    else if (this.dryRun) id = `dry-run:guest:${identityKey}`
    else
      id = await insertRow(
        this.payload,
        COLLECTION_SLUGS.guestCommenters,
        { identityKey, name, email: email.slice(0, 100), status: 'active', approvedCount: 0, rejectedCount: 0, lastCommentAt: at, createdAt: at, updatedAt: at },
        req,
      )
    // A transaction that fails takes its new records with it: the cache takes them once it commits.
    if (this.dryRun) this.rememberGuest(identityKey, id)
    else this.pendingGuests.set(identityKey, id)
    return id
  }

  private rememberGuest(identityKey: string, id: string): void {
    this.guests.set(identityKey, id)
    if (this.guests.size > 10_000) this.guests.delete(this.guests.keys().next().value!)
  }

  /** Guests met in the post being written, taken into the cache once it commits. */
  private readonly pendingGuests = new Map<string, string>()
}

/** Runs an import and stores it with its report (unless it is a dry run). */
export async function importInto(payload: Payload, source: ImportSource, options: ImportOptions): Promise<{ report: ImportReportData; text: string }> {
  const summarySite = (await source.summary()).site
  const run = options.dryRun
    ? null
    : ((await payload.create({
        collection: COLLECTION_SLUGS.importRuns,
        data: { file: options.file, format: source.format, site: summarySite.id, dryRun: false, status: 'running', startedAt: new Date().toISOString() },
        overrideAccess: true,
        depth: 0,
      })) as unknown as Doc)
  const job = new Import(payload, source, options, summarySite.id)
  try {
    const report = await job.run()
    const text = reportText(report)
    if (run)
      await payload.update({
        collection: COLLECTION_SLUGS.importRuns,
        id: run.id,
        data: { status: 'finished', finishedAt: new Date().toISOString(), report, reportText: text },
        overrideAccess: true,
        depth: 0,
      })
    return { report, text }
  } catch (error) {
    if (run)
      await payload.update({
        collection: COLLECTION_SLUGS.importRuns,
        id: run.id,
        data: { status: 'failed', finishedAt: new Date().toISOString(), error: error instanceof Error ? error.message : String(error) },
        overrideAccess: true,
        depth: 0,
      })
    throw error
  }
}
