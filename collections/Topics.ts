/**
 * Topics: the sections a newsroom is organised in (Ransomware, Policy) and the tags that cut
 * across them (healthcare, Ivanti). An article has one primary section and any number of
 * tags; each topic has its own page and feed.
 */
import type { CollectionConfig } from 'payload'

import { slugify } from '../src/editorial/slug'
import { COLLECTION_SLUGS, type NewsroomContext } from '../src/types'
import { referenceAccess } from './access'
import { trimmed } from './validators'

export const TOPIC_KINDS = [
  { label: 'Section', value: 'section' },
  { label: 'Tag', value: 'tag' },
] as const

export function topicsCollection({ staffSlug }: NewsroomContext): CollectionConfig {
  return {
    slug: COLLECTION_SLUGS.topics,
    labels: { singular: 'Topic', plural: 'Topics' },
    admin: {
      useAsTitle: 'name',
      defaultColumns: ['name', 'kind', 'slug'],
      group: 'Newsroom',
      description: 'Sections (one per article) and tags (any number), each with its own page and feed.',
    },
    access: referenceAccess(staffSlug),
    fields: [
      { name: 'name', type: 'text', required: true, unique: true, maxLength: 100, hooks: { beforeValidate: [trimmed] } },
      {
        name: 'slug',
        type: 'text',
        unique: true,
        index: true,
        admin: { position: 'sidebar', description: 'Web address of the topic’s page (/topics/…); made from the name when left empty.' },
        hooks: {
          beforeValidate: [({ value, siblingData }) => (typeof value === 'string' && value.trim() ? slugify(value) : slugify(String(siblingData?.name ?? '')))],
        },
      },
      { name: 'kind', type: 'select', required: true, defaultValue: 'tag', options: [...TOPIC_KINDS], index: true },
      { name: 'description', type: 'textarea', maxLength: 1000, admin: { description: 'Shown at the top of the topic’s page.' } },
    ],
  }
}
