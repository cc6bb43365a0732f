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
  stop(): Promise<void>
}

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
  const password = 'several-hosts-password'
  const owner = await ids('postgres')
  await chown(dir, owner.uid, owner.gid)
  await chmod(dir, 0o700)
  const as = (command: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args])
  await as('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8'])
  const hba = `local all all trust\nhost all all ${options.allow} scram-sha-256\n`
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
  const psql = (sql: string) => as('psql', ['-h', dir, '-p', String(options.port), '-U', 'postgres', '-qtA', '-v', 'ON_ERROR_STOP=1', '-c', sql])
  await psql(`CREATE ROLE newsroom LOGIN PASSWORD '${password}'`)
  await psql('CREATE DATABASE newsroom OWNER newsroom')
  return {
    uri: `postgres://newsroom:${password}@${options.address}:${options.port}/newsroom`,
    address: options.address,
    port: options.port,
    stop: async () => {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    },
  }
}
