/**
 * A field's path ("adaptedFrom.0.originalUrl") as the editor sees the field in the admin
 * ("Adapted from → entry 1 → Original report URL"), read from the collection's own field
 * config, so a refusal never shows a raw path.
 */
import type { FlattenedField, ValidationFieldError } from 'payload'

const words = (name: string) => {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
  return spaced.charAt(0).toUpperCase() + spaced.slice(1)
}

function labelOf(field: FlattenedField): string | null {
  const label = (field as { label?: unknown }).label
  if (label === false) return null
  if (typeof label === 'string') return label
  if (label && typeof label === 'object') {
    const texts = label as Record<string, string>
    return texts.en ?? Object.values(texts)[0] ?? words(field.name)
  }
  return words(field.name)
}

export function fieldLabel(fields: ReadonlyArray<FlattenedField>, path: string): string {
  const parts: string[] = []
  let current: ReadonlyArray<FlattenedField> = fields
  for (const segment of path.split('.')) {
    if (/^\d+$/.test(segment)) {
      parts.push(`entry ${Number(segment) + 1}`)
      continue
    }
    const field = current.find((candidate) => candidate.name === segment)
    if (!field) {
      parts.push(words(segment))
      current = []
      continue
    }
    const label = labelOf(field)
    if (label) parts.push(label)
    current = 'flattenedFields' in field ? field.flattenedFields : []
  }
  return parts.join(' → ')
}

/** Field errors whose labels name the field as the admin does, followed by what is wrong. */
export const labelledErrors = (fields: ReadonlyArray<FlattenedField>, problems: ReadonlyArray<{ path: string; message: string }>): ValidationFieldError[] =>
  problems.map(({ path, message }) => ({ path, message, label: `${fieldLabel(fields, path)}: ${message}` }))
