/** securityNewsroom() added to someone else's Payload config: it merges, it does not replace. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { sqliteAdapter } from '@payloadcms/db-sqlite'
import { buildConfig, getPayload, type CollectionAfterChangeHook, type Config } from 'payload'

import { securityNewsroom } from '../../src'

const hostHook: CollectionAfterChangeHook = ({ doc }) => doc
const NEWSROOM_COLLECTIONS = [
  'articles',
  'sources',
  'threat-actors',
  'topics',
  'media',
  'comments',
  'readers',
  'guest-commenters',
  'reader-sessions',
  'sign-in-attempts',
  'mail-log',
  'mail-suppressions',
  'mail-addresses',
  'subscriptions',
  'comment-changes',
  'redirects',
  'import-origins',
  'import-runs',
]

function hostConfig(dir: string, onInit: Config['onInit']): Config {
  return {
    secret: 'host-secret-host-secret-host-secret',
    db: sqliteAdapter({ client: { url: `file:${path.join(dir, 'host.db')}` } }),
    telemetry: false,
    typescript: { autoGenerate: false },
    logger: { options: { level: 'fatal' } } as never,
    admin: { user: 'admins' },
    collections: [
      { slug: 'admins', auth: true, fields: [{ name: 'nickname', type: 'text' }], hooks: { afterChange: [hostHook] } },
      { slug: 'pages', fields: [{ name: 'title', type: 'text' }] },
    ],
    globals: [{ slug: 'site', fields: [{ name: 'tagline', type: 'text' }] }],
    endpoints: [{ path: '/host-ping', method: 'get', handler: () => Response.json({ pong: true }) }],
    onInit,
  }
}

describe('as a config transformer', () => {
  const dir = '/tmp/not-used'
  const slugs = (config: Config) => (config.collections ?? []).map((collection) => collection.slug)

  test('adds the newsroom collections beside the host’s, keeping its globals, endpoints and hooks', () => {
    const config = securityNewsroom({ staffCollection: 'admins', mediaDir: dir })(hostConfig(dir, undefined))
    expect(slugs(config)).toEqual(['admins', 'pages', ...NEWSROOM_COLLECTIONS])
    expect(config.globals?.map((global) => global.slug)).toEqual(['site', 'comment-policy', 'site-state'])
    expect(config.endpoints?.map((endpoint) => endpoint.path)).toEqual([
      '/host-ping',
      '/newsroom/health',
      '/newsroom/moderation/queue',
      '/newsroom/moderation/decide',
      '/newsroom/moderation/standing',
    ])
    const admins = config.collections!.find((collection) => collection.slug === 'admins')!
    expect(admins.fields.map((field) => ('name' in field ? field.name : ''))).toEqual(['nickname', 'roles', 'moderationAlerts'])
    expect(admins.hooks?.afterChange?.[0]).toBe(hostHook)
    // Wrong kinds of values are refused first, then role changes are checked.
    expect(admins.hooks?.beforeOperation?.map((hook) => hook.name)).toEqual(['refuseWrongTypes', expect.any(String)])
    expect(config.admin?.user).toBe('admins')
  })

  test('the job runner is set off through REST by staff admins only (a reader never), unless the host decides', async () => {
    const run = securityNewsroom({ staffCollection: 'admins', mediaDir: dir })(hostConfig(dir, undefined)).jobs!.access!.run!
    const asUser = (user: Record<string, unknown> | null) => run({ req: { user } as never })
    expect(await asUser(null)).toBe(false)
    expect(await asUser({ id: 1, collection: 'readers', roles: ['admin'] })).toBe(false)
    expect(await asUser({ id: 2, collection: 'admins', roles: ['editor'] })).toBe(false)
    expect(await asUser({ id: 3, collection: 'admins', roles: ['admin'] })).toBe(true)
    const hosts = () => true
    const host = hostConfig(dir, undefined)
    expect(securityNewsroom({ staffCollection: 'admins', mediaDir: dir })({ ...host, jobs: { access: { run: hosts } } }).jobs!.access!.run).toBe(hosts)
  })

  test('adds a complete staff collection when the host has none', () => {
    const host = hostConfig(dir, undefined)
    const config = securityNewsroom({ mediaDir: dir })({ ...host, admin: {}, collections: [{ slug: 'pages', fields: [] }] })
    expect(slugs(config)).toEqual(['pages', 'users', ...NEWSROOM_COLLECTIONS])
    expect(config.admin?.user).toBe('users')
  })

  test('enabled: false leaves the config untouched', () => {
    const host = hostConfig(dir, undefined)
    expect(securityNewsroom({ enabled: false })(host)).toBe(host)
  })

  test('refuses clearly when a slug is already taken or the staff collection cannot sign in', () => {
    const host = hostConfig(dir, undefined)
    expect(() => securityNewsroom({ staffCollection: 'admins' })({ ...host, collections: [...host.collections!, { slug: 'articles', fields: [] }] })).toThrow(
      /already has a collection "articles"/,
    )
    expect(() => securityNewsroom({ staffCollection: 'pages' })(host)).toThrow(/"pages" must have auth enabled/)
  })
})

describe('booted inside a host app', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'newsroom-host-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  test('the host’s onInit still runs, and both apps’ collections work', async () => {
    const calls: string[] = []
    const config = await buildConfig(securityNewsroom({ staffCollection: 'admins', mediaDir: path.join(dir, 'media') })(hostConfig(dir, () => void calls.push('host onInit'))))
    const payload = await getPayload({ config })
    try {
      expect(calls).toEqual(['host onInit'])
      const admin = await payload.create({ collection: 'admins', data: { email: 'host@example.org', password: 'a long host password', nickname: 'boss' } })
      expect(admin.roles).toEqual(['admin'])
      await payload.create({ collection: 'pages', data: { title: 'About' } })
      const article = await payload.create({ collection: 'articles', data: { title: 'Host article' }, draft: true })
      expect(article.slug).toBe('host-article')
    } finally {
      await payload.destroy()
    }
  })
})
