/** Bad settings end in one clear line and exit code 1, before anything starts. */
import { runServer } from '../helpers/serverProcess'

const outcome = async (env: Record<string, string>) => {
  const server = runServer(env)
  const code = await server.exited
  return { code, lines: server.output().trim().split('\n') }
}

test.each([
  [{ PORT: 'abc' }, 'newsroom: PORT must be a whole number from 1 to 65535; got "abc"'],
  [
    { DATABASE_URI: 'mysql://admin:hunter2@db/news' },
    'newsroom: DATABASE_URI must start with file: (SQLite), postgres:// or postgresql:// (PostgreSQL), mongodb:// or mongodb+srv:// (MongoDB); got a "mysql:" address',
  ],
  [{ DATABASE_URI: 'postgres://admin:hunter2@127.0.0.1:1/news' }, 'newsroom: Cannot connect to PostgreSQL at 127.0.0.1:1 (database "news"): connect ECONNREFUSED 127.0.0.1:1'],
  [{ DATABASE_URI: 'postgres://admin:hunter2@db/news', DATABASE_POOL_MAX: '0' }, 'newsroom: DATABASE_POOL_MAX must be a whole number of connections from 1 to 1000; got "0"'],
  [{ NODE_ENV: 'production' }, 'newsroom: PAYLOAD_SECRET is not set: production needs a long random secret, e.g. PAYLOAD_SECRET=$(openssl rand -hex 32)'],
  [{ NODE_ENV: 'production', PAYLOAD_SECRET: 'too-short' }, 'newsroom: PAYLOAD_SECRET must be at least 32 characters in production; it has 9'],
])('%j → exit 1 with one line', async (env, line) => {
  expect(await outcome(env)).toEqual({ code: 1, lines: [line] })
})
