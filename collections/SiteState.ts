/**
 * What every instance of the newsroom must agree on, kept in the database rather than in any
 * one process: the content version (a change through any instance empties every instance's
 * page cache) and which instance runs the scheduled jobs. System data only: no one reads or
 * edits it through the admin or the APIs.
 */
import type { GlobalConfig } from 'payload'

import { GLOBAL_SLUGS } from '../src/types'
import { nobody } from './access'

export function siteStateGlobal(): GlobalConfig {
  return {
    slug: GLOBAL_SLUGS.siteState,
    label: 'Site state',
    admin: { hidden: true },
    access: { read: nobody, update: nobody, readVersions: nobody },
    fields: [
      // Change whenever something readers can see changes (editorial content; published comments); their values mean nothing else.
      { name: 'contentVersion', type: 'text' },
      { name: 'commentsVersion', type: 'text' },
      // Changes whenever a visitor's own parts may have changed (a session ended, a reader's comment changed).
      { name: 'personalVersion', type: 'text' },
      // The instance that runs scheduled jobs, and until when its claim holds unless renewed.
      { name: 'jobRunner', type: 'text' },
      { name: 'jobRunnerUntil', type: 'date' },
    ],
  }
}
