/** Runs the newsroom's entry point (src/server.ts) as its own process, as `npm run dev` / `npm start` do. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

export const ROOT = path.resolve(import.meta.dirname, '../..')

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

export type ServerProcess = {
  child: ChildProcessWithoutNullStreams
  url: string
  output(): string
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>
}

/** A fresh data folder (database, media) for one server. */
export const freshDataDir = () => mkdtemp(path.join(tmpdir(), 'newsroom-server-'))

/**
 * The server as `npm start` runs it: Node itself with tsx as a loader, so a signal reaches the
 * newsroom directly (tsx's own wrapper process kills its child outright when the child is slow to
 * acknowledge a relayed signal, as it is under load). `nodeArgs`: more Node options, e.g. `--cpu-prof`.
 */
export function runServer(
  env: Record<string, string | undefined>,
  nodeArgs?: string[],
  /** A command the server is started through, such as `ip netns exec <host>` (another network namespace). */
  launcher: ReadonlyArray<string> = [],
): { child: ChildProcessWithoutNullStreams; output(): string; exited: Promise<number | null> } {
  const argv = [...launcher, process.execPath, ...(nodeArgs ?? []), '--import', 'tsx', 'src/server.ts']
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NEXT_TELEMETRY_DISABLED: '1', ...env } as unknown as NodeJS.ProcessEnv,
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

/** Where a server runs when not on this host's loopback: through `launcher`, reached at `host`. */
export type ServerPlace = { readonly launcher: ReadonlyArray<string>; readonly host: string }

/** Starts a server and waits for its "ready" line. */
export async function startServer(env: Record<string, string | undefined>, timeoutMs = 120_000, nodeArgs?: string[], place?: ServerPlace): Promise<ServerProcess> {
  const port = Number(env.PORT ?? (await freePort()))
  const running = runServer({ ...env, PORT: String(port) }, nodeArgs, place?.launcher)
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs)
    const check = () => {
      if (/Newsroom ready on/.test(running.output())) {
        clearTimeout(timer)
        resolve(true)
      }
    }
    running.child.stdout.on('data', check)
    running.exited.then(() => {
      clearTimeout(timer)
      resolve(/Newsroom ready on/.test(running.output()))
    })
  })
  if (!ready) {
    running.child.kill('SIGKILL')
    throw new Error(`server did not start:\n${running.output()}`)
  }
  return { ...running, url: `http://${place?.host ?? 'localhost'}:${port}` }
}

export async function stopServer(server: ServerProcess | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return
  server.child.kill('SIGTERM')
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000)
  await server.exited
  clearTimeout(timer)
}
