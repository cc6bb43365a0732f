/**
 * What every change to comments does once it is written, whoever wrote it: the collection's
 * hooks (the admin, REST, GraphQL), the moderation queue's decisions (single and bulk) and the
 * comment form. It recounts only the counts the change can alter, and marks cached pages stale
 * when the published set or a published text changed, all inside the writer's transaction.
 * Writers that store comments at the adapter level (for speed, without hooks) call it
 * themselves: this is the one place a reaction to a comment change belongs.
 */
import type { PayloadRequest } from 'payload'

import { bumpContentVersion } from '../../src/database/contentVersion'
import { countsChangedBy, type CommentStatus } from '../../src/moderation/vocabulary'
import { COLLECTION_SLUGS } from '../../src/types'
import { refreshCommentCounts, type CountTargets } from './commentCounts'

/** The fields of a comment that its changes are judged by. */
export type CommentFacts = {
  readonly id: string | number
  readonly status?: CommentStatus | null
  readonly article?: unknown
  readonly reader?: unknown
  readonly guestCommenter?: unknown
  readonly body?: string | null
}

/** A comment before and after one change: `before` null for a new comment, `after` null for a deleted one. */
export type CommentChange = { readonly before: CommentFacts | null; readonly after: CommentFacts | null }

const idOf = (value: unknown): string | number | null =>
  typeof value === 'string' || typeof value === 'number' ? value : value && typeof value === 'object' && 'id' in value ? ((value as { id: string | number }).id ?? null) : null

/** The records whose counts a comment's change from `from` to `to` may alter. */
export const countTargetsOf = (doc: CommentFacts, from: CommentStatus | null, to: CommentStatus | null): CountTargets => ({
  article: idOf(doc.article),
  reader: idOf(doc.reader),
  guestCommenter: idOf(doc.guestCommenter),
  ...countsChangedBy(from, to),
})

export async function afterCommentChanges(req: PayloadRequest, changes: ReadonlyArray<CommentChange>): Promise<void> {
  const targets: CountTargets[] = []
  let published = false
  for (const { before, after } of changes) {
    const from = before?.status ?? null
    const to = after?.status ?? null
    const statusChanged = from !== to
    if (statusChanged) for (const doc of [after, before]) if (doc) targets.push(countTargetsOf(doc, from, to))
    const textChanged = before !== null && after !== null && before.body !== after.body
    if ((statusChanged || textChanged) && (from === 'approved' || to === 'approved')) published = true
  }
  // A reply shows at the top level while its parent is not published, and under it once it is.
  for (const { before, after } of changes) {
    const was = before?.status === 'approved'
    const is = after?.status === 'approved'
    if (was === is || !(before ?? after)) continue
    await req.payload.db.updateMany({
      collection: COLLECTION_SLUGS.comments,
      where: { parent: { equals: (after ?? before)!.id } },
      data: { startsThread: !is },
      req,
      returning: false,
    })
  }
  await refreshCommentCounts(req.payload, targets, req)
  if (published) await bumpContentVersion(req.payload, req, 'comments')
  // What visitors see of their own: a reader's comments, and any comment whose status or text changed
  // (a guest's new comment is new to their cookie already, so the busiest write bumps nothing here).
  const personal = changes.some(
    ({ before, after }) => idOf(before?.reader) !== null || idOf(after?.reader) !== null || (before !== null && (before.status !== after?.status || before.body !== after?.body)),
  )
  if (personal) await bumpContentVersion(req.payload, req, 'personal')
}
