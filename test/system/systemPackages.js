/**
 * The Debian programs the system tests drive: Chromium (the browser), nginx (a shared cache
 * in front of the newsroom) and PostgreSQL (the database the several-hosts test starts). When one is missing and this machine can install it (root, with
 * apt-get), it is installed here, so `npm test` passes on a fresh machine by itself; otherwise
 * the run stops at once with one line saying what to do.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

/** The newest installed PostgreSQL's programs (POSTGRES_BIN, or Debian's /usr/lib/postgresql/<version>/bin). */
export function postgresBin() {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN
  const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : []
  return `/usr/lib/postgresql/${versions[0] ?? '15'}/bin`
}

const PROGRAMS = [
  { name: 'Chromium', path: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', variable: 'CHROMIUM_PATH', packages: ['chromium', 'fonts-dejavu-core'] },
  { name: 'nginx', path: process.env.NGINX_PATH ?? '/usr/sbin/nginx', variable: 'NGINX_PATH', packages: ['nginx-light'] },
  { name: 'PostgreSQL', path: `${postgresBin()}/initdb`, variable: 'POSTGRES_BIN', packages: ['postgresql'] },
]

const canInstall = () => process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0

export default function ensureSystemPackages() {
  const missing = PROGRAMS.filter((program) => !fs.existsSync(program.path))
  if (missing.length === 0) return
  const fixed = missing.find((program) => process.env[program.variable])
  if (fixed || !canInstall()) {
    const first = fixed ?? missing[0]
    throw new Error(`No ${first.name} at ${first.path}: install Debian's ${first.packages[0]} package, or set ${first.variable} to its binary.`)
  }
  const started = Date.now()
  const packages = missing.flatMap((program) => program.packages)
  process.stdout.write(`\n[system tests] ${missing.map((program) => program.name).join(' and ')} not installed: installing Debian’s ${packages.join(', ')} (apt-get)…\n`)
  // Installing a server package must not start it as a service: the tests start their own.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', RUNLEVEL: '1' }
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...packages],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env })
    if (result.status !== 0) throw new Error(`Installing ${packages.join(', ')} failed (apt-get ${args[0]}): install them by hand, or set ${missing[0].variable}.`)
  }
  for (const program of missing)
    if (!fs.existsSync(program.name === 'PostgreSQL' ? `${postgresBin()}/initdb` : program.path))
      throw new Error(`apt-get installed ${program.packages[0]} but there is still no ${program.path}: set ${program.variable}.`)
  process.stdout.write(`[system tests] installed in ${Math.round((Date.now() - started) / 1000)} s\n`)
}
