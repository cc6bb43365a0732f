/** The admin navigation's link to the moderation queue, with the number of pending comments. */
import type { ServerProps } from 'payload'

import { pendingCount } from '../src/comments/queue'
import { canModerate } from '../src/editorial/roles'

export async function ModerationNavLink({ payload, user }: ServerProps) {
  const staff = user as { collection?: string; roles?: string[] } | undefined
  if (!staff || staff.collection !== payload.config.admin.user || !canModerate(staff)) return null
  const count = await pendingCount(payload)
  return (
    <a className="nav__link newsroom-nav-moderation" href={`${payload.config.routes.admin}/moderation`} id="nav-moderation">
      <span className="nav__link-label">
        Moderation{' '}
        {count > 0 ? (
          <span className="newsroom-badge" aria-label={`${count} pending`}>
            {count}
          </span>
        ) : null}
      </span>
    </a>
  )
}
