/** The words of moderation: comment statuses, rejection reasons, commenter standings. */
import type { Option } from '../editorial/taxonomy'

export const COMMENT_STATUSES = ['pending', 'approved', 'spam', 'trash', 'rejected'] as const
export type CommentStatus = (typeof COMMENT_STATUSES)[number]

export const COMMENT_STATUS_OPTIONS: Option<CommentStatus>[] = [
  { value: 'pending', label: 'Pending' },
  { value: 'approved', label: 'Approved' },
  { value: 'spam', label: 'Spam' },
  { value: 'trash', label: 'Trash' },
  { value: 'rejected', label: 'Rejected' },
]

/** Reasons for rejection, after the EU Digital Services Act's statement-of-reasons categories. */
export const REJECTION_REASONS: Option[] = [
  { value: 'spam', label: 'Spam' },
  { value: 'abuse', label: 'Abuse or harassment' },
  { value: 'off-topic', label: 'Off-topic' },
  { value: 'illegal', label: 'Illegal content' },
  { value: 'personal-data', label: 'Personal data' },
  { value: 'other', label: 'Other' },
]

export const STANDING_OPTIONS: Option[] = [
  { value: 'active', label: 'Active' },
  { value: 'premoderated', label: 'Always hold (pre-moderated)' },
  { value: 'suspended', label: 'Suspended until a date' },
  { value: 'banned', label: 'Banned' },
]

/** Statuses that count against a commenter in their record (trash is housekeeping, not a verdict). */
export const COUNTS_AS_REJECTED: ReadonlyArray<CommentStatus> = ['rejected', 'spam']

export const REPORT_REASONS: Option[] = [
  { value: 'abuse', label: 'Abusive or harassing' },
  { value: 'spam', label: 'Spam or advertising' },
  { value: 'off-topic', label: 'Off-topic' },
  { value: 'illegal', label: 'Illegal content' },
  { value: 'personal-data', label: 'Reveals personal data' },
  { value: 'misinformation', label: 'Misleading or false' },
]

/**
 * Which kept counts a status change can alter: the approved counts (the article's and the
 * commenter's) and the commenter's rejected count. A comment held on arrival alters neither.
 */
export function countsChangedBy(from: CommentStatus | null, to: CommentStatus | null): { readonly approved: boolean; readonly rejected: boolean } {
  const rejected = (status: CommentStatus | null) => status !== null && COUNTS_AS_REJECTED.includes(status)
  return { approved: (from === 'approved') !== (to === 'approved'), rejected: rejected(from) !== rejected(to) }
}
