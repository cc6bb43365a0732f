/**
 * Values of the wrong kind are refused before any hook or validator sees them. Payload checks a
 * text field's length but not that it is text: an object sent as a headline reached the slug
 * hook and failed there with "trim is not a function" (a 500). Here every field given in a
 * create or update must have its kind of value — text for text, a number for a number, a list
 * for an array — or the request is answered 400, naming the field.
 */
import { ValidationError, type CollectionBeforeOperationHook, type Field, type FlattenedField, type GlobalConfig } from 'payload'

import { labelledErrors } from './fieldLabels'

type Problem = { path: string; message: string }
type Data = Record<string, unknown>

const isObject = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value)
const isId = (value: unknown) => typeof value === 'string' || typeof value === 'number'
/** An id, a populated document, or (polymorphic) `{ relationTo, value }`. */
const isRelation = (value: unknown) => isId(value) || (isObject(value) && (isId(value.id) || isId(value.value)))

/** Whether one value (not a list) has the kind the field holds; null when anything goes. */
function kindOf(field: Field): { test: (value: unknown) => boolean; noun: string } | null {
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'code':
    case 'select':
    case 'radio':
      return { test: (value) => typeof value === 'string', noun: 'text' }
    case 'number':
      return {
        test: (value) => (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))),
        noun: 'a number',
      }
    case 'checkbox':
      return { test: (value) => typeof value === 'boolean' || value === 'true' || value === 'false', noun: 'true or false' }
    case 'date':
      return { test: (value) => (typeof value === 'string' && !Number.isNaN(Date.parse(value))) || value instanceof Date, noun: 'a date' }
    case 'relationship':
    case 'upload':
      return { test: isRelation, noun: 'a document id' }
    default:
      return null
  }
}

const hasMany = (field: Field): boolean => 'hasMany' in field && field.hasMany === true

export function wrongTypes(fields: ReadonlyArray<Field>, data: unknown, prefix = ''): Problem[] {
  if (!isObject(data)) return [{ path: prefix || 'data', message: prefix ? 'This must be a group of fields (an object).' : 'Send the document as a JSON object of its fields.' }]
  const problems: Problem[] = []
  for (const field of fields) {
    // Rows, collapsibles and unnamed tabs only arrange fields: their fields sit at this level.
    if (field.type === 'row' || field.type === 'collapsible') {
      problems.push(...wrongTypes(field.fields, data, prefix))
      continue
    }
    if (field.type === 'tabs') {
      for (const tab of field.tabs) {
        if ('name' in tab && tab.name) {
          const value = data[tab.name]
          if (value !== undefined && value !== null) problems.push(...wrongTypes(tab.fields, value, `${prefix}${tab.name}.`))
        } else problems.push(...wrongTypes(tab.fields, data, prefix))
      }
      continue
    }
    if (!('name' in field) || !field.name) continue
    const value = data[field.name]
    if (value === undefined || value === null) continue
    const path = `${prefix}${field.name}`
    if (field.type === 'group') {
      problems.push(...wrongTypes(field.fields, value, `${path}.`))
      continue
    }
    if (field.type === 'array') {
      // The admin's form sends an array with no rows as its row count, 0.
      if (value === 0) data[field.name] = []
      else if (!Array.isArray(value)) problems.push({ path, message: 'This must be a list.' })
      else value.forEach((row, index) => problems.push(...wrongTypes(field.fields, row, `${path}.${index}.`)))
      continue
    }
    const kind = kindOf(field)
    if (!kind) continue
    const values = hasMany(field) ? value : [value]
    if (!Array.isArray(values)) problems.push({ path, message: `This must be a list of ${kind.noun === 'text' ? 'texts' : `values (${kind.noun})`}.` })
    else if (!values.every(kind.test)) problems.push({ path, message: `This must be ${hasMany(field) ? `a list of values, each ${kind.noun}` : kind.noun}.` })
  }
  return problems
}

/** Each field named as the admin shows it ("Incident facts → CVEs"), never a raw path. */
function refuse(problems: Problem[], fields: ReadonlyArray<FlattenedField>, target: { collection?: string; global?: string }): never {
  throw new ValidationError({ ...target, errors: labelledErrors(fields, problems.slice(0, 20)) })
}

/** For a collection: refuses a create or update whose data holds values of the wrong kind. */
export const refuseWrongTypes: CollectionBeforeOperationHook = ({ args, operation, collection }) => {
  if (operation !== 'create' && operation !== 'update') return args
  const data = (args as { data?: unknown }).data
  if (data === undefined) return args
  const problems = wrongTypes(collection.fields, data)
  if (problems.length) refuse(problems, collection.flattenedFields, { collection: collection.slug })
  return args
}

/** The same for a global's update. */
export const refuseWrongGlobalTypes = (global: GlobalConfig): NonNullable<NonNullable<GlobalConfig['hooks']>['beforeOperation']>[number] => {
  return ({ args, operation, req }) => {
    const data = (args as { data?: unknown } | undefined)?.data
    if (operation !== 'update' || data === undefined) return args
    const problems = wrongTypes(global.fields, data)
    if (problems.length) refuse(problems, req.payload.globals.config.find((config) => config.slug === global.slug)?.flattenedFields ?? [], { global: global.slug })
    return args
  }
}
