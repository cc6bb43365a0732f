/**
 * A production newsroom as its own process, signed in as its first admin, with the few moves
 * the load tests make through it: what holds.test and several-hosts.test share.
 */
import path from 'node:path'

import { startServer, type ServerPlace, type ServerProcess } from './serverProcess'

export const SECRET = 'holds-test-secret-0123456789abcdef0123'
export const ADMIN = { email: 'chief@newsroom.test', password: 'a long chief password', name: 'Chief' }

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers are read field by field

export type Newsroom = {
  server: ServerProcess
  env: Record<string, string>
  token: string
  api(method: string, apiPath: string, body?: unknown): Promise<{ status: number; json: Json; text: string; headers: Headers }>
}

/** A production server on `dataDir`: the first boot registers the first admin, later boots sign in. `place`: another host to run it on. */
export async function boot(dataDir: string, databaseUri: string, extra: Record<string, string> = {}, nodeArgs?: string[], place?: ServerPlace): Promise<Newsroom> {
  const env = {
    NODE_ENV: 'production',
    PAYLOAD_SECRET: SECRET,
    DATABASE_URI: databaseUri,
    MEDIA_DIR: path.join(dataDir, 'media'),
    TRUST_PROXY: 'loopback',
    SHUTDOWN_DRAIN_SECONDS: '1',
    ...extra,
  }
  const server = await startServer(env, undefined, nodeArgs, place)
  let token = ''
  const api: Newsroom['api'] = async (method, apiPath, body) => {
    const response = await fetch(`${server.url}${apiPath}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(token ? { Authorization: `JWT ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    let json: Json = null
    try {
      json = JSON.parse(text)
    } catch {
      json = null
    }
    return { status: response.status, json, text, headers: response.headers }
  }
  const registered = await api('POST', '/api/users/first-register', ADMIN)
  token = registered.status === 200 ? registered.json.token : (await api('POST', '/api/users/login', { email: ADMIN.email, password: ADMIN.password })).json.token
  if (!token) throw new Error(`no admin token: ${registered.text}`)
  return { server, env, token, api }
}

export async function publishArticle(newsroom: Newsroom, title: string): Promise<string> {
  const created = await newsroom.api('POST', '/api/articles', {
    title,
    dek: 'A story readers answer.',
    body: [{ children: [{ text: 'The intrusion began at a VPN appliance.' }] }],
    _status: 'published',
  })
  if (created.status !== 201) throw new Error(`article: ${created.text}`)
  return String(created.json.doc.slug)
}

/** The comment policy for load: guests post as soon as they have the form; each is new, so no flood window applies. */
export async function setPolicy(newsroom: Newsroom, policy: Record<string, unknown> = {}): Promise<void> {
  const result = await newsroom.api('POST', '/api/globals/comment-policy', { minSecondsBeforeSubmit: 0, floodSeconds: 0, ...policy })
  if (result.status !== 200) throw new Error(`policy: ${result.text}`)
}

export const fiveHundreds = (statuses: Record<number, number>) => Object.entries(statuses).reduce((sum, [code, count]) => sum + (Number(code) >= 500 ? count : 0), 0)

/** Waits until `check` holds, polling; returns how long it took. */
export async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now()
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`not within ${ms} ms`)
}
