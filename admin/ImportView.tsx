/** /admin/import: import a WordPress or Disqus export from the browser (admins only). */
import type { AdminViewServerProps } from 'payload'

import { staffUser } from '../collections/access'
import { isAdmin } from '../src/editorial/roles'
import { IMPORTS_PATH } from '../src/http/importRoutes'
import { adminPage } from './AdminPage'
import { ImportPanel } from './ImportPanel'

export async function ImportView(props: AdminViewServerProps) {
  const { req } = props.initPageResult
  if (!isAdmin(staffUser(req, req.payload.config.admin.user))) {
    return adminPage(
      props,
      <>
        <h1>Import</h1>
        <p>Only admins can import another site’s content.</p>
      </>,
    )
  }
  return adminPage(props, <ImportPanel endpoint={`${req.payload.config.serverURL}${IMPORTS_PATH}`} runsHref={`${req.payload.config.routes.admin}/collections/import-runs`} />)
}
