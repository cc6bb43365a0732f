/**
 * The newsroom's Payload config, built from explicit settings: the plugin on an otherwise
 * plain config. payload.config.ts feeds it the environment; tests feed it a temp database.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { buildConfig, type Config, type SanitizedConfig } from 'payload'
import sharp from 'sharp'

import { databaseAdapter } from './config/database'
import { jobsCron, type Settings } from './config/environment'
import { devMailDir, ensureDatabaseFolder, resolveSecret } from './config/runtime'
import { startDevMailbox } from './mail/devMailbox'
import { mailContextFor } from './mail/subscriptions'
import { mailAdapter } from './mail/transport'
import { claimJobRunner } from './database/jobRunner'
import { securityNewsroom } from './plugin'
import type { SecurityNewsroomOptions } from './types'

const dirname = path.dirname(fileURLToPath(import.meta.url))

/** The newsroom's staff collection (the admin's users). */
export const STAFF_COLLECTION = 'users'

/** `plugin`: more of the plugin's options (reactions to comment changes, say). */
export async function newsroomConfig(settings: Settings, extra: Partial<Config> = {}, plugin: Partial<SecurityNewsroomOptions> = {}): Promise<SanitizedConfig> {
  ensureDatabaseFolder(settings.database)
  const mailbox = settings.mail.transport.kind === 'dev-mailbox' ? await startDevMailbox(devMailDir(settings), settings.mode) : null
  const email = await mailAdapter(settings.mail, mailbox?.port)
  return buildConfig(
    securityNewsroom({
      mail: mailContextFor(settings),
      ...plugin,
      mediaDir: settings.mediaDir,
      staffCollection: STAFF_COLLECTION,
    })({
      secret: resolveSecret(settings),
      serverURL: settings.serverUrl,
      // Cookie-authenticated requests must come from the newsroom's own origin.
      csrf: [settings.serverUrl],
      db: databaseAdapter(settings.database, { synchronous: settings.sqliteSynchronous }),
      sharp,
      email,
      telemetry: false,
      admin: {
        user: STAFF_COLLECTION,
        avatar: 'default',
        importMap: { baseDir: dirname },
        meta: { titleSuffix: ' — Security Newsroom' },
      },
      collections: [],
      graphQL: { disablePlaygroundInProduction: true },
      typescript: { outputFile: path.resolve(dirname, 'payload-types.ts'), autoGenerate: false, declare: false },
      jobs: {
        // Scheduled publishing, reactions to comment changes and mail run through Payload's job queue, checked every JOBS_INTERVAL_SECONDS,
        // by whichever one instance holds the job runner's lease (jobRunner.ts).
        autoRun: [{ cron: jobsCron(settings.jobsIntervalSeconds), queue: 'default', limit: 100 }],
        shouldAutoRun: (payload) => claimJobRunner(payload, settings.jobsIntervalSeconds),
        // Only the lease holder runs jobs (the lease's hand-over relies on it): nobody sets the runner off through REST.
        access: { run: () => false },
      },
      ...extra,
    }),
  )
}
