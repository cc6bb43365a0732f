/**
 * Keeps the search index current from the collections' own hooks, once each change is
 * committed (never for a change that rolls back): a story's entry follows its published version;
 * a threat actor, topic or source renamed re-indexes the stories that name it.
 */
import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, CollectionConfig } from 'payload'

import { afterCommit } from '../../src/database/afterCommit'
import { reindexStory, searchIndexOf, storiesNaming } from '../../src/search/documents'
import { COLLECTION_SLUGS } from '../../src/types'
import { DRAFT_SAVE } from '../Articles'

const storyChanged: CollectionAfterChangeHook = async ({ doc, req }) => {
  // A draft save writes only a version: what readers (and search) see is unchanged.
  if ((req.context as Record<string, unknown>)[DRAFT_SAVE] === true || !searchIndexOf(req.payload)) return doc
  await afterCommit(req, () => reindexStory(req.payload, doc.id as string))
  return doc
}

const storyDeleted: CollectionAfterDeleteHook = async ({ doc, req }) => {
  const index = searchIndexOf(req.payload)
  if (index) await afterCommit(req, () => index.remove(String(doc.id)))
  return doc
}

const namedChanged =
  (slug: string): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, req, operation }) => {
    if (operation !== 'update' || !searchIndexOf(req.payload)) return doc
    const before = previousDoc as Record<string, unknown> | undefined
    const after = doc as Record<string, unknown>
    // Only what the index holds: a name, aliases, a slug (a facet value), a source's attribution template (the line).
    const held = (record: Record<string, unknown> | undefined) => JSON.stringify([record?.name, record?.aliases, record?.slug, record?.attributionTemplate])
    if (held(before) === held(after)) return doc
    await afterCommit(req, async () => {
      for (const id of await storiesNaming(req.payload, slug, doc.id as string)) await reindexStory(req.payload, id)
    })
    return doc
  }

/** The collection with the hooks that keep search current, for the collections whose content it holds. */
export function keepsSearchCurrent(collection: CollectionConfig): CollectionConfig {
  const hooks = collection.hooks ?? {}
  if (collection.slug === COLLECTION_SLUGS.articles)
    return { ...collection, hooks: { ...hooks, afterChange: [...(hooks.afterChange ?? []), storyChanged], afterDelete: [...(hooks.afterDelete ?? []), storyDeleted] } }
  if (([COLLECTION_SLUGS.threatActors, COLLECTION_SLUGS.topics, COLLECTION_SLUGS.sources] as string[]).includes(collection.slug))
    return { ...collection, hooks: { ...hooks, afterChange: [...(hooks.afterChange ?? []), namedChanged(collection.slug)] } }
  return collection
}
