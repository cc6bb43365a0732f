/**
 * What a running server holds, read from /proc: its open descriptors and resident memory. The
 * server is started through tsx, whose process starts the real Node process as its child.
 */
import { readdirSync, readFileSync } from 'node:fs'

import type { ServerProcess } from './serverProcess'

/** The process that runs the newsroom: the tsx wrapper's Node child, or the wrapper itself. */
export function serverPid(server: Pick<ServerProcess, 'child'>): number {
  const wrapper = server.child.pid
  if (!wrapper) throw new Error('the server process has no pid')
  const children = readdirSync(`/proc/${wrapper}/task`).flatMap((task) =>
    readFileSync(`/proc/${wrapper}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
  )
  return children.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('src/server.ts')) ?? wrapper
}

export const openDescriptors = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length

export function residentBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'))
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024
}

/** A browser's first visit to an article: its CSRF cookie and the form's hidden token fields, urlencoded. */
export async function formTokens(articleUrl: string): Promise<{ cookie: string; fields: string }> {
  const response = await fetch(articleUrl)
  const html = await response.text()
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .join('; ')
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1]
  const csrf = field('_csrf')
  const time = field('_ts')
  if (!cookie || !csrf || !time) throw new Error(`no comment form on ${articleUrl} (${response.status})`)
  return { cookie, fields: new URLSearchParams({ _csrf: csrf, _ts: time }).toString() }
}
