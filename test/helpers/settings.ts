/** Settings for a newsroom on a throw-away folder: tests and benchmarks build their Payload config from these. */
import path from 'node:path'

import type { DatabaseSetting, Settings } from '../../src/config/environment'

export const TEST_ORIGIN = 'http://localhost:3000'

export function settingsFor(dir: string, overrides: Partial<Settings> & { database?: DatabaseSetting } = {}): Settings {
  const file = path.join(dir, 'newsroom.db')
  return {
    mode: 'test',
    port: 3000,
    host: '127.0.0.1',
    database: { kind: 'sqlite', url: `file:${file}`, file },
    sqliteSynchronous: 'NORMAL',
    secret: 'newsroom-test-secret-0123456789abcdef',
    mediaDir: path.join(dir, 'media'),
    serverUrl: TEST_ORIGIN,
    site: { name: 'Security Newsroom', description: 'Test newsroom.', language: 'en', origin: TEST_ORIGIN },
    trustProxy: false,
    auth: { providers: [], sessionDays: 30 },
    shutdownDrainSeconds: 0,
    jobsIntervalSeconds: 60,
    sharedCache: { sMaxAgeSeconds: 60, staleSeconds: 30 },
    mail: {
      transport: { kind: 'none' },
      from: { name: 'Security Newsroom', address: 'newsroom@newsroom.test' },
      notificationsFrom: { name: 'Security Newsroom', address: 'notify@newsroom.test' },
    },
    ...overrides,
  }
}
