/**
 * The side effects of settings: folders that must exist and the development secret. Kept
 * apart from environment.ts, which only reads.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { readSettings, type DatabaseSetting, type Settings } from './environment'

/**
 * Settings for loading the Payload config. `next build` loads the config without a runtime
 * environment; it gets a throw-away secret, because a build never signs anything. The server
 * checks the real environment before it starts.
 */
export function settingsForConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Settings {
  const building = env.NEXT_PHASE === 'phase-production-build'
  return readSettings(building && !env.PAYLOAD_SECRET ? { ...env, PAYLOAD_SECRET: randomBytes(32).toString('hex') } : env, cwd)
}

export function ensureDatabaseFolder(database: DatabaseSetting): void {
  if (database.kind === 'sqlite' && database.file) fs.mkdirSync(path.dirname(database.file), { recursive: true })
}

/** The folder that holds local state: beside the SQLite file, else ./data. */
export const defaultDataDir = (database: DatabaseSetting): string => (database.kind === 'sqlite' && database.file ? path.dirname(database.file) : path.resolve('data'))

/**
 * Outside production a missing PAYLOAD_SECRET is replaced by a random one kept in the data
 * folder (readable by this user only), so staff stay signed in across restarts.
 */
export function resolveSecret(settings: Settings, dataDir = defaultDataDir(settings.database)): string {
  if (settings.secret) return settings.secret
  const file = path.join(dataDir, '.payload-secret')
  try {
    const existing = fs.readFileSync(file, 'utf8').trim()
    if (existing.length >= 32) return existing
  } catch {
    // first start: generate below
  }
  fs.mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('hex')
  fs.writeFileSync(file, secret, { mode: 0o600 })
  return secret
}

/** Where the development mailbox keeps what it receives. */
export const devMailDir = (settings: Settings): string => path.join(defaultDataDir(settings.database), 'dev-mail')
