/**
 * What an import brings in, whatever it comes from: one shape per kind of record, read from an
 * export file by a source (one file per format: wordpress.ts) and written by the writer
 * (writer.ts). Nothing here knows Payload or a file format.
 */

/** Request-context flag: this write is the importer's (publish rules report rather than refuse; nothing is announced). */
export const IMPORTING = 'newsroom:importing'
/** Request-context key where the article hooks leave the publish rules' findings for the importer's report. */
export const IMPORT_PROBLEMS = 'newsroom:importProblems'

export type ImportedSite = {
  /** Identifies the site the records came from, so a second import of it updates rather than duplicates. */
  readonly id: string
  readonly title: string
  /** Where the site lived: its old links are redirected from paths under it. */
  readonly url: string
  readonly formatVersion: string
}

export type ImportedPerson = {
  readonly sourceId: string
  /** The name posts refer to their author by (WordPress: the login). */
  readonly login: string
  readonly email: string
  readonly displayName: string
}

export type ImportedTerm = {
  readonly sourceId: string
  readonly kind: 'section' | 'tag'
  /** The term's slug at the source (its URL part). */
  readonly slug: string
  readonly name: string
  readonly description: string
  /** The parent term's slug, for nested categories (their old URLs hold the whole path). */
  readonly parentSlug: string | null
}

export type ImportedAttachment = {
  readonly sourceId: string
  readonly url: string
  /** The file's path inside the uploads folder ("2019/11/photo.jpg"). */
  readonly relativePath: string
  readonly title: string
  readonly alt: string
  readonly caption: string
}

/** What an imported comment's status was at the source, mapped to ours. */
export type ImportedCommentStatus = 'approved' | 'pending' | 'spam' | 'trash'

export type ImportedComment = {
  readonly sourceId: string
  readonly parentId: string | null
  readonly kind: 'comment' | 'pingback' | 'trackback'
  readonly authorName: string
  readonly authorEmail: string
  readonly authorUrl: string
  /** The source's account id of a signed-in commenter ('' or '0' for a guest): only these may map to staff. */
  readonly userId: string
  /** Who the commenter is at the source when there is no address (a Disqus username); '' when unknown. */
  readonly authorKey?: string
  readonly ip: string
  readonly userAgent: string
  /** ISO time. */
  readonly date: string
  readonly status: ImportedCommentStatus
  /** The comment as the source stored it (WordPress: a little HTML). */
  readonly contentHtml: string
  /** A note for the report when the status needed judgement (a comment of a trashed post). */
  readonly statusNote: string | null
}

export type ImportedPost = {
  readonly sourceId: string
  readonly title: string
  readonly slug: string
  readonly status: 'published' | 'draft'
  /** ISO times; publishedAt in the future makes a scheduled story. */
  readonly publishedAt: string | null
  readonly modifiedAt: string | null
  readonly excerpt: string
  readonly authorLogin: string
  readonly sectionSlugs: ReadonlyArray<string>
  readonly tagSlugs: ReadonlyArray<string>
  readonly contentHtml: string
  readonly thumbnailId: string | null
  readonly commentsOpen: boolean
  /** Every old address of the post: its permalink and its short link, as full URLs. */
  readonly oldUrls: ReadonlyArray<string>
  readonly comments: ReadonlyArray<ImportedComment>
  /** What the source said that the mapping had to decide (private → draft, …), for the report. */
  readonly notes: ReadonlyArray<string>
}

/** A page with comments, as a comment system knows it: matched to an article here by its addresses or identifiers. */
export type ImportedThread = {
  readonly sourceId: string
  readonly urls: ReadonlyArray<string>
  /** The source's own names for the page (Disqus: "123 https://old.example/?p=123" from its WordPress plugin). */
  readonly identifiers: ReadonlyArray<string>
  readonly title: string
}

/** A comment on an article that is already here (from a comment system's export), with the page it was on. */
export type ImportedReply = { readonly thread: ImportedThread; readonly comment: ImportedComment }

/** A record the source holds that the newsroom does not import, with the reason. */
export type SkippedRecord = { readonly kind: string; readonly sourceId: string; readonly reason: string }

/** Everything but the posts, read in a first pass over the file, with the totals for progress. */
export type SourceSummary = {
  readonly site: ImportedSite
  readonly people: ReadonlyArray<ImportedPerson>
  readonly terms: ReadonlyArray<ImportedTerm>
  readonly attachments: ReadonlyArray<ImportedAttachment>
  readonly totals: { readonly posts: number; readonly comments: number }
}

export type SourceRecord = ImportedPost | ImportedReply | SkippedRecord

/**
 * An export file of some format. `summary()` reads the whole file once (and so finds a malformed
 * or truncated one before anything is written); `records()` streams it again, a post (with its
 * comments) or a comment at a time.
 */
export interface ImportSource {
  readonly format: string
  summary(): Promise<SourceSummary>
  records(): AsyncIterable<SourceRecord>
}

export const isSkipped = (record: SourceRecord): record is SkippedRecord => 'reason' in record
export const isReply = (record: SourceRecord): record is ImportedReply => 'thread' in record
