/** Reader sessions: the server side of the reader's session cookie. Never exposed through any API. */
import type { CollectionConfig } from 'payload'

import { COLLECTION_SLUGS } from '../src/types'
import { nobody } from './access'
import { personalChange } from './hooks/personalChange'

export function readerSessionsCollection(): CollectionConfig {
  return {
    slug: COLLECTION_SLUGS.readerSessions,
    admin: { hidden: true },
    access: { read: nobody, create: nobody, update: nobody, delete: nobody },
    // A session ended (sign-out, an unlinked sign-in, a deleted account) ends wherever it is kept.
    hooks: { afterDelete: [personalChange] },
    fields: [
      { name: 'reader', type: 'relationship', relationTo: COLLECTION_SLUGS.readers, required: true, index: true },
      // Only a hash of the cookie's token is stored: a copy of the database signs nobody in.
      { name: 'tokenHash', type: 'text', required: true, unique: true, index: true },
      { name: 'expiresAt', type: 'date', required: true, index: true },
      { name: 'provider', type: 'text' },
      { name: 'userAgent', type: 'text', maxLength: 500 },
    ],
  }
}

/**
 * Sign-ins under way: one record per click on a login icon, found again by the hash of its
 * `state`, deleted on first use, worthless after ten minutes. The PKCE verifier and the nonce
 * never leave the server; the browser that started the sign-in is named by a hash of its cookie.
 */
export function signInAttemptsCollection(): CollectionConfig {
  return {
    slug: COLLECTION_SLUGS.signInAttempts,
    admin: { hidden: true },
    access: { read: nobody, create: nobody, update: nobody, delete: nobody },
    fields: [
      { name: 'stateHash', type: 'text', required: true, unique: true, index: true },
      { name: 'browserHash', type: 'text', required: true },
      { name: 'provider', type: 'text', required: true },
      { name: 'codeVerifier', type: 'text' },
      { name: 'nonce', type: 'text' },
      { name: 'returnTo', type: 'text', required: true, maxLength: 2000 },
      // A keyed hash of the network address, to limit how many sign-ins one address may start.
      { name: 'ipHash', type: 'text', index: true },
      { name: 'expiresAt', type: 'date', required: true, index: true },
    ],
  }
}
