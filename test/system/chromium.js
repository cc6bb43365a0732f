/**
 * The browser the system tests drive: Debian's Chromium. When it is missing and this machine
 * can install it (root, with apt-get), it is installed here, so `npm test` passes on a fresh
 * machine by itself; otherwise the run stops at once with one line saying what to do.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const canInstall = () => process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0

export default function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return
  if (process.env.CHROMIUM_PATH || !canInstall()) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium package, or set CHROMIUM_PATH to a Chromium or Chrome binary.`)
  }
  const started = Date.now()
  process.stdout.write('\n[system tests] Chromium is not installed: installing Debian’s chromium (apt-get)…\n')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env })
    if (result.status !== 0) throw new Error(`Installing Chromium failed (apt-get ${args[0]}): install Debian's chromium package by hand, or set CHROMIUM_PATH.`)
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but there is still no ${CHROMIUM}: set CHROMIUM_PATH.`)
  process.stdout.write(`[system tests] Chromium installed in ${Math.round((Date.now() - started) / 1000)} s\n`)
}
