/** Threat actors: the groups security stories are about, with the names vendors give them. */
import type { CollectionConfig } from 'payload'

import { slugify } from '../src/editorial/slug'
import { COLLECTION_SLUGS, type NewsroomContext } from '../src/types'
import { referenceAccess } from './access'
import { trimmed } from './validators'

export function threatActorsCollection({ staffSlug }: NewsroomContext): CollectionConfig {
  return {
    slug: COLLECTION_SLUGS.threatActors,
    labels: { singular: 'Threat actor', plural: 'Threat actors' },
    admin: { useAsTitle: 'name', defaultColumns: ['name', 'aliases', 'suspectedSponsor'], group: 'Newsroom' },
    access: referenceAccess(staffSlug),
    fields: [
      { name: 'name', type: 'text', required: true, unique: true, maxLength: 120, hooks: { beforeValidate: [trimmed] } },
      {
        name: 'slug',
        type: 'text',
        unique: true,
        index: true,
        admin: { position: 'sidebar', description: 'Web address of this actor’s page; made from the name when left empty.' },
        hooks: {
          beforeValidate: [({ value, siblingData }) => (typeof value === 'string' && value.trim() ? slugify(value) : slugify(String(siblingData?.name ?? '')))],
        },
      },
      { name: 'aliases', type: 'text', hasMany: true, admin: { description: 'Other names vendors use (e.g. "APT10", "Stone Panda").' } },
      { name: 'suspectedSponsor', type: 'text', maxLength: 120, admin: { description: 'The state or organisation suspected of directing this actor, if any.' } },
      { name: 'description', type: 'textarea', maxLength: 4000 },
    ],
  }
}
