/** The admin navigation's link to the Import view, for admins. */
import type { ServerProps } from 'payload'

import { isAdmin } from '../src/editorial/roles'

export function ImportNavLink({ payload, user }: ServerProps) {
  const staff = user as { collection?: string; roles?: string[] } | undefined
  if (!staff || staff.collection !== payload.config.admin.user || !isAdmin(staff)) return null
  return (
    <a className="nav__link" href={`${payload.config.routes.admin}/import`} id="nav-import">
      <span className="nav__link-label">Import</span>
    </a>
  )
}
