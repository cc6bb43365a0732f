/**
 * Guest commenters: people who comment with a name and email instead of signing in, known by a
 * keyed hash of their email address. Their standing lets a moderator always hold, suspend or
 * ban a guest just as a reader.
 */
import type { CollectionConfig, PayloadRequest } from 'payload'

import { canModerate, isAdmin } from '../src/editorial/roles'
import { COLLECTION_SLUGS, type NewsroomContext } from '../src/types'
import { staffUser } from './access'
import { standingFields } from './standing'

export function guestCommentersCollection({ staffSlug }: NewsroomContext): CollectionConfig {
  const moderators = ({ req }: { req: PayloadRequest }) => canModerate(staffUser(req, staffSlug))
  return {
    slug: COLLECTION_SLUGS.guestCommenters,
    labels: { singular: 'Guest commenter', plural: 'Guest commenters' },
    admin: { useAsTitle: 'name', defaultColumns: ['name', 'email', 'status', 'approvedCount', 'rejectedCount'], group: 'Comments' },
    access: { read: moderators, create: () => false, update: moderators, delete: ({ req }) => isAdmin(staffUser(req, staffSlug)) },
    fields: [
      { name: 'identityKey', type: 'text', required: true, unique: true, index: true, admin: { readOnly: true, hidden: true } },
      { name: 'name', type: 'text', maxLength: 245, admin: { readOnly: true, description: 'The name used on the latest comment.' } },
      { name: 'email', type: 'text', maxLength: 100, admin: { readOnly: true } },
      ...standingFields(moderators),
    ],
  }
}
