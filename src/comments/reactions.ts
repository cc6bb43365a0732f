/**
 * Reactions to comment changes: what follows a change once it is stored (notification mail
 * today; webhooks later). `afterCommentChanges`, the one place every comment change goes
 * through, records each write's changes in an outbox (`comment-changes`) in the writer's own
 * transaction, so they are stored with the change and never for one that is rolled back, and
 * makes sure a reactions job is waiting. The job runner then takes up to 500 recorded writes at
 * a time, in order, runs every registered reaction on them outside any transaction, and
 * deletes them; a failure leaves them for the job's retry. One job per batch rather than per
 * write keeps the job queue's own bookkeeping out of the busiest write. A retried batch runs its
 * reactions again, so a reaction must be idempotent (mail goes through the send ledger).
 */
import type { CollectionConfig, Payload, PayloadRequest, TaskConfig } from 'payload'

import type { CommentStatus } from '../moderation/vocabulary'
import { idOf } from '../database/docs'

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

/** The Payload task that runs the reactions, and the outbox it drains. */
export const REACTIONS_TASK = 'comment-reactions'
export const COMMENT_CHANGES = 'comment-changes'
/** Recorded writes one job takes at most. */
const DRAIN_BATCH = 500

/** The outbox: system data, read and written by nobody through the admin or the APIs. */
export const commentChangesCollection = (): CollectionConfig => ({
  slug: COMMENT_CHANGES,
  labels: { singular: 'Comment change awaiting its reactions', plural: 'Comment changes awaiting their reactions' },
  admin: { hidden: true },
  access: { read: () => false, create: () => false, update: () => false, delete: () => false },
  fields: [{ name: 'batch', type: 'json', required: true }],
  timestamps: true,
})

/** A reactions job that has not run yet (waiting, or waiting out a retry). */
async function drainPending(payload: Payload, req?: PayloadRequest): Promise<boolean> {
  const { docs } = await payload.db.find({
    collection: 'payload-jobs',
    where: { and: [{ taskSlug: { equals: REACTIONS_TASK } }, { completedAt: { exists: false } }, { hasError: { not_equals: true } }, { processing: { equals: false } }] },
    limit: 1,
    pagination: false,
    select: { id: true },
    req,
  })
  return docs.length > 0
}

/** Records one write's changes for the reactions (in `req`'s transaction), and makes sure a job will take them. */
export async function recordForReactions(req: PayloadRequest, batch: ReactionBatch): Promise<void> {
  const at = new Date().toISOString()
  await req.payload.db.create({ collection: COMMENT_CHANGES, data: { batch, createdAt: at, updatedAt: at }, req, returning: false })
  if (!(await drainPending(req.payload, req))) await req.payload.jobs.queue({ task: REACTIONS_TASK, input: {}, req })
}

/**
 * Runs the reactions on the oldest recorded writes (up to 500), then deletes them. Writes by the
 * same origin and person in a row are given to the reactions as one batch.
 */
export async function drainCommentChanges(payload: Payload, reactions: ReadonlyArray<CommentReaction>): Promise<number> {
  const { docs } = await payload.db.find({ collection: COMMENT_CHANGES, sort: 'createdAt', limit: DRAIN_BATCH, pagination: false })
  if (!docs.length) return 0
  const batches: ReactionBatch[] = []
  for (const doc of docs as unknown as Array<{ batch: ReactionBatch }>) {
    const last = batches[batches.length - 1]
    if (last && last.origin === doc.batch.origin && last.by === doc.batch.by) batches[batches.length - 1] = { ...last, changes: [...last.changes, ...doc.batch.changes] }
    else batches.push(doc.batch)
  }
  for (const reaction of reactions) {
    for (const batch of batches) {
      try {
        await reaction.run(payload, batch)
      } catch (error) {
        throw new Error(`Reaction "${reaction.name}" failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
      }
    }
  }
  await payload.db.deleteMany({ collection: COMMENT_CHANGES, where: { id: { in: docs.map((doc) => doc.id) } } })
  return docs.length
}

/**
 * The job that drains the outbox. A failure retries it later (backing off from 5 s to about
 * 40 min, ten tries); what had succeeded does nothing the second time. A full batch queues the
 * next job at once.
 */
export function reactionsTask(reactions: ReadonlyArray<CommentReaction>): TaskConfig {
  return {
    slug: REACTIONS_TASK,
    label: 'Reactions to comment changes',
    inputSchema: [],
    retries: { attempts: 10, backoff: { type: 'exponential', delay: 5_000 } },
    handler: async ({ req }) => {
      const done = await drainCommentChanges(req.payload, reactions)
      if (done === DRAIN_BATCH) await req.payload.jobs.queue({ task: REACTIONS_TASK, input: {} })
      return { output: { done } }
    },
  }
}

type Facts = {
  readonly id: string | number
  readonly status?: CommentStatus | null
  readonly article?: unknown
  readonly reportCount?: number | null
}

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
