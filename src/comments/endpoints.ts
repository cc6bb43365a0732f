/**
 * The moderation API behind the admin's queue: read a tab, decide on comments, set a
 * commenter's standing. Staff only (moderators, editors, admins); every refusal says why.
 */
import type { Endpoint, PayloadRequest } from 'payload'

import { staffUser } from '../../collections/access'
import { canModerate } from '../editorial/roles'
import { jsonBody, problem } from '../http/payloadEndpoints'
import { STANDINGS, type Standing } from '../moderation/policy'
import { REJECTION_REASONS } from '../moderation/vocabulary'
import { DOCUMENT_ID_PATTERN } from '../types'
import { isQueueTab, moderationQueue } from './queue'
import { CommentError, CommentService, DECISIONS, type Decision, type StaffAuthor } from './service'

export const MAX_BULK = 500

function moderator(req: PayloadRequest, staffSlug: string): StaffAuthor | Response {
  const user = staffUser(req, staffSlug)
  if (!user) return problem(401, 'Sign in to the admin to moderate comments.')
  if (!canModerate(user)) return problem(403, 'Only moderators, editors and admins can moderate comments.')
  return { id: String(user.id), name: String((req.user as { name?: string } | null)?.name ?? 'Staff'), roles: user.roles }
}

/** A POST handler for moderators: signed-in staff who moderate, a JSON object body, service refusals as 4xx. */
const moderatorPost =
  (staffSlug: string, handle: (req: PayloadRequest, who: StaffAuthor, body: Record<string, unknown>) => Promise<Response>) =>
  async (req: PayloadRequest): Promise<Response> => {
    const who = moderator(req, staffSlug)
    if (who instanceof Response) return who
    const body = await jsonBody(req)
    if (body instanceof Response) return body
    try {
      return await handle(req, who, body)
    } catch (error) {
      if (error instanceof CommentError) return problem(error.status, error.message, error.field)
      throw error
    }
  }

export function moderationEndpoints(staffSlug: string): Endpoint[] {
  return [
    {
      path: '/newsroom/moderation/queue',
      method: 'get',
      handler: async (req) => {
        const who = moderator(req, staffSlug)
        if (who instanceof Response) return who
        const query = req.query as Record<string, unknown>
        const tab = query.tab ?? 'pending'
        if (!isQueueTab(tab)) return problem(400, 'tab must be one of pending, reported, spam, trash, all.', 'tab')
        const page = query.page === undefined ? 1 : Number(query.page)
        if (!Number.isInteger(page) || page < 1 || page > 100_000) return problem(400, 'page must be a whole number from 1.', 'page')
        const article = query.article
        if (article !== undefined && (typeof article !== 'string' || !DOCUMENT_ID_PATTERN.test(article))) return problem(400, 'article must be an article id.', 'article')
        const queue = await moderationQueue(req.payload, { tab, page, articleId: (article as string | undefined) ?? null })
        return Response.json(queue, { headers: { 'Cache-Control': 'no-store' } })
      },
    },
    {
      path: '/newsroom/moderation/decide',
      method: 'post',
      handler: moderatorPost(staffSlug, async (req, who, body) => {
        const { ids, decision, reason, note } = body
        if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && DOCUMENT_ID_PATTERN.test(id)))
          return problem(400, 'ids must be a list of comment ids.', 'ids')
        if (ids.length > MAX_BULK) return problem(400, `At most ${MAX_BULK} comments can be decided at once.`, 'ids')
        if (!DECISIONS.includes(decision as Decision)) return problem(400, `decision must be one of ${DECISIONS.join(', ')}.`, 'decision')
        if (reason !== undefined && reason !== null && !REJECTION_REASONS.some((option) => option.value === reason))
          return problem(400, 'That rejection reason is not one of the listed reasons.', 'reason')
        if (note !== undefined && note !== null && (typeof note !== 'string' || note.length > 2000))
          return problem(400, 'The note must be text of at most 2,000 characters.', 'note')
        const result = await new CommentService(req.payload, staffSlug).decide({
          ids: ids as string[],
          decision: decision as Decision,
          moderator: who,
          reason: (reason as string | undefined) ?? null,
          note: (note as string | undefined) ?? null,
        })
        return Response.json(result)
      }),
    },
    {
      path: '/newsroom/moderation/standing',
      method: 'post',
      handler: moderatorPost(staffSlug, async (req, who, body) => {
        const { kind, id, status, suspendedUntil, reason } = body
        if (kind !== 'reader' && kind !== 'guest') return problem(400, 'kind must be reader or guest.', 'kind')
        if (typeof id !== 'string' || !DOCUMENT_ID_PATTERN.test(id)) return problem(400, 'id must be a commenter id.', 'id')
        if (!STANDINGS.includes(status as Standing['status'])) return problem(400, `status must be one of ${STANDINGS.join(', ')}.`, 'status')
        if (suspendedUntil !== undefined && suspendedUntil !== null && (typeof suspendedUntil !== 'string' || Number.isNaN(Date.parse(suspendedUntil))))
          return problem(400, 'suspendedUntil must be a date.', 'suspendedUntil')
        if (reason !== undefined && reason !== null && (typeof reason !== 'string' || reason.length > 500))
          return problem(400, 'The reason must be text of at most 500 characters.', 'reason')
        await new CommentService(req.payload, staffSlug).setStanding({
          kind,
          id,
          standing: { status: status as Standing['status'], suspendedUntil: (suspendedUntil as string | undefined) ?? null, statusReason: (reason as string | undefined) ?? null },
          moderator: who,
        })
        return Response.json({ ok: true })
      }),
    },
  ]
}
