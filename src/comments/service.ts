/**
 * The comment service: runs the moderation policy on submissions and stores the outcome, reads
 * threads for the site, and carries out moderators' decisions. Handlers (the site's form, the
 * admin's queue) stay thin and call this.
 */
import { randomBytes } from 'node:crypto'

import { ValidationError, type Payload, type PayloadRequest, type Where } from 'payload'

import { COMMENT_CONTEXT } from '../../collections/Comments'
import { afterCommentChanges, type CommentChange } from '../../collections/hooks/commentChanges'
import { isProviderId, type ProviderId } from '../auth/providers'
import type { ReaderDoc } from '../auth/readerSessions'
import { insertRow } from '../database/insertRow'
import { inTransaction } from '../database/transactions'
import { canModerate } from '../editorial/roles'
import { applyDecision, type LogEntry } from '../moderation/decisions'
import { moderate, moderateEdit, type CommentAuthor, type CommentPolicy, type Standing, type Verdict } from '../moderation/policy'
import { policyFromSettings } from '../moderation/settings'
import { normaliseBody } from '../moderation/text'
import { COMMENT_STATUSES, type CommentStatus } from '../moderation/vocabulary'
import { COLLECTION_SLUGS, GLOBAL_SLUGS } from '../types'
import type { Subscriptions } from '../mail/subscriptions'
import { ORIGIN_CONTEXT } from './reactions'
import { placeUnder } from './thread'
import { avatarKeyFor, bodyHash, guestIdentityKey, ipHash, readerIdentityKey, staffIdentityKey } from './identity'

type Id = string
type Doc = Record<string, unknown> & { id: string | number }

export type StaffAuthor = { readonly id: string; readonly name: string; readonly roles: ReadonlyArray<string> }

export type SubmittedAuthor =
  | { readonly kind: 'guest'; readonly name: string; readonly email: string; readonly url: string }
  | { readonly kind: 'reader'; readonly reader: ReaderDoc; readonly provider?: string | null }
  | { readonly kind: 'staff'; readonly staff: StaffAuthor }

export type ArticleRef = { readonly id: string; readonly commentsOpen: boolean; readonly publishedAt: string | null; readonly title?: string }

export type SubmitInput = {
  readonly article: ArticleRef
  readonly parentId: string | null
  readonly body: string
  readonly author: SubmittedAuthor
  readonly honeypot: string
  readonly secondsOnPage: number | null
  readonly ip: string
  readonly userAgent: string
  /** "Notify me": replies to this comment, or every new comment on the article, by email. */
  readonly notify?: { readonly replies: boolean; readonly comments: boolean; readonly posts?: boolean }
}

export type SubmitResult = { readonly verdict: Verdict; readonly comment: { readonly id: Id; readonly status: CommentStatus } | null }

/** A comment as the site shows it: public fields only. */
export type CommentView = {
  readonly id: Id
  readonly parentId: Id | null
  readonly depth: number
  readonly authorKind: 'guest' | 'reader' | 'staff'
  readonly authorName: string
  readonly authorUrl: string | null
  readonly avatarKey: string | null
  readonly body: string
  readonly status: CommentStatus
  readonly createdAt: string
  readonly editedAt: string | null
  readonly readerId: Id | null
  /** The provider a signed-in reader used, for the mark beside their name. */
  readonly signedInWith: ProviderId | null
  /** A signed-in reader's stored picture (its hash), shown instead of an identicon. */
  readonly readerAvatarHash: string | null
}

export type Decision = 'approve' | 'pending' | 'spam' | 'trash' | 'reject'
const DECISION_STATUS: Record<Decision, CommentStatus> = { approve: 'approved', pending: 'pending', spam: 'spam', trash: 'trash', reject: 'rejected' }
export const DECISIONS = Object.keys(DECISION_STATUS) as Decision[]

export class CommentError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 429,
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }
}

/** The form field each stored comment field comes from, so a refusal can name what the reader typed. */
const FORM_FIELD: Readonly<Record<string, string>> = { body: 'comment', authorName: 'author', authorUrl: 'url', guestEmail: 'email' }

/** A storage-level refusal (Payload's ValidationError: a field too long, say) in the form's own terms. */
function asCommentError(error: unknown): CommentError | null {
  if (!(error instanceof ValidationError)) return null
  const first = error.data.errors[0]
  const field = first?.path ? (FORM_FIELD[first.path] ?? first.path) : undefined
  return new CommentError(
    400,
    first?.message ? `${field ? `${field[0]!.toUpperCase()}${field.slice(1)}: ` : ''}${first.message}` : 'The comment could not be stored as sent.',
    field,
  )
}

/** An id for a row of an array field (hold reasons, log entries), as Payload gives them. */
const rowId = (): string => randomBytes(12).toString('hex')

const idOf = (value: unknown): Id | null =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : value && typeof value === 'object' && 'id' in value ? String((value as { id: unknown }).id) : null

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

export function commentView(doc: Doc): CommentView {
  return {
    id: String(doc.id),
    parentId: idOf(doc.parent),
    depth: typeof doc.depth === 'number' ? doc.depth : 1,
    authorKind: doc.authorKind === 'reader' || doc.authorKind === 'staff' ? doc.authorKind : 'guest',
    authorName: String(doc.authorName ?? ''),
    authorUrl: str(doc.authorUrl),
    avatarKey: str(doc.avatarKey),
    body: String(doc.body ?? ''),
    status: (COMMENT_STATUSES as readonly string[]).includes(String(doc.status)) ? (doc.status as CommentStatus) : 'pending',
    createdAt: String(doc.createdAt ?? ''),
    editedAt: str(doc.editedAt),
    readerId: idOf(doc.reader),
    signedInWith: isProviderId(doc.signedInWith) ? doc.signedInWith : null,
    readerAvatarHash: doc.reader && typeof doc.reader === 'object' ? str((doc.reader as Doc).avatarHash) : null,
  }
}

const PUBLIC_SELECT = {
  parent: true,
  depth: true,
  authorKind: true,
  authorName: true,
  authorUrl: true,
  avatarKey: true,
  body: true,
  status: true,
  createdAt: true,
  editedAt: true,
  reader: true,
  signedInWith: true,
} as const

/** At most this many replies are read for one page of threads (a page shows its threads whole up to it). */
export const MAX_REPLIES_PER_PAGE = 1000

function standingOf(doc: Record<string, unknown> | null | undefined): Standing {
  const status = doc?.status
  return {
    status: status === 'premoderated' || status === 'suspended' || status === 'banned' ? status : 'active',
    suspendedUntil: str(doc?.suspendedUntil),
    statusReason: str(doc?.statusReason),
  }
}

export class CommentService {
  constructor(
    private readonly payload: Payload,
    private readonly staffSlug: string,
    /** Where "notify me" goes; without it the service subscribes no one. */
    private readonly subscriptions?: Subscriptions,
  ) {}

  private get secret(): string {
    return this.payload.secret
  }

  async policy(): Promise<CommentPolicy> {
    return policyFromSettings((await this.payload.findGlobal({ slug: GLOBAL_SLUGS.commentPolicy, overrideAccess: true, depth: 0 })) as Record<string, unknown>)
  }

  /**
   * Runs the policy on a submission and stores it (approved, held or spam); refusals store
   * nothing. Everything the verdict depends on (the commenter's standing and last comment, a
   * duplicate, the parent) is read inside the same write transaction that stores the comment
   * and the commenter's record: two submissions can never both pass a flood or duplicate check
   * that only one of them should, in this process or another, and a failure stores neither.
   */
  async submit(input: SubmitInput, policy?: CommentPolicy): Promise<SubmitResult> {
    const rules = policy ?? (await this.policy())
    const body = normaliseBody(input.body)
    try {
      return await inTransaction(this.payload, (req) => this.submitIn(req, input, body, rules))
    } catch (error) {
      throw asCommentError(error) ?? error
    }
  }

  private async submitIn(req: PayloadRequest, input: SubmitInput, body: string, rules: CommentPolicy): Promise<SubmitResult> {
    const now = new Date()

    // Who is commenting, and how they stand.
    let identityKey: string
    let standingDoc: Doc | null = null
    let author: CommentAuthor
    if (input.author.kind === 'guest') {
      const guest = { name: input.author.name.trim(), email: input.author.email.trim(), url: input.author.url.trim() }
      identityKey = guest.email ? guestIdentityKey(this.secret, guest.email) : `guest-ip:${ipHash(this.secret, input.ip)}`
      standingDoc = await this.findOne(req, COLLECTION_SLUGS.guestCommenters, { identityKey: { equals: identityKey } })
      author = { kind: 'guest', ...guest, standing: standingOf(standingDoc) }
    } else if (input.author.kind === 'reader') {
      identityKey = readerIdentityKey(input.author.reader.id)
      standingDoc = await this.findOne(req, COLLECTION_SLUGS.readers, { id: { equals: input.author.reader.id } })
      if (!standingDoc) throw new CommentError(403, 'Your reader account no longer exists; please sign in again.')
      author = { kind: 'reader', name: String(standingDoc.displayName ?? input.author.reader.displayName), standing: standingOf(standingDoc) }
    } else {
      identityKey = staffIdentityKey(input.author.staff.id)
      author = { kind: 'staff', name: input.author.staff.name }
    }

    // What came before: the parent replied to, the commenter's last comment, a duplicate.
    // Only a published comment on this article can be answered (moderate() refuses the rest).
    let parent: Doc | null | undefined
    if (input.parentId) {
      const found = await this.findOne(req, COLLECTION_SLUGS.comments, { id: { equals: input.parentId } }, undefined, { article: true, status: true, depth: true, thread: true })
      parent = found && idOf(found.article) === input.article.id && found.status === 'approved' ? found : null
    }
    const hashedIp = ipHash(this.secret, input.ip)
    const hashedBody = bodyHash(body)
    const lastByAddress = await this.findOne(req, COLLECTION_SLUGS.comments, { ipHash: { equals: hashedIp } }, '-createdAt', { createdAt: true })
    const duplicate = await this.findOne(
      req,
      COLLECTION_SLUGS.comments,
      {
        and: [
          { article: { equals: input.article.id } },
          { identityKey: { equals: identityKey } },
          { bodyHash: { equals: hashedBody } },
          ...(rules.duplicateWindowHours > 0 ? [{ createdAt: { greater_than: new Date(now.getTime() - rules.duplicateWindowHours * 3_600_000).toISOString() } }] : []),
        ],
      },
      undefined,
      { id: true },
    )
    const times = [str(standingDoc?.lastCommentAt), str(lastByAddress?.createdAt)].filter((time): time is string => Boolean(time)).map((time) => Date.parse(time))
    const verdict = moderate(
      {
        body,
        author,
        article: input.article,
        parent: parent && { depth: typeof parent.depth === 'number' ? parent.depth : 1 },
        honeypot: input.honeypot,
        secondsOnPage: input.secondsOnPage,
      },
      { lastCommentAt: times.length ? new Date(Math.max(...times)) : null, duplicate: Boolean(duplicate), approvedBefore: Number(standingDoc?.approvedCount ?? 0) },
      rules,
      now,
    )
    if (verdict.outcome === 'refuse') return { verdict, comment: null }

    const at = now.toISOString()
    const status: CommentStatus = verdict.outcome === 'approve' ? 'approved' : verdict.outcome === 'hold' ? 'pending' : 'spam'
    // The commenter's record is the system's own bookkeeping (no editorial hooks apply): written at the adapter.
    if (input.author.kind === 'guest') {
      const data = { identityKey, name: input.author.name.trim(), email: input.author.email.trim(), lastCommentAt: at, updatedAt: at }
      if (standingDoc) await this.payload.db.updateOne({ collection: COLLECTION_SLUGS.guestCommenters, id: standingDoc.id, data, req, returning: false })
      else
        standingDoc = { id: await insertRow(this.payload, COLLECTION_SLUGS.guestCommenters, { ...data, status: 'active', approvedCount: 0, rejectedCount: 0, createdAt: at }, req) }
    } else if (input.author.kind === 'reader') {
      await this.payload.db.updateOne({ collection: COLLECTION_SLUGS.readers, id: input.author.reader.id, data: { lastCommentAt: at }, req, returning: false })
    }

    const reasonText = verdict.reasons.map((reason) => reason.text).join('; ')
    const comment = {
      article: input.article.id,
      parent: input.parentId && parent ? input.parentId : null,
      ...placeUnder(parent ?? null),
      authorKind: input.author.kind,
      authorName: author.name,
      authorUrl: input.author.kind === 'guest' ? input.author.url.trim() || null : input.author.kind === 'reader' ? (input.author.reader.profileUrl ?? null) : null,
      avatarKey: avatarKeyFor(identityKey),
      reader: input.author.kind === 'reader' ? input.author.reader.id : null,
      signedInWith: input.author.kind === 'reader' && isProviderId(input.author.provider) ? input.author.provider : null,
      guestCommenter: input.author.kind === 'guest' ? (standingDoc?.id ?? null) : null,
      staffAuthor: input.author.kind === 'staff' ? input.author.staff.id : null,
      guestEmail: input.author.kind === 'guest' ? input.author.email.trim() || null : null,
      body,
      status,
      holdReasons: verdict.reasons.map((reason) => ({ id: rowId(), code: reason.code, text: reason.text })),
      moderationLog: [{ id: rowId(), at, by: null, from: null, to: status, reason: 'moderation policy', note: reasonText || null }],
      reportCount: 0,
      identityKey,
      bodyHash: hashedBody,
      ipHash: hashedIp,
      userAgent: input.userAgent.slice(0, 500),
      createdAt: at,
      updatedAt: at,
    }
    // Stored at the adapter, without the collection's hooks: every field here is either the
    // policy's verdict or input the policy has just checked against its limits, and this is the
    // busiest write in the newsroom. What the hooks would do after it is done here, the one way
    // every comment change does it.
    const created = { id: await insertRow(this.payload, COLLECTION_SLUGS.comments, comment, req) }
    await afterCommentChanges(
      req,
      [{ before: null, after: { id: created.id, status, article: comment.article, reader: comment.reader, guestCommenter: comment.guestCommenter } }],
      'form',
    )
    // "Notify me", with the comment (never for one judged spam: no confirmation mail for a bot's address).
    const email = input.author.kind === 'guest' ? input.author.email.trim() : input.author.kind === 'reader' ? (str(standingDoc?.email) ?? '') : ''
    if (this.subscriptions && email && status !== 'spam') {
      for (const kind of ['replies', 'comments', 'posts'] as const)
        if (input.notify?.[kind]) await this.subscriptions.subscribe(req, { email, kind, article: input.article.id, articleTitle: input.article.title ?? 'a story', now })
    }
    return { verdict, comment: { id: String(created.id), status } }
  }

  /**
   * One page of an article's published thread: that page's top-level comments (by the index on
   * article, status, place and time) and the published replies in their threads (by the index
   * on thread). Nothing read grows with the number of comments on other pages; the page count
   * comes from the article's kept count.
   */
  async threadPage(articleId: string, options: { page: number; perPage: number; order: 'oldest' | 'newest' }): Promise<{ roots: CommentView[]; replies: CommentView[] }> {
    const roots = await this.payload.db.find({
      collection: COLLECTION_SLUGS.comments,
      where: { and: [{ article: { equals: articleId } }, { status: { equals: 'approved' } }, { startsThread: { equals: true } }] },
      sort: options.order === 'newest' ? '-createdAt' : 'createdAt',
      limit: options.perPage,
      page: options.page,
      // Drizzle's adapters skip to the page without counting; mongoose-paginate skips only when paginating.
      pagination: this.payload.db.name === 'mongoose',
      select: { ...PUBLIC_SELECT, thread: true },
    })
    const rootDocs = roots.docs as Doc[]
    if (rootDocs.length === 0) return { roots: [], replies: [] }
    // A top-level reply (its parent unpublished) brings the rest of its original thread; the view keeps only what is under it.
    const threadIds = [...new Set(rootDocs.map((doc) => idOf(doc.thread) ?? String(doc.id)))]
    const replies = await this.payload.db.find({
      collection: COLLECTION_SLUGS.comments,
      where: { and: [{ thread: { in: threadIds } }, { status: { equals: 'approved' } }] },
      sort: 'createdAt',
      limit: MAX_REPLIES_PER_PAGE,
      pagination: false,
      select: PUBLIC_SELECT,
    })
    const views = await this.withPictures([...rootDocs, ...(replies.docs as Doc[])])
    return { roots: views.slice(0, rootDocs.length), replies: views.slice(rootDocs.length) }
  }

  /**
   * What one viewer has of their own on an article: their comments awaiting moderation (a
   * guest's by the ids in their signed cookie, a reader's by account) and, for a reader, the
   * published ones they may still edit. At most 50, newest last.
   */
  async ownComments(
    articleId: string,
    viewer: { commentIds: ReadonlyArray<string>; readerId: string | null; readerAvatarHash?: string | null; editWindowMinutes: number },
  ): Promise<{ pending: CommentView[]; editable: CommentView[] }> {
    const mine: Where[] = []
    if (viewer.commentIds.length) mine.push({ and: [{ id: { in: [...viewer.commentIds] } }, { status: { in: ['pending', 'spam'] } }] })
    if (viewer.readerId) {
      const since = new Date(Date.now() - viewer.editWindowMinutes * 60_000).toISOString()
      mine.push({ and: [{ reader: { equals: viewer.readerId } }, { or: [{ status: { in: ['pending', 'spam'] } }, { createdAt: { greater_than: since } }] }] })
    }
    if (mine.length === 0) return { pending: [], editable: [] }
    const { docs } = await this.payload.db.find({
      collection: COLLECTION_SLUGS.comments,
      where: { and: [{ article: { equals: articleId } }, mine.length === 1 ? mine[0]! : { or: mine }] },
      sort: 'createdAt',
      limit: 50,
      pagination: false,
      select: PUBLIC_SELECT,
    })
    // The viewer's own picture is known already: only another reader's comments (from a guest's cookie) need a look.
    const known = viewer.readerId && viewer.readerAvatarHash !== undefined ? new Map([[viewer.readerId, viewer.readerAvatarHash]]) : undefined
    const views = await this.withPictures(docs as Doc[], known)
    return {
      // A comment the policy marked as spam is shown to its author as pending: nothing tells a bot it was caught.
      pending: views.filter((comment) => comment.status === 'pending' || comment.status === 'spam').map((comment) => ({ ...comment, status: 'pending' as const })),
      editable: views.filter((comment) => comment.status === 'approved' && viewer.readerId !== null && comment.readerId === viewer.readerId),
    }
  }

  /**
   * Comments as the site shows them, each signed-in reader's with their stored picture (the hash
   * in its address), read once for all the readers among them unless `known` already has it.
   */
  private async withPictures(docs: ReadonlyArray<Doc>, known: ReadonlyMap<string, string | null> = new Map()): Promise<CommentView[]> {
    const ids = [...new Set(docs.map((doc) => idOf(doc.reader)).filter((id): id is string => id !== null && !known.has(id)))]
    const pictures = new Map(known)
    if (ids.length) {
      const { docs: readers } = await this.payload.db.find({
        collection: COLLECTION_SLUGS.readers,
        where: { id: { in: ids } },
        limit: ids.length,
        pagination: false,
        select: { avatarHash: true },
      })
      for (const reader of readers as Doc[]) pictures.set(String(reader.id), str(reader.avatarHash))
    }
    return docs.map((doc) => ({ ...commentView(doc), readerAvatarHash: pictures.get(idOf(doc.reader) ?? '') ?? null }))
  }

  /** One published comment on an article (the report form's), or null. */
  async published(articleId: string, commentId: string): Promise<CommentView | null> {
    const doc = await this.findOne(
      undefined,
      COLLECTION_SLUGS.comments,
      { and: [{ id: { equals: commentId } }, { article: { equals: articleId } }, { status: { equals: 'approved' } }] },
      undefined,
      PUBLIC_SELECT,
    )
    return doc ? commentView(doc) : null
  }

  /** A signed-in reader's own comment on an article (published or awaiting moderation), or null. */
  async readersOwn(articleId: string, commentId: string, readerId: string): Promise<CommentView | null> {
    const doc = await this.findOne(
      undefined,
      COLLECTION_SLUGS.comments,
      { and: [{ id: { equals: commentId } }, { article: { equals: articleId } }, { reader: { equals: readerId } }, { status: { in: ['approved', 'pending', 'spam'] } }] },
      undefined,
      PUBLIC_SELECT,
    )
    return doc ? { ...commentView(doc), status: doc.status === 'approved' ? 'approved' : 'pending' } : null
  }

  /**
   * A moderator's decision on one or many comments, in one transaction (all or nothing). Each
   * comment gets the same log entry a single update would (applyDecision); the counts are
   * refreshed once per article and commenter, and cached pages emptied once.
   */
  async decide(options: { ids: ReadonlyArray<string>; decision: Decision; moderator: StaffAuthor; reason?: string | null; note?: string | null }): Promise<{ updated: number }> {
    if (!canModerate(options.moderator)) throw new CommentError(403, 'Only moderators, editors and admins can moderate comments.')
    if (options.decision === 'reject' && !options.reason) throw new CommentError(400, 'Choose a reason for the rejection.', 'reason')
    const to = DECISION_STATUS[options.decision]
    const now = new Date()
    return inTransaction(
      this.payload,
      async (req) => {
        const changes: CommentChange[] = []
        for (const id of options.ids) {
          const before = (await this.payload.db.findOne({
            collection: COLLECTION_SLUGS.comments,
            where: { id: { equals: id } },
            select: { status: true, reportCount: true, article: true, reader: true, guestCommenter: true },
            req,
          })) as (Doc & { status: CommentStatus; moderationLog?: LogEntry[] }) | null
          if (!before) throw new CommentError(404, 'One of the comments no longer exists; nothing was changed. Reload the queue.')
          const outcome = applyDecision(before, {
            to,
            by: options.moderator.id,
            reason: options.reason ?? null,
            note: options.note ?? null,
            rejectionReason: options.reason ?? null,
            now,
          })
          if (!outcome.changed) continue
          // Only the new log entry is written ($push): the log is appended to, never rewritten.
          const entry = { ...outcome.data.moderationLog[outcome.data.moderationLog.length - 1]!, id: rowId() }
          const { moderationLog: _whole, ...fields } = outcome.data
          await this.payload.db.updateOne({
            collection: COLLECTION_SLUGS.comments,
            id,
            data: { ...fields, moderationLog: { $push: entry }, rejectionNote: to === 'rejected' ? (options.note ?? null) : null, updatedAt: now.toISOString() },
            req,
            returning: false,
          })
          // Written at the adapter (no hooks, for bulk speed): the reaction every change gets is run here, once for all.
          changes.push({ before, after: { ...before, status: to } })
        }
        await afterCommentChanges(req, changes, 'queue')
        return { updated: changes.length }
      },
      { user: { ...options.moderator, collection: this.staffSlug } as never },
    )
  }

  /** "Always hold / suspend / ban this commenter", or back to active. */
  async setStanding(options: { kind: 'reader' | 'guest'; id: string; standing: Standing; moderator: StaffAuthor }): Promise<void> {
    if (!canModerate(options.moderator)) throw new CommentError(403, 'Only moderators, editors and admins can change a commenter’s standing.')
    if (options.standing.status === 'suspended' && !(options.standing.suspendedUntil && Date.parse(options.standing.suspendedUntil) > Date.now())) {
      throw new CommentError(400, 'A suspension needs an end date in the future.', 'suspendedUntil')
    }
    await this.payload.update({
      collection: options.kind === 'reader' ? COLLECTION_SLUGS.readers : COLLECTION_SLUGS.guestCommenters,
      id: options.id,
      data: { status: options.standing.status, suspendedUntil: options.standing.suspendedUntil ?? null, statusReason: options.standing.statusReason ?? null },
      user: { ...options.moderator, collection: this.staffSlug } as never,
      overrideAccess: false,
    })
  }

  /** A reader's report on a published comment; the same reporter counts once. */
  async report(options: { commentId: string; articleId: string; reason: string; reporterKey: string }): Promise<void> {
    const comment = await this.comment(options.commentId, { article: true, status: true, reports: true, reportCount: true })
    if (!comment || comment.status !== 'approved' || idOf(comment.article) !== options.articleId) throw new CommentError(404, 'That comment is not published on this article.')
    const reports = (Array.isArray(comment.reports) ? comment.reports : []) as Array<{ reporterKey?: string }>
    if (reports.some((report) => report.reporterKey === options.reporterKey)) return
    await this.payload.update({
      collection: COLLECTION_SLUGS.comments,
      id: options.commentId,
      data: {
        reports: [...reports, { reason: options.reason, at: new Date().toISOString(), reporterKey: options.reporterKey }],
        reportCount: Number(comment.reportCount ?? 0) + 1,
      },
      context: { [ORIGIN_CONTEXT]: 'report' },
      overrideAccess: true,
      depth: 0,
    })
  }

  /** A signed-in reader edits their own comment within the edit window; the content checks run again. */
  async edit(options: { commentId: string; articleId: string; reader: ReaderDoc; body: string }, policy?: CommentPolicy): Promise<{ status: CommentStatus; verdict: Verdict }> {
    const rules = policy ?? (await this.policy())
    const comment = await this.comment(options.commentId)
    if (!comment || idOf(comment.article) !== options.articleId || idOf(comment.reader) !== options.reader.id) throw new CommentError(404, 'You can only edit your own comments.')
    if (Date.now() - Date.parse(String(comment.createdAt)) > rules.editWindowMinutes * 60_000) {
      throw new CommentError(403, `Comments can be edited for ${rules.editWindowMinutes} minutes after posting; this one can no longer be changed.`)
    }
    const body = normaliseBody(options.body)
    const verdict = moderateEdit(body, { kind: 'reader', name: options.reader.displayName, standing: standingOf(options.reader as never) }, rules)
    if (verdict.outcome === 'refuse') throw new CommentError(verdict.status === 400 ? 400 : 403, verdict.reasons[0]?.text ?? 'The edit was refused.', verdict.field)
    // An edit never publishes what a moderator has not seen: a held comment stays held.
    const status: CommentStatus = verdict.outcome === 'spam' ? 'spam' : verdict.outcome === 'hold' || comment.status === 'pending' ? 'pending' : 'approved'
    await this.payload.update({
      collection: COLLECTION_SLUGS.comments,
      id: options.commentId,
      data: {
        body,
        bodyHash: bodyHash(body),
        editedAt: new Date().toISOString(),
        status,
        holdReasons: verdict.reasons.map((reason) => ({ code: reason.code, text: reason.text })),
      },
      overrideAccess: true,
      context: { [COMMENT_CONTEXT.reason]: 'edited by its author', [ORIGIN_CONTEXT]: 'edit' },
      depth: 0,
    })
    return { status, verdict }
  }

  /** One comment by id, as stored (every field unless `select` narrows it); null when there is none. */
  private async comment(id: string, select?: Record<string, true>): Promise<Doc | null> {
    return (await this.payload.findByID({
      collection: COLLECTION_SLUGS.comments,
      id,
      depth: 0,
      overrideAccess: true,
      disableErrors: true,
      ...(select ? { select } : {}),
    })) as Doc | null
  }

  /** One document as stored (no hooks: these are the service's own reads), within `req`'s transaction when there is one. */
  private async findOne(req: PayloadRequest | undefined, collection: string, where: Where, sort?: string, select?: Record<string, true>): Promise<Doc | null> {
    const { docs } = await this.payload.db.find({ collection, where, sort, limit: 1, pagination: false, req, ...(select ? { select } : {}) })
    return (docs[0] as Doc | undefined) ?? null
  }
}
