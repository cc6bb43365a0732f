/**
 * Two sign-ins to one staff account at the same moment must both hold. Payload keeps an
 * account's sessions as a list on the account and, at login, reads the account before its
 * transaction begins, adds the new session to what it read and writes the whole list back:
 * of two logins at once (two devices, two instances), the later write drops the earlier
 * session, and that token is refused as if it had been revoked. Here, inside the write's
 * transaction, a login stores the sessions stored at that moment (those not yet expired) plus
 * its new one, so no concurrent login loses its session and no session revoked meanwhile comes
 * back. A login's write is known by its shape: Payload appends the new session last, and no
 * stored session has its id. A logout reads the list inside its transaction and writes it with a
 * session removed, so it is stored as written. Any adapter: wrapped once from the plugin's onInit.
 */
import type { DatabaseAdapter } from 'payload'

type Session = { id?: unknown; expiresAt?: unknown }

const WRAPPED = Symbol.for('payload-security-newsroom.staffSessions')
type Wrapped = DatabaseAdapter & { [WRAPPED]?: true }

const stillValid = (session: Session, now: number): boolean => {
  const expires = session.expiresAt instanceof Date ? session.expiresAt.getTime() : Date.parse(String(session.expiresAt ?? ''))
  return Number.isFinite(expires) && expires > now
}

/** What a write of `written` should store when `stored` is what the account holds now (see above). */
export function mergeSessions(stored: ReadonlyArray<Session>, written: ReadonlyArray<Session>, now = Date.now()): Session[] {
  const added = written[written.length - 1]
  const known = new Set(stored.map((session) => String(session.id)))
  if (!added || known.has(String(added.id))) return [...written]
  return [...stored.filter((session) => stillValid(session, now)), added]
}

export function keepConcurrentSessions(adapter: DatabaseAdapter, staffSlug: string): void {
  const wrapped = adapter as Wrapped
  if (wrapped[WRAPPED]) return
  wrapped[WRAPPED] = true
  const updateOne = adapter.updateOne.bind(adapter)
  adapter.updateOne = async (args) => {
    const data = args.data as { sessions?: unknown; updatedAt?: unknown } | undefined
    if (args.collection !== staffSlug || !data || !Array.isArray(data.sessions) || data.updatedAt !== null || args.id === undefined) return updateOne(args)
    const current = (await adapter.findOne({ collection: staffSlug, where: { id: { equals: args.id } }, req: args.req, select: { sessions: true } })) as {
      sessions?: Session[]
    } | null
    return updateOne({ ...args, data: { ...args.data, sessions: mergeSessions(current?.sessions ?? [], data.sessions as Session[]) } })
  }
}
