/**
 * A PostgreSQL server of the test's own: Debian's binaries, a fresh cluster in a temporary
 * folder, listening on the given address (a bridge the instances reach over the network) with
 * password authentication for the newsroom's role. Stopped and removed by `stop()`.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { postgresBin } from '../system/systemPackages.js'

const run = promisify(execFile)

export type PostgresServer = {
  /** postgres://newsroom:…@address:port/newsroom */
  readonly uri: string
  readonly address: string
  readonly port: number
  /** Runs SQL as the superuser on this server's `database` (default newsroom); the rows, tab-separated. */
  psql(sql: string, database?: string): Promise<string>
  stop(): Promise<void>
}

const PASSWORD = 'several-hosts-password'
const REPLICATION_PASSWORD = 'replication-password'

async function ids(user: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])])
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
}

/** `allow`: the network whose hosts may sign in (CIDR); `durable: false` turns off syncing to disk (a throw-away cluster). */
export async function startPostgres(options: { address: string; port: number; allow: string; maxConnections?: number; durable?: boolean }): Promise<PostgresServer> {
  const bin = postgresBin()
  if (!existsSync(path.join(bin, 'initdb'))) throw new Error(`No PostgreSQL at ${bin}: install Debian's postgresql package, or set POSTGRES_BIN to its programs' folder.`)
  const dir = await mkdtemp(path.join(tmpdir(), 'newsroom-pg-'))
  const data = path.join(dir, 'data')
  const owner = await ids('postgres')
  await chown(dir, owner.uid, owner.gid)
  await chmod(dir, 0o700)
  const as: As = (command, args) => run('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args])
  await as('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8'])
  const hba = `local all all trust\nhost all all ${options.allow} scram-sha-256\nhost replication replicator ${options.allow} scram-sha-256\n`
  await writeFile(path.join(data, 'pg_hba.conf'), hba)
  await chown(path.join(data, 'pg_hba.conf'), owner.uid, owner.gid)
  const settings = [
    `listen_addresses='${options.address}'`,
    `port=${options.port}`,
    `unix_socket_directories='${dir}'`,
    `max_connections=${options.maxConnections ?? 100}`,
    ...(options.durable === false ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
  ]
    .map((setting) => `-c ${setting}`)
    .join(' ')
  await as('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', settings, '-w', 'start'])
  const server = served(as, dir, data, options.address, options.port)
  await server.psql(`CREATE ROLE newsroom LOGIN PASSWORD '${PASSWORD}'`, 'postgres')
  await server.psql(`CREATE ROLE replicator LOGIN REPLICATION PASSWORD '${REPLICATION_PASSWORD}'`, 'postgres')
  await server.psql('CREATE DATABASE newsroom OWNER newsroom', 'postgres')
  return server
}

type As = (command: string, args: string[], env?: Record<string, string>) => Promise<{ stdout: string }>

function served(as: As, dir: string, data: string, address: string, port: number): PostgresServer {
  return {
    uri: `postgres://newsroom:${PASSWORD}@${address}:${port}/newsroom`,
    address,
    port,
    psql: async (sql, database = 'newsroom') =>
      (await as('psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', database, '-qtA', '-v', 'ON_ERROR_STOP=1', '-c', sql])).stdout.trim(),
    stop: async () => {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** A read-only copy of `primary` kept current by streaming replication (pg_basebackup, then a hot standby), listening on `port`. */
export async function startReplica(primary: PostgresServer, port: number): Promise<PostgresServer> {
  const bin = postgresBin()
  const dir = await mkdtemp(path.join(tmpdir(), 'newsroom-pg-replica-'))
  const data = path.join(dir, 'data')
  const owner = await ids('postgres')
  await chown(dir, owner.uid, owner.gid)
  await chmod(dir, 0o700)
  const as: As = (command, args, env = {}) =>
    run('runuser', ['-u', 'postgres', '--', 'env', ...Object.entries(env).map(([key, value]) => `${key}=${value}`), path.join(bin, command), ...args])
  await as('pg_basebackup', ['-h', primary.address, '-p', String(primary.port), '-U', 'replicator', '-D', data, '-R', '-X', 'stream'], { PGPASSWORD: REPLICATION_PASSWORD })
  const settings = [`listen_addresses='${primary.address}'`, `port=${port}`, `unix_socket_directories='${dir}'`, 'hot_standby=on'].map((setting) => `-c ${setting}`).join(' ')
  await as('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', settings, '-w', 'start'])
  return served(as, dir, data, primary.address, port)
}
