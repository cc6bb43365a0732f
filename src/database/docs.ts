/**
 * Reading stored documents field by field, one way everywhere: a document as the adapter gives
 * it, a relationship's id whether it is populated or not, a text field that may be empty.
 */

/** A stored document: its id (a uuid on SQLite and PostgreSQL, an ObjectId string on MongoDB) and its fields. */
export type Doc = Record<string, unknown> & { id: string | number }

/** The id a relationship field holds, populated (`{ id }`) or not; null when empty. */
export const idOf = (value: unknown): string | null =>
  typeof value === 'string' || typeof value === 'number'
    ? String(value)
    : value && typeof value === 'object' && 'id' in value && (value as { id: unknown }).id !== null && (value as { id: unknown }).id !== undefined
      ? String((value as { id: unknown }).id)
      : null

/** A text field's value, or null when it is missing or empty. */
export const textOf = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)
