/**
 * The content version: a value that changes whenever anything readers can see changes. The
 * page cache serves an entry only while the version it was rendered at is current, so a
 * publish, an update, a correction or an approved comment shows at once.
 *
 * It has two parts, so that a change empties only what it can alter: the editorial part
 * (articles, sources, threat actors, media, the comment policy) and the comments part (the
 * published comments). The front page, feeds and an article's own text depend on the first
 * only; an article page's thread on both. contentVersion() is both together.
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

export type VersionPart = 'editorial' | 'comments' | 'personal'

type State = {
  editorial: string
  comments: string
  /** Not content: changes when what one visitor's own parts show may have changed (see personalVersion). */
  personal: string
  checkedAt: number
  /** Bumped by every change this process commits: a read that began before one is outdated. */
  generation: number
  reading: Promise<void> | null
}

const STATE = Symbol.for('payload-security-newsroom.contentVersion')
type Holder = { [STATE]?: State }

function stateOf(payload: Payload): State {
  const holder = payload as unknown as Holder
  holder[STATE] ??= { editorial: '', comments: '', personal: '', checkedAt: Number.NEGATIVE_INFINITY, generation: 0, reading: null }
  return holder[STATE]
}

const newStamp = (): string => `${Date.now().toString(36)}.${randomBytes(6).toString('base64url')}`

const FIELD: Record<VersionPart, 'contentVersion' | 'commentsVersion' | 'personalVersion'> = {
  editorial: 'contentVersion',
  comments: 'commentsVersion',
  personal: 'personalVersion',
}

function readStored(payload: Payload, state: State): Promise<void> {
  state.reading ??= (async () => {
    const generation = state.generation
    try {
      const doc = (await payload.db.findGlobal({ slug: GLOBAL_SLUGS.siteState, select: { contentVersion: true, commentsVersion: true, personalVersion: true } })) as {
        contentVersion?: unknown
        commentsVersion?: unknown
        personalVersion?: unknown
      } | null
      // A change committed here while the read ran is newer than what the read saw.
      if (state.generation === generation) {
        state.editorial = typeof doc?.contentVersion === 'string' ? doc.contentVersion : ''
        state.comments = typeof doc?.commentsVersion === 'string' ? doc.commentsVersion : ''
        state.personal = typeof doc?.personalVersion === 'string' ? doc.personalVersion : ''
      }
    } catch (error) {
      payload.logger.warn({ err: error, msg: 'Could not read the content version; pages stay cached until the next read.' })
    } finally {
      state.checkedAt = Date.now()
      state.reading = null
    }
  })()
  return state.reading
}

async function current(payload: Payload, now: number): Promise<State> {
  const state = stateOf(payload)
  if (now - state.checkedAt >= FRESH_MS) await readStored(payload, state)
  return state
}

/** The current content version (both parts), read from the database when what this process knows is older than FRESH_MS. */
export async function contentVersion(payload: Payload, now = Date.now()): Promise<string> {
  const state = await current(payload, now)
  return `${state.editorial}|${state.comments}`
}

/** The comments part alone: what an article's thread depends on, besides the policy and the article's title. */
export async function commentsVersion(payload: Payload, now = Date.now()): Promise<string> {
  return (await current(payload, now)).comments
}

/** The editorial part alone: what pages without comments (and an article's own text) depend on. */
export async function editorialVersion(payload: Payload, now = Date.now()): Promise<string> {
  return (await current(payload, now)).editorial
}

/**
 * The personal version: changes whenever what a visitor's own parts of a page show may have
 * changed without the content changing: a session ended, a reader's record changed, a
 * reader's comment or the status of any comment changed. What is kept for one visitor (their
 * session, their own comments) is used only while it stands, so a change through any instance
 * reaches every instance within FRESH_MS.
 */
export async function personalVersion(payload: Payload, now = Date.now()): Promise<string> {
  return (await current(payload, now)).personal
}

/**
 * Records that something readers can see has changed (`part`: what kind of thing): a new
 * version, written within `req`'s transaction when it has one, and used by this process once
 * that commits.
 */
export async function bumpContentVersion(payload: Payload, req?: PayloadRequest, part: VersionPart = 'editorial'): Promise<void> {
  const stamp = newStamp()
  await payload.db.updateGlobal({ slug: GLOBAL_SLUGS.siteState, data: { [FIELD[part]]: stamp }, req, returning: false })
  await afterCommit(req, () => {
    const state = stateOf(payload)
    state[part] = stamp
    state.generation += 1
    state.checkedAt = Date.now()
  })
}
