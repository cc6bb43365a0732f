/**
 * What a moderator's decision does to a comment: its new status, one more entry in its
 * append-only log, and the reports it answers. One function, used by the admin's queue and by
 * any status change made through the REST API, so both log exactly alike.
 */
import type { CommentStatus } from './vocabulary'

export type LogEntry = {
  readonly id?: string
  readonly at: string
  readonly by: string | number | null
  readonly from: string | null
  readonly to: string
  readonly reason: string | null
  readonly note: string | null
}

export type CommentState = {
  readonly status: CommentStatus
  readonly reportCount?: number | null
  readonly moderationLog?: ReadonlyArray<LogEntry> | null
}

export type DecisionRequest = {
  readonly to: CommentStatus
  /** The staff member deciding; null for the system. */
  readonly by: string | number | null
  readonly reason?: string | null
  readonly note?: string | null
  readonly rejectionReason?: string | null
  readonly now?: Date
}

export type DecisionOutcome =
  | { readonly changed: false }
  | {
      readonly changed: true
      readonly data: { status: CommentStatus; moderationLog: LogEntry[]; reportCount?: number; rejectionReason: string | null }
    }

export function applyDecision(before: CommentState, request: DecisionRequest): DecisionOutcome {
  const reports = before.reportCount ?? 0
  // Keeping a reported comment published is the moderator's answer to its reports.
  const reportsReviewed = request.by !== null && request.to === 'approved' && before.status === 'approved' && reports > 0
  if (request.to === before.status && !reportsReviewed) return { changed: false }
  const reason = reportsReviewed ? 'reports reviewed: kept' : (request.reason ?? (request.to === 'rejected' ? (request.rejectionReason ?? null) : null))
  const entry: LogEntry = { at: (request.now ?? new Date()).toISOString(), by: request.by, from: before.status, to: request.to, reason, note: request.note ?? null }
  return {
    changed: true,
    data: {
      status: request.to,
      moderationLog: [...(before.moderationLog ?? []), entry],
      ...(request.to === 'approved' && reports > 0 ? { reportCount: 0 } : {}),
      rejectionReason: request.to === 'rejected' ? (request.rejectionReason ?? request.reason ?? null) : null,
    },
  }
}
