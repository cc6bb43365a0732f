/**
 * Where a new comment sits in its article's thread, from the comment it answers: the thread it
 * belongs to (the top-level comment's id; none for a top-level comment), whether it shows at the
 * top level (no parent, or a parent that is not published, so nothing published is hidden), and
 * its depth. One rule for every way a comment is created.
 */
type Id = string | number

export type Parent = { readonly id: Id; readonly thread?: unknown; readonly status?: unknown; readonly depth?: unknown }
export type Place = { readonly thread: Id | null; readonly startsThread: boolean; readonly depth: number }

const idOf = (value: unknown): Id | null =>
  typeof value === 'string' || typeof value === 'number' ? value : value && typeof value === 'object' && 'id' in value ? ((value as { id: Id }).id ?? null) : null

export function placeUnder(parent: Parent | null): Place {
  if (!parent) return { thread: null, startsThread: true, depth: 1 }
  return {
    thread: idOf(parent.thread) ?? parent.id,
    startsThread: parent.status !== 'approved',
    depth: (typeof parent.depth === 'number' ? parent.depth : 1) + 1,
  }
}
