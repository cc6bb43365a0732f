/**
 * What a running server holds, read from /proc: its open descriptors and resident memory. The
 * server is started through tsx, whose process starts the real Node process as its child.
 */
import { readdirSync, readFileSync } from 'node:fs'

import type { ServerProcess } from './serverProcess'

/** The process that runs the newsroom: a wrapper's Node child (as under `tsx src/server.ts`), or the process itself. */
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

/**
 * The process's resident memory sampled every `everyMs` until stopped. Single readings swing by
 * tens of MB with the garbage collector's cycles; the lowest reading over a stretch of load (its
 * low-water mark, just after a collection) is what grows when memory leaks.
 */
export function sampleResident(pid: number, everyMs = 50): { stop(): number[] } {
  const samples: number[] = []
  const timer = setInterval(() => {
    try {
      samples.push(residentBytes(pid))
    } catch {
      // the process has ended
    }
  }, everyMs)
  return {
    stop() {
      clearInterval(timer)
      return samples
    },
  }
}

/** Low-water marks of the first and the second half of a run of samples. */
export function lowWaterHalves(samples: ReadonlyArray<number>): { early: number; late: number } {
  const half = Math.floor(samples.length / 2)
  if (half === 0) throw new Error('too few memory samples')
  return { early: Math.min(...samples.slice(0, half)), late: Math.min(...samples.slice(half)) }
}
