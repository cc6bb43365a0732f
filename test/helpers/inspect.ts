/** Runs inspectScript.ts against a server's database, with that server's settings. */
import { spawn } from 'node:child_process'
import path from 'node:path'

import { ROOT } from './serverProcess'

const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx')

export type StoredState = {
  comments: Array<{ id: string; status: string; article: string | null; guest: string | null; createdAt: string }>
  guests: Array<{ id: string; approvedCount: number; rejectedCount: number; lastCommentAt: string | null }>
  articles: Array<{ id: string; commentCount: number }>
}

export async function inspect<T>(env: Record<string, string>, ...args: string[]): Promise<T> {
  const child = spawn(TSX, [path.join(ROOT, 'test/helpers/inspectScript.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NEXT_TELEMETRY_DISABLED: '1', ...env } as unknown as NodeJS.ProcessEnv,
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  const line = output.split('\n').find((entry) => entry.startsWith('RESULT:'))
  if (code !== 0 || !line) throw new Error(`inspect ${args.join(' ')} failed (${code}):\n${output}`)
  return JSON.parse(line.slice('RESULT:'.length)) as T
}
