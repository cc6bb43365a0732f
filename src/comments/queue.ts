/**
 * The moderation queue: a page of comments in one tab, each row with what a moderator needs to
 * decide at a glance (the article, who wrote it and their record, why it was held, what it
 * replies to), and the count in every tab.
 */
import type { Payload, Where } from 'payload'

import { isProviderId, PRESET_LABELS } from '../auth/providers'
import { COLLECTION_SLUGS } from '../types'

export const QUEUE_TABS = ['pending', 'reported', 'spam', 'trash', 'all'] as const
export type QueueTab = (typeof QUEUE_TABS)[number]
export const QUEUE_PAGE_SIZE = 50

export const isQueueTab = (value: unknown): value is QueueTab => typeof value === 'string' && (QUEUE_TABS as readonly string[]).includes(value)

const TAB_WHERE: Record<QueueTab, Where> = {
  pending: { status: { equals: 'pending' } },
  reported: { and: [{ status: { equals: 'approved' } }, { reportCount: { greater_than: 0 } }] },
  spam: { status: { equals: 'spam' } },
  trash: { status: { equals: 'trash' } },
  all: {},
}

export type QueueAuthor = {
  readonly kind: 'guest' | 'reader' | 'staff'
  readonly name: string
  readonly email: string | null
  readonly url: string | null
  /** For a signed-in reader: the provider they signed in with ("Google"). */
  readonly signedInWith: string | null
  /** The record a standing can be set on: the reader, or the guest commenter. */
  readonly commenter: {
    readonly kind: 'reader' | 'guest'
    readonly id: string
    readonly status: string
    readonly suspendedUntil: string | null
    readonly approved: number
    readonly rejected: number
  } | null
}

export type QueueRow = {
  readonly id: string
  readonly status: string
  readonly createdAt: string
  readonly body: string
  readonly article: { readonly id: string; readonly title: string; readonly slug: string } | null
  readonly author: QueueAuthor
  readonly holdReasons: ReadonlyArray<{ readonly code: string; readonly text: string }>
  readonly reportCount: number
  readonly reportReasons: ReadonlyArray<string>
  readonly parent: { readonly authorName: string; readonly excerpt: string } | null
  readonly lastDecision: { readonly to: string; readonly at: string; readonly reason: string | null } | null
}

export type Queue = {
  readonly tab: QueueTab
  readonly page: number
  readonly totalPages: number
  readonly total: number
  readonly counts: Readonly<Record<QueueTab, number>>
  readonly rows: QueueRow[]
  readonly articleId: string | null
}

type Doc = Record<string, unknown> & { id: string | number }
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)
const asDoc = (value: unknown): Doc | null => (value && typeof value === 'object' && 'id' in value ? (value as Doc) : null)
export const excerpt = (text: string, length = 160): string => (text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`)

function row(doc: Doc): QueueRow {
  const reader = asDoc(doc.reader)
  const guest = asDoc(doc.guestCommenter)
  const standing = reader ?? guest
  const article = asDoc(doc.article)
  const parent = asDoc(doc.parent)
  const log = Array.isArray(doc.moderationLog) ? (doc.moderationLog as Array<Record<string, unknown>>) : []
  const last = log[log.length - 1]
  return {
    id: String(doc.id),
    status: String(doc.status),
    createdAt: String(doc.createdAt),
    body: String(doc.body ?? ''),
    article: article ? { id: String(article.id), title: String(article.title ?? ''), slug: String(article.slug ?? '') } : null,
    author: {
      kind: doc.authorKind === 'reader' || doc.authorKind === 'staff' ? doc.authorKind : 'guest',
      name: String(doc.authorName ?? ''),
      email: str(doc.guestEmail) ?? str(reader?.email),
      url: str(doc.authorUrl),
      signedInWith: isProviderId(doc.signedInWith) ? PRESET_LABELS[doc.signedInWith] : null,
      commenter: standing
        ? {
            kind: reader ? 'reader' : 'guest',
            id: String(standing.id),
            status: String(standing.status ?? 'active'),
            suspendedUntil: str(standing.suspendedUntil),
            approved: Number(standing.approvedCount ?? 0),
            rejected: Number(standing.rejectedCount ?? 0),
          }
        : null,
    },
    holdReasons: (Array.isArray(doc.holdReasons) ? (doc.holdReasons as Array<Record<string, unknown>>) : []).map((reason) => ({
      code: String(reason.code ?? ''),
      text: String(reason.text ?? ''),
    })),
    reportCount: Number(doc.reportCount ?? 0),
    reportReasons: [...new Set((Array.isArray(doc.reports) ? (doc.reports as Array<Record<string, unknown>>) : []).map((report) => String(report.reason ?? '')))],
    parent: parent ? { authorName: String(parent.authorName ?? ''), excerpt: excerpt(String(parent.body ?? ''), 120) } : null,
    lastDecision: last ? { to: String(last.to ?? ''), at: String(last.at ?? ''), reason: str(last.reason) } : null,
  }
}

/** One page of a tab, newest first, optionally for one article; plus the count of every tab. */
export async function moderationQueue(payload: Payload, options: { tab: QueueTab; page: number; articleId?: string | null }): Promise<Queue> {
  const forArticle: Where[] = options.articleId ? [{ article: { equals: options.articleId } }] : []
  const whereFor = (tab: QueueTab): Where => ({ and: [TAB_WHERE[tab], ...forArticle] })
  const [result, ...counts] = await Promise.all([
    payload.find({
      collection: COLLECTION_SLUGS.comments,
      where: whereFor(options.tab),
      sort: '-createdAt',
      page: options.page,
      limit: QUEUE_PAGE_SIZE,
      depth: 1,
      overrideAccess: true,
      select: {
        status: true,
        createdAt: true,
        body: true,
        article: true,
        authorKind: true,
        authorName: true,
        authorUrl: true,
        guestEmail: true,
        reader: true,
        signedInWith: true,
        guestCommenter: true,
        holdReasons: true,
        reportCount: true,
        reports: true,
        parent: true,
        moderationLog: true,
      },
      populate: {
        [COLLECTION_SLUGS.articles]: { title: true, slug: true },
        [COLLECTION_SLUGS.comments]: { authorName: true, body: true },
        [COLLECTION_SLUGS.readers]: { displayName: true, email: true, status: true, suspendedUntil: true, approvedCount: true, rejectedCount: true },
        [COLLECTION_SLUGS.guestCommenters]: { name: true, status: true, suspendedUntil: true, approvedCount: true, rejectedCount: true },
      },
    }),
    ...QUEUE_TABS.map((tab) => payload.count({ collection: COLLECTION_SLUGS.comments, where: whereFor(tab), overrideAccess: true })),
  ])
  return {
    tab: options.tab,
    page: result.page ?? options.page,
    totalPages: Math.max(1, result.totalPages),
    total: result.totalDocs,
    counts: Object.fromEntries(QUEUE_TABS.map((tab, index) => [tab, counts[index]?.totalDocs ?? 0])) as Record<QueueTab, number>,
    rows: (result.docs as Doc[]).map(row),
    articleId: options.articleId ?? null,
  }
}

/** The number on the admin's navigation badge. */
export async function pendingCount(payload: Payload): Promise<number> {
  return (await payload.count({ collection: COLLECTION_SLUGS.comments, where: TAB_WHERE.pending, overrideAccess: true })).totalDocs
}

export type QueueSummary = { pending: number; reported: number; oldestPendingAt: string | null; oldestReportAt: string | null }

/** What the desk shows moderators: how many wait in each tab, and since when the oldest has waited. */
export async function queueSummary(payload: Payload): Promise<QueueSummary> {
  const [pending, reported, oldestPending, reportedDocs] = await Promise.all([
    payload.count({ collection: COLLECTION_SLUGS.comments, where: TAB_WHERE.pending, overrideAccess: true }),
    payload.count({ collection: COLLECTION_SLUGS.comments, where: TAB_WHERE.reported, overrideAccess: true }),
    payload.find({ collection: COLLECTION_SLUGS.comments, where: TAB_WHERE.pending, sort: 'createdAt', limit: 1, depth: 0, overrideAccess: true, select: { createdAt: true } }),
    // The longest-waiting report is among the least recently touched reported comments.
    payload.find({ collection: COLLECTION_SLUGS.comments, where: TAB_WHERE.reported, sort: 'updatedAt', limit: 20, depth: 0, overrideAccess: true, select: { reports: true } }),
  ])
  const reportTimes = (reportedDocs.docs as Doc[]).flatMap((doc) =>
    (Array.isArray(doc.reports) ? (doc.reports as Array<Record<string, unknown>>) : []).map((report) => str(report.at)).filter((at): at is string => at !== null),
  )
  return {
    pending: pending.totalDocs,
    reported: reported.totalDocs,
    oldestPendingAt: str((oldestPending.docs[0] as Doc | undefined)?.createdAt),
    oldestReportAt: reportTimes.sort()[0] ?? null,
  }
}
