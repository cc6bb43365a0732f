/**
 * Resolves the sources an article is adapted from, once per request: the attribution line
 * of every article in a list shares one lookup per source.
 */
import type { PayloadRequest } from 'payload'

import type { AttributableSource } from '../../src/editorial/attribution'
import { COLLECTION_SLUGS } from '../../src/types'

type Id = string | number
type Cache = Map<string, Promise<AttributableSource | null>>

const CACHE_KEY = 'newsroom:sources'

export const relationId = (value: unknown): Id | null => {
  if (typeof value === 'string' || typeof value === 'number') return value
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id
    if (typeof id === 'string' || typeof id === 'number') return id
  }
  return null
}

function loadSource(req: PayloadRequest, id: Id): Promise<AttributableSource | null> {
  const context = req.context as Record<string, unknown>
  const cache = (context[CACHE_KEY] ??= new Map()) as Cache
  const key = String(id)
  let pending = cache.get(key)
  if (!pending) {
    pending = req.payload
      .findByID({ collection: COLLECTION_SLUGS.sources, id, depth: 0, overrideAccess: true, req, disableErrors: true, select: { name: true, attributionTemplate: true } })
      .then((doc) => {
        const source = doc as { name?: unknown; attributionTemplate?: unknown } | null
        return source && typeof source.name === 'string'
          ? { name: source.name, attributionTemplate: typeof source.attributionTemplate === 'string' ? source.attributionTemplate : null }
          : null
      })
    cache.set(key, pending)
  }
  return pending
}

/** The source of one adapted-from row: taken from the row when populated, else looked up; null if gone. */
export async function resolveSource(req: PayloadRequest, value: unknown): Promise<AttributableSource | null> {
  if (value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string') {
    const populated = value as { name: string; attributionTemplate?: string | null }
    return { name: populated.name, attributionTemplate: populated.attributionTemplate ?? null }
  }
  const id = relationId(value)
  return id === null ? null : loadSource(req, id)
}

/** Forget cached sources (after a source changes within the same request). */
export const forgetSources = (req: PayloadRequest): void => {
  delete (req.context as Record<string, unknown>)[CACHE_KEY]
}
