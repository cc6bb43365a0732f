/**
 * /admin/moderation: the moderation queue inside the admin's own layout. Rendered on the
 * server from the same queue query the API serves; the client part handles the decisions.
 */
import type { AdminViewServerProps } from 'payload'

import { staffUser } from '../collections/access'
import { isQueueTab, moderationQueue } from '../src/comments/queue'
import { canModerate } from '../src/editorial/roles'
import { COLLECTION_SLUGS } from '../src/types'
import { adminPage } from './AdminPage'
import { ModerationQueue } from './ModerationQueue'

const first = (value: unknown): string | undefined => (Array.isArray(value) ? first(value[0]) : typeof value === 'string' ? value : undefined)

export async function ModerationView(props: AdminViewServerProps) {
  const { initPageResult, searchParams } = props
  const { req } = initPageResult
  const staffSlug = req.payload.config.admin.user
  const template = (children: React.ReactNode) => adminPage(props, children)
  if (!canModerate(staffUser(req, staffSlug))) {
    return template(
      <>
        <h1>Moderation</h1>
        <p>Only moderators, editors and admins can moderate comments.</p>
      </>,
    )
  }
  const tabParam = first(searchParams?.tab) ?? 'pending'
  const pageParam = Number(first(searchParams?.page) ?? '1')
  const articleParam = first(searchParams?.article)
  const tab = isQueueTab(tabParam) ? tabParam : 'pending'
  const page = Number.isInteger(pageParam) && pageParam > 0 ? pageParam : 1
  const articleId = articleParam && /^[0-9a-zA-Z-]{1,64}$/.test(articleParam) ? articleParam : null
  const [queue, articles] = await Promise.all([
    moderationQueue(req.payload, { tab, page, articleId }),
    req.payload.find({ collection: COLLECTION_SLUGS.articles, sort: '-updatedAt', limit: 100, depth: 0, overrideAccess: true, select: { title: true } }),
  ])
  return template(
    <ModerationQueue
      queue={queue}
      articles={articles.docs.map((doc) => ({ id: String(doc.id), title: String((doc as { title?: string }).title ?? '') }))}
      apiBase={`${req.payload.config.serverURL}${req.payload.config.routes.api}`}
      adminBase={req.payload.config.routes.admin}
    />,
  )
}
