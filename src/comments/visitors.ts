/**
 * Who is looking at a page or posting a comment: a signed-in reader, a signed-in staff member,
 * a guest with comments awaiting moderation, or an anonymous reader. Only the last may be
 * served from the shared page cache.
 */
import type { Request } from 'express'
import type { Payload } from 'payload'

import { cookieValue, READER_COOKIE, readerSessionForToken, type ReaderSession } from '../auth/readerSessions'
import { isStaffMember } from '../editorial/roles'
import { CSRF_COOKIE } from '../security/csrf'
import { PENDING_COOKIE, PENDING_COOKIE_MAX_LENGTH, readPending } from './pendingCookie'
import type { StaffAuthor } from './service'

export type Visitor = {
  readonly reader: ReaderSession | null
  readonly staff: StaffAuthor | null
  /** A guest's own comments awaiting moderation, from their signed cookie. */
  readonly pendingIds: ReadonlyArray<string>
  readonly csrfCookie: string | null
  /** True when the page shows something for this visitor only. */
  readonly personal: boolean
}

export async function identifyVisitor(req: Request, payload: Payload, staffSlug: string): Promise<Visitor> {
  const header = req.headers.cookie ?? ''
  const csrfCookie = cookieValue(header, CSRF_COOKIE)
  const staffCookie = `${payload.config.cookiePrefix}-token`
  if (!header.includes(READER_COOKIE) && !header.includes(PENDING_COOKIE) && !header.includes(staffCookie)) {
    return { reader: null, staff: null, pendingIds: [], csrfCookie, personal: false }
  }
  const pendingIds = readPending(payload.secret, cookieValue(header, PENDING_COOKIE, PENDING_COOKIE_MAX_LENGTH))
  const reader = await readerSessionForToken(payload, cookieValue(header, READER_COOKIE))
  let staff: StaffAuthor | null = null
  if (header.includes(staffCookie)) {
    // Payload accepts its cookie only from its own origin (Origin, or Sec-Fetch-Site for navigations).
    const headers = new Headers({ cookie: header })
    for (const name of ['origin', 'sec-fetch-site'] as const) {
      const value = req.headers[name]
      if (typeof value === 'string') headers.set(name, value)
    }
    const { user } = await payload.auth({ headers })
    const candidate = user as { id: string | number; collection?: string; name?: string; roles?: string[] } | null
    if (candidate && candidate.collection === staffSlug && isStaffMember(candidate))
      staff = { id: String(candidate.id), name: candidate.name ?? 'Staff', roles: candidate.roles ?? [] }
  }
  return { reader, staff, pendingIds, csrfCookie, personal: Boolean(reader || staff || pendingIds.length) }
}
