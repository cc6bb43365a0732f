/**
 * Reactions to comment changes: what follows a change once it is stored (notification mail
 * today; webhooks later). `afterCommentChanges`, the one place every comment change goes
 * through, queues one job per write in the writer's own transaction, so the job is stored with
 * the change and never for a change that is rolled back. The job runner then runs every
 * registered reaction outside any transaction, with retries. A retried job runs its reactions
 * again, so a reaction must be idempotent (mail goes through the send ledger, keyed per mail).
 */
import type { Payload } from 'payload'

import type { CommentStatus } from '../moderation/vocabulary'

/** Which write made the change. The importer's changes are its own, so reactions can ignore them. */
export const CHANGE_ORIGINS = ['form', 'edit', 'report', 'queue', 'collection', 'account', 'import'] as const
export type ChangeOrigin = (typeof CHANGE_ORIGINS)[number]

/** One comment's change as reactions see it. */
export type ReactedChange = {
  readonly comment: string
  readonly article: string | null
  /** null: the comment is new (from) or was deleted (to). */
  readonly from: CommentStatus | null
  readonly to: CommentStatus | null
  /** How many reports this change added (a report leaves the status as it is). */
  readonly newReports: number
}

export type ReactionBatch = {
  readonly origin: ChangeOrigin
  /** When the change was written (ISO). */
  readonly at: string
  /** The staff member who made it, when one did. */
  readonly by: string | null
  readonly changes: ReadonlyArray<ReactedChange>
}

export type CommentReaction = {
  /** Shown in the job's log when the reaction fails. */
  readonly name: string
  run(payload: Payload, batch: ReactionBatch): Promise<void>
}

/** The request-context key a writer sets to say which write it is (ChangeOrigin); unset means the collection's API. */
export const ORIGIN_CONTEXT = 'newsroom:changeOrigin'

/** The Payload task that runs the reactions. */
export const REACTIONS_TASK = 'comment-reactions'

type Facts = {
  readonly id: string | number
  readonly status?: CommentStatus | null
  readonly article?: unknown
  readonly reportCount?: number | null
}

const idOf = (value: unknown): string | null =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : value && typeof value === 'object' && 'id' in value ? String((value as { id: unknown }).id) : null

/**
 * The changes anything reacts to: a status that changed (a new comment included) or new
 * reports. An edit that leaves the status as it was, or an anonymised author, is news to no one.
 */
export function reactedChanges(changes: ReadonlyArray<{ readonly before: Facts | null; readonly after: Facts | null }>): ReactedChange[] {
  const reacted: ReactedChange[] = []
  for (const { before, after } of changes) {
    const doc = after ?? before
    if (!doc) continue
    const from = before ? (before.status ?? null) : null
    const to = after ? (after.status ?? null) : null
    const newReports = before && after ? Math.max(0, Number(after.reportCount ?? 0) - Number(before.reportCount ?? 0)) : 0
    if (from === to && newReports === 0) continue
    reacted.push({ comment: String(doc.id), article: idOf(doc.article ?? before?.article), from, to, newReports })
  }
  return reacted
}

export const isChangeOrigin = (value: unknown): value is ChangeOrigin => typeof value === 'string' && (CHANGE_ORIGINS as readonly string[]).includes(value)
