/**
 * Readers: people who comment while signed in (with WordPress.com, Google, X, Facebook or the
 * newsroom's own OpenID provider). A separate principal from staff: a reader never reaches the
 * admin or any staff API, and their email address is never public.
 */
import type { AuthStrategy, CollectionConfig, PayloadRequest } from 'payload'

import { PROVIDER_IDS } from '../src/auth/providers'
import { canModerate, isAdmin } from '../src/editorial/roles'
import { COLLECTION_SLUGS, type NewsroomContext } from '../src/types'
import { staffUser } from './access'
import { personalChange } from './hooks/personalChange'
import { standingFields } from './standing'

export const isReaderRequest = (req: Pick<PayloadRequest, 'user'>): boolean => req.user?.collection === COLLECTION_SLUGS.readers

export function readersCollection({ staffSlug }: NewsroomContext, strategy: AuthStrategy): CollectionConfig {
  const moderators = ({ req }: { req: PayloadRequest }) => canModerate(staffUser(req, staffSlug))
  const moderatorsOrSelf = ({ req, id }: { req: PayloadRequest; id?: string | number }) =>
    moderators({ req }) || (isReaderRequest(req) && id !== undefined && String(req.user?.id) === String(id))
  return {
    slug: COLLECTION_SLUGS.readers,
    labels: { singular: 'Reader', plural: 'Readers' },
    // Readers sign in through the site (src/auth); Payload only recognises their session cookie.
    auth: { disableLocalStrategy: true, strategies: [strategy] },
    admin: { useAsTitle: 'displayName', defaultColumns: ['displayName', 'status', 'approvedCount', 'rejectedCount', 'createdAt'], group: 'Comments' },
    access: {
      admin: () => false,
      read: ({ req }) => {
        if (moderators({ req })) return true
        return isReaderRequest(req) && req.user ? { id: { equals: req.user.id } } : false
      },
      create: ({ req }) => isAdmin(staffUser(req, staffSlug)),
      update: moderators,
      delete: ({ req }) => isAdmin(staffUser(req, staffSlug)),
    },
    // A reader's name, picture or standing shows in their own parts of pages, kept per session.
    hooks: { afterChange: [personalChange], afterDelete: [personalChange] },
    fields: [
      { name: 'displayName', type: 'text', required: true, maxLength: 100 },
      { name: 'email', type: 'text', maxLength: 254, access: { read: moderatorsOrSelf }, admin: { description: 'Private: never shown on the site.' } },
      { name: 'avatarUrl', type: 'text', maxLength: 500 },
      { name: 'profileUrl', type: 'text', maxLength: 500 },
      // The provider's picture, fetched once and redrawn as a 96×96 WebP served from this site.
      { name: 'avatarImage', type: 'text', access: { read: () => false, create: () => false, update: () => false }, admin: { hidden: true } },
      { name: 'avatarHash', type: 'text', admin: { hidden: true }, access: { create: () => false, update: () => false } },
      {
        name: 'identities',
        type: 'array',
        admin: { description: 'The accounts this reader signs in with. The same provider and subject is always this reader.', readOnly: true },
        access: { read: moderatorsOrSelf },
        fields: [
          // provider:subject — unique across readers, and what a sign-in looks up.
          { name: 'key', type: 'text', required: true, index: true, admin: { hidden: true } },
          { name: 'provider', type: 'select', required: true, options: PROVIDER_IDS.map((id) => ({ label: id, value: id })) },
          { name: 'subject', type: 'text', required: true, maxLength: 255 },
          { name: 'email', type: 'text', maxLength: 254, index: true },
          { name: 'emailVerified', type: 'checkbox', defaultValue: false },
          { name: 'profileUrl', type: 'text', maxLength: 500 },
          { name: 'avatarUrl', type: 'text', maxLength: 500 },
          { name: 'linkedAt', type: 'date', required: true },
        ],
      },
      ...standingFields(moderators),
    ],
  }
}
