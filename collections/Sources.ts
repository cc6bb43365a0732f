/** Sources: the wire agencies, outlets and reports that newsroom articles are adapted from. */
import { APIError, type CollectionBeforeDeleteHook, type CollectionConfig } from 'payload'

import { attributionTemplateProblem, DEFAULT_ATTRIBUTION_TEMPLATE } from '../src/editorial/attribution'
import { RELIABILITY, SOURCE_KINDS, USAGE_TERMS } from '../src/editorial/taxonomy'
import { COLLECTION_SLUGS, type NewsroomContext } from '../src/types'
import { referenceAccess, staffOnlyField } from './access'
import { httpUrl, trimmed } from './validators'

/** A source that articles are adapted from cannot vanish from under their attribution lines. */
const refuseDeletingCitedSource: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const where = { 'adaptedFrom.source': { equals: id } }
  for (const draft of [false, true]) {
    const { docs } = await req.payload.find({ collection: COLLECTION_SLUGS.articles, where, draft, limit: 1, depth: 0, overrideAccess: true, req, select: { title: true } })
    const article = docs[0] as { title?: string } | undefined
    if (article) {
      throw new APIError(`This source cannot be deleted: "${article.title ?? 'an article'}" is adapted from it. Remove it from the article first.`, 409, undefined, true)
    }
  }
}

export function sourcesCollection({ staffSlug }: NewsroomContext): CollectionConfig {
  return {
    slug: COLLECTION_SLUGS.sources,
    labels: { singular: 'Source', plural: 'Sources' },
    admin: {
      useAsTitle: 'name',
      defaultColumns: ['name', 'kind', 'reliability', 'defaultUsage'],
      group: 'Newsroom',
      description: 'Outlets and reports that articles are adapted from. Attribution lines are generated from these records.',
    },
    access: referenceAccess(staffSlug),
    hooks: { beforeDelete: [refuseDeletingCitedSource] },
    fields: [
      {
        name: 'name',
        type: 'text',
        required: true,
        unique: true,
        maxLength: 120,
        hooks: { beforeValidate: [trimmed] },
        admin: { description: 'As readers know it: "Reuters", "AP", "CISA".' },
      },
      { name: 'kind', type: 'select', required: true, defaultValue: 'other', options: SOURCE_KINDS },
      { name: 'homepage', type: 'text', validate: httpUrl, hooks: { beforeValidate: [trimmed] }, admin: { description: 'https://…' } },
      {
        name: 'reliability',
        type: 'select',
        options: RELIABILITY,
        admin: { description: 'Admiralty scale: how far this source has proved reliable in the past.' },
      },
      {
        name: 'attributionTemplate',
        type: 'text',
        required: true,
        defaultValue: DEFAULT_ATTRIBUTION_TEMPLATE,
        maxLength: 200,
        hooks: { beforeValidate: [trimmed] },
        validate: (value: unknown) =>
          typeof value === 'string' ? (attributionTemplateProblem(value) ?? true) : 'An attribution template is needed, such as "Adapted from {name}".',
        admin: { description: 'How articles credit this source. {name} is replaced by the source name; no other placeholder is allowed.' },
      },
      { name: 'defaultUsage', type: 'select', options: USAGE_TERMS, admin: { description: 'Pre-filled when this source is added to an article.' } },
      { name: 'notes', type: 'textarea', access: { read: staffOnlyField(staffSlug) }, admin: { description: 'Internal: licence details, contacts. Never shown to the public.' } },
      { name: 'logo', type: 'upload', relationTo: COLLECTION_SLUGS.media },
    ],
  }
}
