/**
 * Comments: readers' replies under articles. Everything a moderator needs lives here (hold
 * reasons, an append-only moderation log, reports); the public reads approved comments and
 * only their public fields, through REST and GraphQL alike.
 */
import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, CollectionAfterReadHook, CollectionBeforeChangeHook, CollectionConfig, PayloadRequest } from 'payload'

import { PROVIDER_IDS } from '../src/auth/providers'
import { canModerate, isAdmin } from '../src/editorial/roles'
import { applyDecision, type LogEntry } from '../src/moderation/decisions'
import { COMMENT_STATUS_OPTIONS, REJECTION_REASONS, REPORT_REASONS, type CommentStatus } from '../src/moderation/vocabulary'
import { bumpContentVersion } from '../src/site/contentVersion'
import { COLLECTION_SLUGS, type NewsroomContext } from '../src/types'
import { staffUser } from './access'
import { refreshCommentCounts, type CountTargets } from './hooks/commentCounts'

/** Request-context keys that tell the hooks why a status changed (shown in the log). */
export const COMMENT_CONTEXT = {
  /** Why the status changed. */
  reason: 'newsroom:moderationReason',
  note: 'newsroom:moderationNote',
} as const

type CommentDoc = {
  id: string | number
  status?: CommentStatus
  article?: unknown
  reader?: unknown
  guestCommenter?: unknown
  body?: string
  reportCount?: number
  moderationLog?: Array<Record<string, unknown>>
}

const idOf = (value: unknown): string | number | null =>
  typeof value === 'string' || typeof value === 'number' ? value : value && typeof value === 'object' && 'id' in value ? ((value as { id: string | number }).id ?? null) : null

export const countTargetsOf = (doc: CommentDoc): CountTargets => ({ article: idOf(doc.article), reader: idOf(doc.reader), guestCommenter: idOf(doc.guestCommenter) })

/** Every status change is logged: who, when, from what to what, and why. The log is never edited. */
function logStatusChanges(staffSlug: string): CollectionBeforeChangeHook {
  return ({ data, originalDoc, operation, req }) => {
    const context = req.context as Record<string, unknown>
    if (operation === 'create') {
      data.moderationLog =
        Array.isArray(data.moderationLog) && data.moderationLog.length
          ? data.moderationLog
          : [{ at: new Date().toISOString(), from: null, to: data.status ?? 'pending', reason: 'submitted' }]
      return data
    }
    const before = originalDoc as CommentDoc
    data.moderationLog = before.moderationLog ?? []
    if (data.status === undefined) return data
    const outcome = applyDecision(
      { status: before.status ?? 'pending', reportCount: before.reportCount, moderationLog: (before.moderationLog ?? []) as LogEntry[] },
      {
        to: data.status as CommentStatus,
        by: staffUser(req, staffSlug)?.id ?? null,
        reason: (context[COMMENT_CONTEXT.reason] as string | undefined) ?? null,
        note: (context[COMMENT_CONTEXT.note] as string | undefined) ?? null,
        rejectionReason: (data.rejectionReason as string | undefined) ?? null,
      },
    )
    return outcome.changed ? { ...data, ...outcome.data } : data
  }
}

const touchesPublished = (before: CommentDoc | undefined, after: CommentDoc): boolean => before?.status === 'approved' || after.status === 'approved'

async function afterCommentChange(req: PayloadRequest, before: CommentDoc | undefined, after: CommentDoc): Promise<void> {
  const statusChanged = before?.status !== after.status
  const bodyChanged = before?.body !== after.body
  if (!statusChanged && !bodyChanged) return
  if (touchesPublished(before, after)) bumpContentVersion()
  if (statusChanged) await refreshCommentCounts(req.payload, [countTargetsOf(after), ...(before ? [countTargetsOf(before)] : [])], req)
}

const onChange: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  await afterCommentChange(req, operation === 'create' ? undefined : (previousDoc as CommentDoc), doc as CommentDoc)
  return doc
}

const onDelete: CollectionAfterDeleteHook = async ({ doc, req }) => {
  const comment = doc as CommentDoc
  if (comment.status === 'approved') bumpContentVersion()
  await refreshCommentCounts(req.payload, [countTargetsOf(comment)], req)
  return doc
}

/** Fields only moderators read. Field access already withholds them; this also drops the empty keys. */
export const PRIVATE_COMMENT_FIELDS = [
  'guestCommenter',
  'guestEmail',
  'rejectionReason',
  'rejectionNote',
  'holdReasons',
  'moderationLog',
  'reportCount',
  'reports',
  'identityKey',
  'bodyHash',
  'ipHash',
  'userAgent',
] as const

export function commentsCollection({ staffSlug }: NewsroomContext): CollectionConfig {
  const moderators = ({ req }: { req: PayloadRequest }) => canModerate(staffUser(req, staffSlug))
  const withoutPrivateFields: CollectionAfterReadHook = ({ doc, req, overrideAccess }) => {
    if (overrideAccess || moderators({ req })) return doc
    const visible = { ...doc }
    for (const field of PRIVATE_COMMENT_FIELDS) delete visible[field]
    return visible
  }
  const moderatorsOnly = { read: moderators }
  const systemOnly = { read: moderators, create: () => false, update: () => false }
  return {
    slug: COLLECTION_SLUGS.comments,
    labels: { singular: 'Comment', plural: 'Comments' },
    admin: {
      useAsTitle: 'authorName',
      defaultColumns: ['authorName', 'body', 'status', 'article', 'createdAt'],
      group: 'Comments',
      description: 'Moderate in the queue at /admin/moderation.',
      listSearchableFields: ['authorName', 'body'],
    },
    access: {
      read: ({ req }) => (moderators({ req }) ? true : { status: { equals: 'approved' } }),
      // Readers post through the site's comment form, which runs the moderation policy.
      create: () => false,
      update: moderators,
      delete: ({ req }) => isAdmin(staffUser(req, staffSlug)),
      readVersions: () => false,
    },
    // The queue's tabs, an article's thread, and each commenter's record are all read by status.
    indexes: [
      { fields: ['status', 'createdAt'] },
      { fields: ['article', 'status', 'createdAt'] },
      { fields: ['status', 'reportCount'] },
      { fields: ['guestCommenter', 'status'] },
      { fields: ['reader', 'status'] },
    ],
    hooks: {
      beforeChange: [logStatusChanges(staffSlug)],
      afterRead: [withoutPrivateFields],
      afterChange: [onChange],
      afterDelete: [onDelete],
    },
    fields: [
      { name: 'article', type: 'relationship', relationTo: COLLECTION_SLUGS.articles, required: true, index: true },
      { name: 'parent', type: 'relationship', relationTo: COLLECTION_SLUGS.comments, index: true },
      { name: 'depth', type: 'number', defaultValue: 1, min: 1, admin: { readOnly: true } },
      {
        name: 'authorKind',
        type: 'select',
        required: true,
        options: [
          { value: 'guest', label: 'Guest' },
          { value: 'reader', label: 'Signed-in reader' },
          { value: 'staff', label: 'Staff' },
        ],
      },
      { name: 'authorName', type: 'text', required: true, maxLength: 245 },
      { name: 'authorUrl', type: 'text', maxLength: 500 },
      { name: 'avatarKey', type: 'text', admin: { hidden: true }, access: { update: () => false } },
      { name: 'reader', type: 'relationship', relationTo: COLLECTION_SLUGS.readers, index: true },
      // The account a signed-in reader used: the small provider mark beside their name.
      { name: 'signedInWith', type: 'select', options: PROVIDER_IDS.map((id) => ({ label: id, value: id })), admin: { readOnly: true } },
      { name: 'guestCommenter', type: 'relationship', relationTo: COLLECTION_SLUGS.guestCommenters, index: true, access: moderatorsOnly },
      { name: 'staffAuthor', type: 'relationship', relationTo: staffSlug },
      { name: 'guestEmail', type: 'text', maxLength: 100, access: moderatorsOnly, admin: { description: 'Private: never shown on the site.' } },
      { name: 'body', type: 'textarea', required: true },
      { name: 'status', type: 'select', required: true, defaultValue: 'pending', options: COMMENT_STATUS_OPTIONS, index: true },
      { name: 'rejectionReason', type: 'select', options: REJECTION_REASONS, access: moderatorsOnly, admin: { condition: (_data, sibling) => sibling?.status === 'rejected' } },
      { name: 'rejectionNote', type: 'textarea', maxLength: 2000, access: moderatorsOnly },
      {
        name: 'holdReasons',
        type: 'array',
        access: moderatorsOnly,
        admin: { readOnly: true, description: 'Why the moderation policy held this comment or marked it spam.' },
        fields: [
          { name: 'code', type: 'text' },
          { name: 'text', type: 'text' },
        ],
      },
      {
        name: 'moderationLog',
        type: 'array',
        access: systemOnly,
        admin: { readOnly: true, description: 'Every decision: who, when, from → to, why. Append-only.' },
        fields: [
          { name: 'at', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
          { name: 'by', type: 'relationship', relationTo: staffSlug },
          { name: 'from', type: 'text' },
          { name: 'to', type: 'text' },
          { name: 'reason', type: 'text' },
          { name: 'note', type: 'text' },
        ],
      },
      { name: 'reportCount', type: 'number', defaultValue: 0, index: true, access: { read: moderators, create: () => false } },
      {
        name: 'reports',
        type: 'array',
        access: systemOnly,
        admin: { readOnly: true },
        fields: [
          { name: 'reason', type: 'select', options: REPORT_REASONS },
          { name: 'at', type: 'date' },
          { name: 'reporterKey', type: 'text' },
        ],
      },
      { name: 'identityKey', type: 'text', index: true, access: systemOnly, admin: { hidden: true } },
      { name: 'bodyHash', type: 'text', index: true, access: systemOnly, admin: { hidden: true } },
      { name: 'ipHash', type: 'text', index: true, access: systemOnly, admin: { readOnly: true, description: 'A keyed hash of the network address, never the address itself.' } },
      { name: 'userAgent', type: 'text', maxLength: 500, access: systemOnly, admin: { readOnly: true } },
      { name: 'editedAt', type: 'date', admin: { readOnly: true } },
    ],
  }
}
