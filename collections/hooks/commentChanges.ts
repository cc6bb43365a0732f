/**
 * What every change to comments does once it is written, whoever wrote it: the collection's
 * hooks (the admin, REST, GraphQL), the moderation queue's decisions (single and bulk) and the
 * comment form. It recounts only the counts the change can alter, and marks cached pages stale
 * when the published set or a published text changed, all inside the writer's transaction.
 * Writers that store comments at the adapter level (for speed, without hooks) call it
 * themselves: this is the one place a reaction to a comment change belongs. What must wait for
 * the commit (mail, webhooks) is recorded here, in the same transaction, for the reactions job
 * to run after it (reactions.ts).
 */
import type { PayloadRequest } from 'payload'

import { isChangeOrigin, ORIGIN_CONTEXT, reactedChanges, recordForReactions, type ChangeOrigin, type ReactionBatch } from '../../src/comments/reactions'
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
  readonly reportCount?: number | null
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

/**
 * `origin`: which write this is (a reaction may treat the importer's changes differently);
 * when not given, the request context's ORIGIN_CONTEXT, else the collection's API.
 */
export async function afterCommentChanges(req: PayloadRequest, changes: ReadonlyArray<CommentChange>, origin?: ChangeOrigin): Promise<void> {
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
  // What follows the change (mail, webhooks) is queued with it, in the same transaction, and run after it.
  const reacted = reactedChanges(changes)
  if (reacted.length) {
    const fromContext = (req.context as Record<string, unknown>)[ORIGIN_CONTEXT]
    const batch: ReactionBatch = {
      origin: origin ?? (isChangeOrigin(fromContext) ? fromContext : 'collection'),
      at: new Date().toISOString(),
      by: req.user && req.user.collection !== COLLECTION_SLUGS.readers ? String(req.user.id) : null,
      changes: reacted,
    }
    await recordForReactions(req, batch)
  }
}
