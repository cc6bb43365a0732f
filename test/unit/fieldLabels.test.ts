/** Field paths as the editor sees the fields: labels from the config, entries counted from 1, unlabelled groups left out. */
import type { FlattenedField } from 'payload'

import { fieldLabel, labelledErrors } from '../../collections/hooks/fieldLabels'

const fields = [
  { name: 'title', type: 'text', label: 'Headline' },
  { name: 'heroImage', type: 'upload' },
  { name: 'adaptedFrom', type: 'array', label: 'Adapted from', flattenedFields: [{ name: 'originalUrl', type: 'text', label: 'Original report URL' }] },
  { name: 'incident', type: 'group', label: false, flattenedFields: [{ name: 'cves', type: 'text', label: { en: 'CVEs', de: 'CVEs' } }] },
] as unknown as FlattenedField[]

test('paths become the labels the form shows', () => {
  expect(fieldLabel(fields, 'title')).toBe('Headline')
  expect(fieldLabel(fields, 'heroImage')).toBe('Hero image')
  expect(fieldLabel(fields, 'adaptedFrom.0.originalUrl')).toBe('Adapted from → entry 1 → Original report URL')
  expect(fieldLabel(fields, 'incident.cves')).toBe('CVEs')
  expect(fieldLabel(fields, 'noSuchField.2')).toBe('No such field → entry 3')
})

test('an error keeps its path and message, and its label says both where and what', () => {
  expect(labelledErrors(fields, [{ path: 'adaptedFrom.1.originalUrl', message: 'Needs a link.' }])).toEqual([
    { path: 'adaptedFrom.1.originalUrl', message: 'Needs a link.', label: 'Adapted from → entry 2 → Original report URL: Needs a link.' },
  ])
})
