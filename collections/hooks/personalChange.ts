/**
 * A hook for records that show in visitors' own parts of pages (a reader's name and picture,
 * a session): after a change or a deletion, what each instance keeps per visitor is dropped
 * (the personal version, src/database/contentVersion.ts).
 */
import type { PayloadRequest } from 'payload'

import { bumpContentVersion } from '../../src/database/contentVersion'

export async function personalChange<Args extends { doc: unknown; req: PayloadRequest }>({ doc, req }: Args): Promise<Args['doc']> {
  await bumpContentVersion(req.payload, req, 'personal')
  return doc
}
