/**
 * What the importer keeps: where each imported record came from (`import-origins`: the site,
 * the kind and id of the record there, the newsroom document it became and a digest of what it
 * was), so a second import of the same export changes nothing and a later one updates only what
 * changed; and each run with its report (`import-runs`). Written by the importer only; admins
 * read them.
 */
import type { CollectionConfig } from 'payload'

import { COLLECTION_SLUGS, type NewsroomContext } from '../src/types'
import { adminsOnly, nobody } from './access'

export const IMPORT_KINDS = ['person', 'term', 'attachment', 'post', 'comment'] as const

export function importOriginsCollection({ staffSlug }: NewsroomContext): CollectionConfig {
  return {
    slug: COLLECTION_SLUGS.importOrigins,
    labels: { singular: 'Imported record', plural: 'Imported records' },
    admin: { hidden: true },
    access: { read: adminsOnly(staffSlug), create: nobody, update: nobody, delete: nobody },
    indexes: [{ fields: ['site', 'kind', 'sourceId'], unique: true }],
    fields: [
      { name: 'site', type: 'text', required: true },
      { name: 'kind', type: 'select', required: true, options: IMPORT_KINDS.map((kind) => ({ label: kind, value: kind })) },
      { name: 'sourceId', type: 'text', required: true },
      { name: 'docId', type: 'text', required: true, index: true },
      { name: 'digest', type: 'text', required: true },
    ],
    timestamps: true,
  }
}

export function importRunsCollection({ staffSlug }: NewsroomContext): CollectionConfig {
  return {
    slug: COLLECTION_SLUGS.importRuns,
    labels: { singular: 'Import', plural: 'Imports' },
    admin: { useAsTitle: 'file', defaultColumns: ['file', 'format', 'status', 'dryRun', 'startedAt', 'finishedAt'], group: 'Admin', description: 'Each import and its report.' },
    access: { read: adminsOnly(staffSlug), create: nobody, update: nobody, delete: adminsOnly(staffSlug) },
    fields: [
      { name: 'file', type: 'text', required: true },
      { name: 'format', type: 'text' },
      { name: 'site', type: 'text' },
      { name: 'dryRun', type: 'checkbox', defaultValue: false },
      {
        name: 'status',
        type: 'select',
        required: true,
        options: [
          { label: 'Running', value: 'running' },
          { label: 'Finished', value: 'finished' },
          { label: 'Failed', value: 'failed' },
        ],
      },
      { name: 'startedAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
      { name: 'finishedAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
      { name: 'error', type: 'textarea' },
      { name: 'reportText', label: 'Report', type: 'textarea', admin: { readOnly: true } },
      { name: 'report', type: 'json', admin: { readOnly: true } },
    ],
  }
}
