import path from 'node:path'

import {
  ConfigurationError,
  jobsCron,
  parseDatabaseUri,
  parseDrainSeconds,
  parseJobsInterval,
  parseMail,
  parsePort,
  parseSecret,
  parseServerUrl,
  parseSqliteSynchronous,
  parseTrustProxy,
  readSettings,
} from '../../src/config/environment'

const cwd = '/srv/newsroom'

describe('DATABASE_URI', () => {
  test('unset means the embedded SQLite file ./data/newsroom.db', () => {
    expect(parseDatabaseUri(undefined, cwd)).toEqual({ kind: 'sqlite', url: 'file:/srv/newsroom/data/newsroom.db', file: '/srv/newsroom/data/newsroom.db' })
    expect(parseDatabaseUri('  ', cwd).kind).toBe('sqlite')
  })

  test('file: paths are resolved against the working directory', () => {
    expect(parseDatabaseUri('file:./db/site.db', cwd)).toMatchObject({ kind: 'sqlite', file: path.resolve(cwd, 'db/site.db') })
    expect(parseDatabaseUri('file:/var/lib/news.db', cwd)).toMatchObject({ file: '/var/lib/news.db' })
    expect(parseDatabaseUri('file::memory:?cache=shared', cwd)).toMatchObject({ kind: 'sqlite', file: null })
  })

  test('mongodb:// and mongodb+srv:// select MongoDB', () => {
    expect(parseDatabaseUri('mongodb://db:27017/news', cwd)).toEqual({ kind: 'mongodb', url: 'mongodb://db:27017/news' })
    expect(parseDatabaseUri('mongodb+srv://user:pw@cluster0.example.net/news', cwd).kind).toBe('mongodb')
  })

  test('postgres:// and postgresql:// select PostgreSQL, with a pool size and read replicas from the environment', () => {
    expect(parseDatabaseUri('postgres://news:pw@db:5432/news', cwd)).toEqual({ kind: 'postgres', url: 'postgres://news:pw@db:5432/news', poolMax: 10, readReplicas: [] })
    expect(
      parseDatabaseUri('postgresql://news:pw@db/news', cwd, {
        DATABASE_POOL_MAX: '25',
        DATABASE_READ_REPLICAS: ' postgres://ro:pw@replica1/news , postgresql://ro:pw@replica2:6432/news,',
      }),
    ).toEqual({ kind: 'postgres', url: 'postgresql://news:pw@db/news', poolMax: 25, readReplicas: ['postgres://ro:pw@replica1/news', 'postgresql://ro:pw@replica2:6432/news'] })
  })

  test.each([
    ['postgres://', {}, /DATABASE_URI names no PostgreSQL host/],
    ['postgres://news:pw@[db/news', {}, /DATABASE_URI is not a valid address/],
    ['postgres://news:pw@db', {}, /DATABASE_URI names no database/],
    ['postgres://news:pw@db/news', { DATABASE_POOL_MAX: '0' }, /^DATABASE_POOL_MAX must be a whole number of connections from 1 to 1000; got "0"$/],
    ['postgres://news:pw@db/news', { DATABASE_POOL_MAX: 'lots' }, /^DATABASE_POOL_MAX must be/],
    [
      'postgres://news:pw@db/news',
      { DATABASE_READ_REPLICAS: 'mysql://ro:hunter2@replica/news' },
      /^DATABASE_READ_REPLICAS entry 1 must start with postgres:\/\/ or postgresql:\/\/; got a "mysql:" address$/,
    ],
    [
      'postgres://news:pw@db/news',
      { DATABASE_READ_REPLICAS: 'postgres://ro:hunter2@replica/news,postgres://ro:hunter2@replica2' },
      /^DATABASE_READ_REPLICAS entry 2 names no database/,
    ],
  ])('PostgreSQL setting %j %j is refused in one line', (uri, env, message) => {
    const attempt = () => parseDatabaseUri(uri, cwd, env)
    expect(attempt).toThrow(ConfigurationError)
    expect(attempt).toThrow(message)
    try {
      attempt()
    } catch (error) {
      expect(String(error)).not.toContain('hunter2')
      expect(String(error)).not.toContain('pw@')
    }
  })

  test('any other scheme is refused naming the accepted ones, never echoing credentials', () => {
    const attempt = () => parseDatabaseUri('mysql://admin:hunter2@db/news', cwd)
    expect(attempt).toThrow(ConfigurationError)
    expect(attempt).toThrow(/file: \(SQLite\), postgres:\/\/ or postgresql:\/\/ \(PostgreSQL\), mongodb:\/\/ or mongodb\+srv:\/\/ \(MongoDB\); got a "mysql:" address/)
    try {
      attempt()
    } catch (error) {
      expect(String(error)).not.toContain('hunter2')
    }
    expect(() => parseDatabaseUri('newsroom.db', cwd)).toThrow(/not an address/)
    expect(() => parseDatabaseUri('file:', cwd)).toThrow(/needs a path/)
    expect(() => parseDatabaseUri('mongodb://', cwd)).toThrow(/names no MongoDB host/)
  })
})

describe('PORT', () => {
  test('defaults to 3000 and accepts 1–65535', () => {
    expect(parsePort(undefined)).toBe(3000)
    expect(parsePort('8080')).toBe(8080)
  })

  test.each(['abc', '80a', '-1', '0', '65536', '3.5'])('refuses %j in one line', (value) => {
    expect(() => parsePort(value)).toThrow(/^PORT must be a whole number from 1 to 65535/)
  })
})

describe('PAYLOAD_SECRET', () => {
  test('production requires a long secret', () => {
    expect(() => parseSecret(undefined, 'production')).toThrow(/PAYLOAD_SECRET is not set/)
    expect(() => parseSecret('short', 'production')).toThrow(/at least 32 characters/)
    expect(parseSecret('x'.repeat(32), 'production')).toHaveLength(32)
  })

  test('development may go without (a generated one is kept in the data folder)', () => {
    expect(parseSecret(undefined, 'development')).toBeNull()
    expect(parseSecret('short-is-fine-locally', 'development')).toBe('short-is-fine-locally')
  })
})

describe('SERVER_URL and the whole environment', () => {
  test('SERVER_URL defaults to localhost on the port and keeps only the origin', () => {
    expect(parseServerUrl(undefined, 4000)).toBe('http://localhost:4000')
    expect(parseServerUrl('https://news.example.org/some/path', 4000)).toBe('https://news.example.org')
    expect(() => parseServerUrl('news.example.org', 4000)).toThrow(ConfigurationError)
    expect(() => parseServerUrl('ftp://news.example.org', 4000)).toThrow(/http/)
  })

  test('readSettings combines them', () => {
    const settings = readSettings({ NODE_ENV: 'production', PORT: '8080', PAYLOAD_SECRET: 's'.repeat(40), MEDIA_DIR: 'uploads' }, cwd)
    expect(settings).toMatchObject({ mode: 'production', port: 8080, host: '0.0.0.0', mediaDir: '/srv/newsroom/uploads', serverUrl: 'http://localhost:8080' })
  })
})

describe('settings for running under load', () => {
  test('SQLITE_SYNCHRONOUS: normal by default, or full; anything else is refused', () => {
    expect(parseSqliteSynchronous(undefined)).toBe('NORMAL')
    expect(parseSqliteSynchronous(' Full ')).toBe('FULL')
    expect(() => parseSqliteSynchronous('off')).toThrow('SQLITE_SYNCHRONOUS must be normal or full; got "off"')
  })

  test('SHUTDOWN_DRAIN_SECONDS: 5 in production, 0 elsewhere, 0–300', () => {
    expect(parseDrainSeconds(undefined, 'production')).toBe(5)
    expect(parseDrainSeconds(undefined, 'development')).toBe(0)
    expect(parseDrainSeconds('30', 'production')).toBe(30)
    expect(parseDrainSeconds('0', 'production')).toBe(0)
    expect(() => parseDrainSeconds('301', 'production')).toThrow(/0 to 300/)
    expect(() => parseDrainSeconds('1.5', 'production')).toThrow(/whole number/)
  })

  test('JOBS_INTERVAL_SECONDS: 1–59 seconds or whole minutes, as a croner schedule', () => {
    expect(parseJobsInterval(undefined)).toBe(10)
    expect(jobsCron(parseJobsInterval('5'))).toBe('*/5 * * * * *')
    expect(jobsCron(parseJobsInterval('120'))).toBe('0 */2 * * * *')
    expect(() => parseJobsInterval('90')).toThrow(/whole minutes/)
    expect(() => parseJobsInterval('0')).toThrow(/JOBS_INTERVAL_SECONDS/)
  })

  test('TRUST_PROXY: off, true, a number of hops, or addresses', () => {
    expect(parseTrustProxy(undefined)).toBe(false)
    expect(parseTrustProxy('true')).toBe(true)
    expect(parseTrustProxy('2')).toBe(2)
    expect(parseTrustProxy('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8')
    expect(() => parseTrustProxy('$(rm -rf)')).toThrow(/TRUST_PROXY must be/)
  })
})

describe('mail: SMTP_URL, MAIL_FROM, MAIL_FROM_NOTIFICATIONS', () => {
  const site = { name: 'Security Newsroom', origin: 'https://news.example.org' }

  test('no SMTP_URL: the development mailbox in development, no mail elsewhere; the sender defaults to the site', () => {
    expect(parseMail({}, 'development', site).transport).toEqual({ kind: 'dev-mailbox' })
    expect(parseMail({}, 'production', site)).toEqual({
      transport: { kind: 'none' },
      from: { name: 'Security Newsroom', address: 'newsroom@news.example.org' },
      notificationsFrom: { name: 'Security Newsroom', address: 'newsroom@news.example.org' },
    })
  })

  test('smtp:// and smtps:// with credentials (percent-decoded), default ports 587 and 465', () => {
    const env = { SMTP_URL: 'smtp://mailer:p%40ss%3Aword@mail.example.org', MAIL_FROM: '"The Newsroom" <news@example.org>', MAIL_FROM_NOTIFICATIONS: 'comments@example.org' }
    expect(parseMail(env, 'production', site)).toEqual({
      transport: { kind: 'smtp', host: 'mail.example.org', port: 587, secure: false, user: 'mailer', password: 'p@ss:word' },
      from: { name: 'The Newsroom', address: 'news@example.org' },
      notificationsFrom: { name: '', address: 'comments@example.org' },
    })
    expect(parseMail({ SMTP_URL: 'smtps://mail.example.org', MAIL_FROM: 'news@example.org' }, 'production', site).transport).toMatchObject({ port: 465, secure: true, user: null })
    expect(parseMail({ SMTP_URL: 'smtp://127.0.0.1:2525' }, 'development', site).transport).toMatchObject({ host: '127.0.0.1', port: 2525 })
  })

  test('bad values stop the server with one line that never shows a password', () => {
    const problems: Array<[Record<string, string>, RegExp]> = [
      [{ SMTP_URL: 'http://user:secret@mail.example.org' }, /SMTP_URL must start with smtp:\/\/ or smtps:\/\/; got "http:"/],
      [{ SMTP_URL: 'mail.example.org:587' }, /SMTP_URL must start with smtp:\/\/ or smtps:\/\//],
      [{ SMTP_URL: 'not a url at all secret' }, /SMTP_URL must be an address/],
      [{ SMTP_URL: 'smtp://user:%E0%A4%A@mail.example.org' }, /not percent-encoded correctly/],
      [{ SMTP_URL: 'smtp://user:secret@mail.example.org' }, /MAIL_FROM is required with SMTP_URL in production/],
      [{ SMTP_URL: 'smtp://mail.example.org', MAIL_FROM: 'Newsroom <not an address>' }, /MAIL_FROM must be an address such as/],
      [{ MAIL_FROM_NOTIFICATIONS: 'news@example.org\r\nBcc: victim@example.org' }, /MAIL_FROM_NOTIFICATIONS must be an address/],
    ]
    for (const [env, message] of problems) {
      let error: unknown
      try {
        parseMail(env, 'production', site)
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(ConfigurationError)
      expect((error as Error).message).toMatch(message)
      expect((error as Error).message).not.toContain('secret')
      expect((error as Error).message).not.toContain('\n')
    }
  })
})
