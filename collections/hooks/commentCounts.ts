/**
 * Exact counts, recounted rather than incremented: an article's approved comments (and its
 * top-level ones, which make its pages), and each
 * commenter's approved and rejected comments. Written straight to the database so that a
 * count never creates an article version or runs the article's publish rules. Only the counts
 * a change can alter are recounted (countsChangedBy): a comment held on arrival costs none.
 */
import type { Payload, PayloadRequest, Where } from 'payload'

import { COUNTS_AS_REJECTED } from '../../src/moderation/vocabulary'
import { COLLECTION_SLUGS } from '../../src/types'

type Id = string | number
export type CountTargets = {
  article: Id | null
  reader: Id | null
  guestCommenter: Id | null
  /** Whether the approved counts may have changed; whether the rejected count may have. */
  approved: boolean
  rejected: boolean
}

async function count(payload: Payload, where: Where, req?: PayloadRequest): Promise<number> {
  return (await payload.count({ collection: COLLECTION_SLUGS.comments, where, overrideAccess: true, req })).totalDocs
}

/** Ids of one kind among the targets, each once, with which of its counts need a recount. */
function needs(targets: ReadonlyArray<CountTargets>, key: 'article' | 'reader' | 'guestCommenter'): Map<string, { approved: boolean; rejected: boolean }> {
  const found = new Map<string, { approved: boolean; rejected: boolean }>()
  for (const target of targets) {
    const id = target[key]
    if (id === null || !(target.approved || target.rejected)) continue
    const entry = found.get(String(id)) ?? { approved: false, rejected: false }
    found.set(String(id), { approved: entry.approved || target.approved, rejected: entry.rejected || target.rejected })
  }
  return found
}

/** An article's kept counts: its published comments, and how many of them are shown at the top level (its pages). */
export async function articleCommentCounts(payload: Payload, article: Id, req?: PayloadRequest): Promise<{ commentCount: number; threadCount: number }> {
  const published: Where[] = [{ article: { equals: article } }, { status: { equals: 'approved' } }]
  return {
    commentCount: await count(payload, { and: published }, req),
    threadCount: await count(payload, { and: [...published, { startsThread: { equals: true } }] }, req),
  }
}

export async function refreshCommentCounts(payload: Payload, targets: ReadonlyArray<CountTargets>, req?: PayloadRequest): Promise<void> {
  for (const [article, need] of needs(targets, 'article')) {
    if (!need.approved) continue
    // A count is not an edit: the article keeps its updatedAt (its "Updated" line and dateModified).
    // Written back as it was, since an adapter stamps a write that does not name it.
    const current = (await payload.db.findOne({ collection: COLLECTION_SLUGS.articles, where: { id: { equals: article } }, select: { updatedAt: true }, req })) as {
      updatedAt?: unknown
    } | null
    if (!current) continue
    await payload.db.updateOne({
      collection: COLLECTION_SLUGS.articles,
      id: article,
      data: { ...(await articleCommentCounts(payload, article, req)), updatedAt: current.updatedAt },
      req,
      returning: false,
    })
  }
  for (const [field, collection] of [
    ['reader', COLLECTION_SLUGS.readers],
    ['guestCommenter', COLLECTION_SLUGS.guestCommenters],
  ] as const) {
    for (const [id, need] of needs(targets, field)) {
      const data: Record<string, number> = {}
      if (need.approved) data.approvedCount = await count(payload, { and: [{ [field]: { equals: id } }, { status: { equals: 'approved' } }] }, req)
      if (need.rejected) data.rejectedCount = await count(payload, { and: [{ [field]: { equals: id } }, { status: { in: [...COUNTS_AS_REJECTED] } }] }, req)
      await payload.db.updateOne({ collection, id, data, req, returning: false })
    }
  }
}
