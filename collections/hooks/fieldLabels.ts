/**
 * A field's path ("adaptedFrom.0.originalUrl") as the editor sees the field in the admin
 * ("Adapted from → entry 1 → Original report URL"), read from the collection's own field
 * config, so a refusal never shows a raw path.
 */
import { ValidationError, type AfterErrorHook, type FlattenedField, type PayloadRequest, type ValidationFieldError } from 'payload'

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

/** The fields of what a REST request was about: its collection's, or the global's named in its path. */
function fieldsOf(req: PayloadRequest, collection: { flattenedFields: FlattenedField[] } | undefined): ReadonlyArray<FlattenedField> {
  if (collection) return collection.flattenedFields
  const global = /\/globals\/([^/?#]+)/.exec(req.url ?? '')?.[1]
  return req.payload.globals.config.find((config) => config.slug === global)?.flattenedFields ?? []
}

/**
 * Every validation refusal the API answers, Payload's own included ("This field is required"),
 * reads as the admin's pop-up shows it: "The following field is invalid: Adapted from → entry 1
 * → Original report URL: …", each field by its label and with what is wrong, never a raw path.
 * The field errors themselves (with their paths, which the admin's form marks) are unchanged.
 */
export const validationInPlainWords: AfterErrorHook = ({ collection, error, req, result }) => {
  if (!(error instanceof ValidationError) || !result?.errors?.length) return
  const errors = ((error.data as { errors?: ValidationFieldError[] } | undefined)?.errors ?? []).filter((item) => typeof item.path === 'string')
  if (!errors.length) return
  const fields = fieldsOf(req, collection)
  const described = errors.map(({ path, message }) => `${fieldLabel(fields, path)}: ${message}`)
  const lead = errors.length === 1 ? 'The following field is invalid:' : 'The following fields are invalid:'
  const [first, ...rest] = result.errors
  return { response: { ...result, errors: [{ ...first, message: `${lead} ${described.join(', ')}` }, ...rest] } }
}
