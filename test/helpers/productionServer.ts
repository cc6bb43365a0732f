/**
 * The built newsroom as its own process in production mode on a fresh database, with its first
 * admin registered: what the browser tests drive.
 */
import { rm } from 'node:fs/promises'
import path from 'node:path'

import { dropTestDatabase, testDatabaseUri } from './database'
import { freshDataDir, startServer, stopServer, type ServerProcess } from './serverProcess'

export type RunningNewsroom = {
  server: ServerProcess
  /** A JSON call to the server's API; throws on anything but 2xx. */
  api(method: string, apiPath: string, body?: unknown, token?: string): Promise<any> // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers are inspected field by field
  /** The first admin's token. */
  adminToken: string
  stop(): Promise<void>
}

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers are inspected field by field

/** A JSON call to a server's API as `token`'s holder; throws on anything but 2xx. */
export const jsonApi =
  (baseUrl: string) =>
  async (method: string, apiPath: string, body?: unknown, token?: string): Promise<Json> => {
    const response = await fetch(`${baseUrl}${apiPath}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `JWT ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status} ${await response.text()}`)
    return response.json()
  }

/** `env`: more settings for the server (a PORT chosen beforehand, AUTH_* providers). */
export async function startProductionNewsroom(secret: string, env: Record<string, string> = {}): Promise<RunningNewsroom> {
  const dataDir = await freshDataDir()
  const databaseUri = testDatabaseUri(dataDir)
  const server = await startServer({ NODE_ENV: 'production', PAYLOAD_SECRET: secret, DATABASE_URI: databaseUri, MEDIA_DIR: path.join(dataDir, 'media'), ...env })
  const api = jsonApi(server.url)
  const { token } = await api('POST', '/api/users/first-register', { email: 'chief@newsroom.test', password: 'a long chief password', name: 'Chief' })
  return {
    server,
    api,
    adminToken: token,
    stop: async () => {
      await stopServer(server)
      await dropTestDatabase(databaseUri)
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
