/**
 * A new row stored at the adapter (no collection hooks), answering only its id, in as few round
 * trips as the adapter allows. Payload's create reads every row it has inserted back to return
 * it, even when only the id is wanted: on PostgreSQL that is one more statement inside a write
 * transaction that holds the newsroom's writer lock (three of a guest comment's sixteen). On the
 * SQL adapters ids are uuids (idType in config/database.ts), so the id is made here and nothing
 * is read back; MongoDB makes its own ObjectIds, so there the row is read back as before.
 */
import { randomUUID } from 'node:crypto'

import type { CollectionSlug, Payload, PayloadRequest } from 'payload'

const MAKES_OWN_IDS = new Set(['sqlite', 'postgres'])

export async function insertRow(payload: Payload, collection: CollectionSlug, data: Record<string, unknown>, req?: PayloadRequest): Promise<string> {
  if (MAKES_OWN_IDS.has(payload.db.name)) {
    const id = randomUUID()
    await payload.db.create({ collection, customID: id, data, req, returning: false })
    return id
  }
  const created = await payload.db.create({ collection, data, req, select: { id: true } })
  return String(created.id)
}
