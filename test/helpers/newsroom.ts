/**
 * Boots the real newsroom config on a throw-away database for one test file, and talks to it
 * through Payload's REST layer (the same handler Next mounts under /api).
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { getPayload, handleEndpoints, type Payload, type SanitizedConfig } from 'payload'

import { parseDatabaseUri, type DatabaseSetting, type Settings } from '../../src/config/environment'
import { newsroomConfig } from '../../src/newsroomConfig'
import type { SecurityNewsroomOptions } from '../../src/types'
import { dropTestDatabase, testDatabaseUri } from './database'
import { settingsFor, TEST_ORIGIN } from './settings'

export const TEST_PASSWORD = 'correct horse battery staple'
export const ORIGIN = TEST_ORIGIN

/** A few connections per test file: jest runs several files at once against one server. */
const testDatabase = (dir: string): DatabaseSetting => parseDatabaseUri(testDatabaseUri(dir), dir, { DATABASE_POOL_MAX: '5' })

export type RestResult = { status: number; json: any; headers: Headers } // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are inspected loosely, field by field

export type RestOptions = { token?: string | null; body?: unknown; form?: FormData; headers?: Record<string, string> }

export type TestNewsroom = {
  settings: Settings
  payload: Payload
  config: SanitizedConfig
  dir: string
  rest(method: string, apiPath: string, options?: RestOptions): Promise<RestResult>
  login(email: string, password?: string): Promise<string>
  /** Creates a staff member with these roles (admin-made) and returns their id and a token. */
  staff(roles: string[], name?: string): Promise<{ id: string; email: string; token: string }>
  close(): Promise<void>
}

/** `plugin`: more of the plugin's options; `overrides`: settings other than the test defaults (mail through a test SMTP server, say). */
export async function bootNewsroom(plugin: Partial<SecurityNewsroomOptions> = {}, overrides: Partial<Settings> = {}): Promise<TestNewsroom> {
  const dir = await mkdtemp(path.join(tmpdir(), 'newsroom-test-'))
  const settings: Settings = settingsFor(dir, { database: testDatabase(dir), secret: `test-secret-${randomUUID()}`, trustProxy: true, ...overrides })
  // Refusals (4xx) are logged by Payload too; TEST_LOG_LEVEL=info shows them when debugging.
  const config = await newsroomConfig(settings, { logger: { options: { level: process.env.TEST_LOG_LEVEL ?? 'fatal' } } as never }, plugin)
  const payload = await getPayload({ config })

  const rest = async (method: string, apiPath: string, options: RestOptions = {}): Promise<RestResult> => {
    const headers: Record<string, string> = { ...options.headers }
    if (options.token) headers.Authorization = `JWT ${options.token}`
    let body: BodyInit | undefined
    if (options.form) body = options.form
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['Content-Type'] = 'application/json'
    }
    const response = await handleEndpoints({ config, request: new Request(`${ORIGIN}/api${apiPath}`, { method, headers, body }) })
    const text = await response.text()
    let json: unknown = null
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      json = text
    }
    return { status: response.status, json, headers: response.headers }
  }

  const login = async (email: string, password = TEST_PASSWORD): Promise<string> => {
    const result = await rest('POST', '/users/login', { body: { email, password } })
    if (result.status !== 200 || !result.json?.token) throw new Error(`login ${email} failed: ${result.status} ${JSON.stringify(result.json)}`)
    return result.json.token as string
  }

  const staff = async (roles: string[], name = roles.join('+')) => {
    const email = `${name.replace(/[^a-z0-9]+/gi, '-')}-${randomUUID().slice(0, 6)}@newsroom.test`.toLowerCase()
    const { totalDocs } = await payload.count({ collection: 'users', overrideAccess: true })
    // The staff collection makes the very first account an admin, whatever roles it was given.
    if (totalDocs === 0 && !roles.includes('admin')) throw new Error('create an admin first: the first staff account always becomes admin')
    const doc = await payload.create({ collection: 'users', data: { email, name, roles, password: TEST_PASSWORD }, overrideAccess: true })
    return { id: String(doc.id), email, token: await login(email) }
  }

  const close = async () => {
    if (settings.database.kind === 'mongodb') await (payload.db as unknown as { connection: { dropDatabase(): Promise<unknown> } }).connection.dropDatabase()
    await payload.destroy()
    await dropTestDatabase(settings.database.url)
    await rm(dir, { recursive: true, force: true })
  }

  return { settings, payload, config, dir, rest, login, staff, close }
}

/** A minimal Slate body with one paragraph per argument. */
export const bodyOf = (...texts: string[]) => texts.map((text) => ({ children: [{ text }] }))
