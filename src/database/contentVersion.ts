/**
 * The content version: a value that changes whenever anything readers can see changes. The
 * page cache serves an entry only while the version it was rendered at is current, so a
 * publish, an update, a correction or an approved comment shows at once.
 *
 * It lives in the database (the site-state global), so that every instance sharing the
 * database agrees: each instance reads it again when what it knows is older than
 * FRESH_MS, and a change through any instance empties every instance's cache within that time
 * (plus one read). A change's new version is written in the same transaction as the change,
 * and this process starts using it only once that transaction commits (afterCommit), so no
 * request can render the old content under the new version.
 */
import { randomBytes } from 'node:crypto'

import type { Payload, PayloadRequest } from 'payload'

import { GLOBAL_SLUGS } from '../types'
import { afterCommit } from './afterCommit'

/** How old this process's knowledge of the version may be before it is read again, in ms. */
export const FRESH_MS = 250

type State = {
  value: string
  checkedAt: number
  /** Bumped by every change this process commits: a read that began before one is outdated. */
  generation: number
  reading: Promise<void> | null
}

const STATE = Symbol.for('payload-security-newsroom.contentVersion')
type Holder = { [STATE]?: State }

function stateOf(payload: Payload): State {
  const holder = payload as unknown as Holder
  holder[STATE] ??= { value: '', checkedAt: Number.NEGATIVE_INFINITY, generation: 0, reading: null }
  return holder[STATE]
}

const newStamp = (): string => `${Date.now().toString(36)}.${randomBytes(6).toString('base64url')}`

function readStored(payload: Payload, state: State): Promise<void> {
  state.reading ??= (async () => {
    const generation = state.generation
    try {
      const doc = (await payload.db.findGlobal({ slug: GLOBAL_SLUGS.siteState, select: { contentVersion: true } })) as { contentVersion?: unknown } | null
      // A change committed here while the read ran is newer than what the read saw.
      if (state.generation === generation) state.value = typeof doc?.contentVersion === 'string' ? doc.contentVersion : ''
    } catch (error) {
      payload.logger.warn({ err: error, msg: 'Could not read the content version; pages stay cached until the next read.' })
    } finally {
      state.checkedAt = Date.now()
      state.reading = null
    }
  })()
  return state.reading
}

/** The current content version, read from the database when what this process knows is older than FRESH_MS. */
export async function contentVersion(payload: Payload, now = Date.now()): Promise<string> {
  const state = stateOf(payload)
  if (now - state.checkedAt >= FRESH_MS) await readStored(payload, state)
  return state.value
}

/**
 * Records that something readers can see has changed: a new version, written within `req`'s
 * transaction when it has one, and used by this process once that commits.
 */
export async function bumpContentVersion(payload: Payload, req?: PayloadRequest): Promise<void> {
  const stamp = newStamp()
  await payload.db.updateGlobal({ slug: GLOBAL_SLUGS.siteState, data: { contentVersion: stamp }, req, returning: false })
  await afterCommit(req, () => {
    const state = stateOf(payload)
    state.value = stamp
    state.generation += 1
    state.checkedAt = Date.now()
  })
}
