/**
 * Builds the Next app (admin, REST, GraphQL) once before the system tests, unless a build
 * newer than every source file is already there. CI always starts from a clean clone.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')
const watched = ['src', 'collections', 'admin', 'next.config.mjs', 'package-lock.json', 'tsconfig.json']

function newestMtime(entry) {
  const full = path.join(root, entry)
  if (!fs.existsSync(full)) return 0
  const stat = fs.statSync(full)
  if (!stat.isDirectory()) return stat.mtimeMs
  return fs.readdirSync(full).reduce((newest, child) => Math.max(newest, newestMtime(path.join(entry, child))), stat.mtimeMs)
}

export default function buildOnce() {
  const buildId = path.join(root, '.next', 'BUILD_ID')
  if (fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs > Math.max(...watched.map(newestMtime))) return
  const started = Date.now()
  process.stdout.write('\n[system tests] building the Next app (next build)…\n')
  const result = spawnSync('npx', ['next', 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', NODE_OPTIONS: '' },
  })
  if (result.status !== 0) throw new Error('next build failed: see the output above')
  process.stdout.write(`[system tests] build finished in ${Math.round((Date.now() - started) / 1000)} s\n`)
}
