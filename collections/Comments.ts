/**
 * Comments: readers' replies under articles. Everything a moderator needs lives here (hold
 * reasons, an append-only moderation log, reports); the public reads approved comments and
 * only their public fields, through REST and GraphQL alike.
 */
import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, CollectionAfterReadHook, CollectionBeforeChangeHook, CollectionConfig, PayloadRequest } from 'payload'

import { PROVIDER_IDS } from '../src/auth/providers'
import { canModerate, isAdmin } from '../src/editorial/roles'
import { placeUnder, type Parent } from '../src/comments/thread'
import { applyDecision, type LogEntry } from '../src/moderation/decisions'
import { DEFAULT_POLICY } from '../src/moderation/policy'
import { COMMENT_STATUS_OPTIONS, REJECTION_REASONS, REPORT_REASONS, type CommentStatus } from '../src/moderation/vocabulary'
import { COLLECTION_SLUGS, type NewsroomContext } from '../src/types'
import { staffUser } from './access'
import { afterCommentChanges, type CommentFacts } from './hooks/commentChanges'

/** Request-context keys that tell the hooks why a status changed (shown in the log). */
export const COMMENT_CONTEXT = {
  /** Why the status changed. */
  reason: 'newsroom:moderationReason',
  note: 'newsroom:moderationNote',
} as const

type CommentDoc = CommentFacts & { reportCount?: number; moderationLog?: Array<Record<string, unknown>> }

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

/** Where a new comment sits in its thread (placeUnder), from the comment it answers. */
const placeInThread: CollectionBeforeChangeHook = async ({ data, operation, req }) => {
  if (operation !== 'create') return data
  const parentId = typeof data.parent === 'object' && data.parent ? (data.parent as { id: unknown }).id : data.parent
  const parent =
    parentId === null || parentId === undefined
      ? null
      : ((await req.payload.db.findOne({
          collection: COLLECTION_SLUGS.comments,
          where: { id: { equals: parentId } },
          select: { thread: true, status: true, depth: true },
          req,
        })) as Parent | null)
  return { ...data, ...placeUnder(parent) }
}

const onChange: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  await afterCommentChanges(req, [{ before: operation === 'create' ? null : (previousDoc as CommentDoc), after: doc as CommentDoc }])
  return doc
}

const onDelete: CollectionAfterDeleteHook = async ({ doc, req }) => {
  await afterCommentChanges(req, [{ before: doc as CommentDoc, after: null }])
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
      // A page of an article's thread: its top-level comments in order, then the replies under them.
      { fields: ['article', 'status', 'startsThread', 'createdAt'] },
      { fields: ['thread', 'status', 'createdAt'] },
      { fields: ['status', 'reportCount'] },
      { fields: ['guestCommenter', 'status'] },
      { fields: ['reader', 'status'] },
    ],
    hooks: {
      beforeChange: [placeInThread, logStatusChanges(staffSlug)],
      afterRead: [withoutPrivateFields],
      afterChange: [onChange],
      afterDelete: [onDelete],
    },
    fields: [
      { name: 'article', type: 'relationship', relationTo: COLLECTION_SLUGS.articles, required: true, index: true },
      // Where a comment sits is fixed when it is posted: its thread, depth and place follow from it.
      { name: 'parent', type: 'relationship', relationTo: COLLECTION_SLUGS.comments, index: true, access: { update: () => false } },
      { name: 'depth', type: 'number', defaultValue: 1, min: 1, admin: { readOnly: true } },
      // The top-level comment a reply belongs to, however deep (none for a top-level one): a page reads whole threads by it.
      { name: 'thread', type: 'relationship', relationTo: COLLECTION_SLUGS.comments, admin: { hidden: true }, access: { create: () => false, update: () => false } },
      // Shown at the top level of the article's thread: no parent, or a parent that is not published.
      { name: 'startsThread', type: 'checkbox', defaultValue: true, admin: { hidden: true }, access: { create: () => false, update: () => false } },
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
      // The policy limits a comment in bytes (at most this many); no character count may refuse it first.
      { name: 'body', type: 'textarea', required: true, maxLength: DEFAULT_POLICY.maxBodyBytes },
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
