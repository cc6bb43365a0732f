/**
 * Redirects: old addresses that answer 301 with a new one. The importer fills it with a
 * WordPress site's permalinks, short links, category, tag and feed addresses; editors may add,
 * change or remove entries. `from` is kept in one normal form (redirectKey) so a lookup is one
 * indexed read.
 */
import type { CollectionConfig, FieldHook } from 'payload'

import { redirectKey, redirectTargetProblem } from '../src/editorial/redirects'
import { COLLECTION_SLUGS, type NewsroomContext } from '../src/types'
import { publishersOnly, staffOnly } from './access'

const normaliseFrom: FieldHook = ({ value }) => (typeof value === 'string' ? (redirectKey(value) ?? value.trim()) : value)

export function redirectsCollection({ staffSlug }: NewsroomContext): CollectionConfig {
  return {
    slug: COLLECTION_SLUGS.redirects,
    labels: { singular: 'Redirect', plural: 'Redirects' },
    admin: {
      useAsTitle: 'from',
      defaultColumns: ['from', 'to', 'origin', 'updatedAt'],
      group: 'Newsroom',
      description: 'Old addresses that send readers on to a new one (301). The WordPress import adds the old site’s links here.',
      listSearchableFields: ['from', 'to'],
    },
    access: { read: staffOnly(staffSlug), create: publishersOnly(staffSlug), update: publishersOnly(staffSlug), delete: publishersOnly(staffSlug) },
    fields: [
      {
        name: 'from',
        label: 'Old address',
        type: 'text',
        required: true,
        unique: true,
        index: true,
        maxLength: 2000,
        hooks: { beforeValidate: [normaliseFrom] },
        validate: (value: unknown) =>
          typeof value === 'string' && redirectKey(value) === value ? true : 'Give the old address as a path on this site, such as /2019/11/27/old-story/ or /?p=123.',
        admin: { description: 'A path such as /2019/11/27/old-story/ or /?p=123 (the site’s address in front is dropped).' },
      },
      {
        name: 'to',
        label: 'New address',
        type: 'text',
        required: true,
        maxLength: 2000,
        validate: (value: unknown) => (typeof value === 'string' ? (redirectTargetProblem(value) ?? true) : 'A new address is needed.'),
        admin: { description: 'A path on this site (/articles/…) or a full https:// address.' },
      },
      {
        name: 'origin',
        type: 'select',
        defaultValue: 'editor',
        options: [
          { label: 'Added by an editor', value: 'editor' },
          { label: 'Imported', value: 'import' },
        ],
        admin: { readOnly: true, position: 'sidebar' },
      },
    ],
  }
}
