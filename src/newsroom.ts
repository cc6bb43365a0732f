/**
 * Starts the whole newsroom in this process: one Payload instance, Next for the admin and
 * APIs, Express in front. Returns a handle whose close() shuts down in order.
 */
import http from 'node:http'
import net, { type AddressInfo, type Socket } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { RequestHandler } from 'express'
import next from 'next'
import { getPayload, type Payload } from 'payload'

import { createDevIdentityProvider } from './auth/devProvider'
import { indexIfEmpty } from './search/documents'
import { DEV_PROVIDER_PATH, developmentProviders } from './auth/providers'
import type { Settings } from './config/environment'
import { devMailDir } from './config/runtime'
import { watchJobRunner } from './database/jobRunner'
import { DEV_MAIL_PATH, devMailRouter } from './mail/devMailbox'
import { mailContextFor } from './mail/subscriptions'
import { createApp } from './http/app'
import { STAFF_COLLECTION } from './newsroomConfig'
import { createSite } from './site/router'
import { databaseIsEmpty, seedDemoContent } from './seed/seed'

/** Shutdown waits this long without a new connection before it stops accepting. */
const QUIET_MS = 100

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export type Newsroom = {
  readonly payload: Payload
  readonly server: http.Server
  readonly url: string
  close(): Promise<void>
}

export type StartOptions = {
  /** Next in development mode (compiles on demand, reloads on change). */
  readonly dev: boolean
  /** Load the demo content when the database is empty (the first `npm run dev`). */
  readonly seedWhenEmpty?: boolean
  /** How long requests still in flight may take to finish once the server stops accepting. */
  readonly finishMs?: number
  readonly log?: (line: string) => void
}

export async function startNewsroom(settings: Settings, options: StartOptions): Promise<Newsroom> {
  const log = options.log ?? ((line: string) => console.log(line))
  const { default: config } = await import('./payload.config')
  const payload = await getPayload({ config, cron: true })
  const jobRunner = watchJobRunner(payload, settings.jobsIntervalSeconds)

  if (options.seedWhenEmpty && (await databaseIsEmpty(payload))) {
    log('Empty database: loading the demo newsroom…')
    await seedDemoContent(payload, { log })
  }

  await indexIfEmpty(payload, log)

  const nextApp = next({ dev: options.dev, dir: projectRoot, hostname: 'localhost', port: settings.port })
  await nextApp.prepare()
  const handle = nextApp.getRequestHandler()
  // No sign-in provider configured on a development machine: the built-in one stands in for all four.
  let auth = settings.auth
  const developmentTools: Array<{ path: string; handler: RequestHandler }> = []
  if (settings.mode === 'development' && auth.providers.length === 0) {
    const development = await createDevIdentityProvider({ issuer: `${settings.serverUrl}${DEV_PROVIDER_PATH}`, newsroomOrigin: settings.serverUrl, mode: settings.mode })
    developmentTools.push({ path: DEV_PROVIDER_PATH, handler: development.router })
    auth = { ...auth, providers: developmentProviders(settings.serverUrl, settings.mode) }
    log(`Reader sign-in: no provider configured, so the development sign-in at ${DEV_PROVIDER_PATH} stands in for all four icons.`)
  }
  // No SMTP server configured on a development machine: mail goes to the built-in mailbox.
  if (settings.mail.transport.kind === 'dev-mailbox') {
    developmentTools.push({ path: DEV_MAIL_PATH, handler: devMailRouter(devMailDir(settings)) })
    log(`Mail: no SMTP_URL, so everything the newsroom sends is kept in the development mailbox at ${settings.serverUrl}${DEV_MAIL_PATH}.`)
  } else if (settings.mail.transport.kind === 'none') {
    log('Mail: no SMTP_URL, so the newsroom sends no mail (password resets and notifications answer that mail is off).')
  }
  const site = createSite({
    payload,
    site: settings.site,
    staffCollection: STAFF_COLLECTION,
    mediaDir: settings.mediaDir,
    auth,
    sharedCache: settings.sharedCache,
    mail: mailContextFor(settings),
    otherAddresses: settings.mode === 'development',
  })
  const lifecycle = { draining: false }
  const app = createApp({
    lifecycle,
    payload,
    site,
    nextHandler: (req, res) => handle(req, res),
    hsts: settings.serverUrl.startsWith('https:'),
    trustProxy: settings.trustProxy,
    developmentTools,
    siteAddress: settings.mode === 'development' ? settings.serverUrl : undefined,
  })

  const server = http.createServer(app)
  const connections = trackConnections(server)
  // Next's development server keeps the admin up to date over a websocket.
  if (options.dev) {
    const upgrade = nextApp.getUpgradeHandler()
    server.on('upgrade', (req, socket, head) => void upgrade(req, socket, head))
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const url = `http://localhost:${port}`

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      // 1. Drain: /healthz answers 503 "draining" so load balancers stop sending, while everything
      //    that still arrives is answered (each response closing its connection).
      lifecycle.draining = true
      // The job runner looks for no new work from now on; the run in hand finishes beside the drain.
      const jobsStopped = jobRunner.stop(options.finishMs ?? 10_000).then(
        (finished) => {
          if (!finished) log("The job runner's run did not finish in time; the next instance to run jobs takes its jobs up again.")
        },
        (error: unknown) => log(`Could not stop the job runner in order: ${error instanceof Error ? error.message : String(error)}`),
      )
      if (settings.shutdownDrainSeconds > 0) {
        log(`Draining for ${settings.shutdownDrainSeconds} s: /healthz now answers 503, requests are still served.`)
        await new Promise((resolve) => setTimeout(resolve, settings.shutdownDrainSeconds * 1000))
      }
      // 2. Then wait for a quiet moment: connections the kernel has completed but Node has not
      //    accepted yet would be reset when the listening socket closes, and under load Node
      //    reaches them only between the requests it is serving: the backlog can outlast the drain.
      await connections.quiet(QUIET_MS, options.finishMs ?? 10_000)
      // 3. Stop accepting, and let the requests in flight finish; keep-alive connections are
      //    closed as soon as they are idle after a response. (Not http's own close(), whose idea
      //    of idle includes a connection accepted a moment ago whose request is not read yet:
      //    under load that resets requests the server has accepted.)
      const finished = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()))
      connections.closeIdle()
      const sweep = setInterval(() => connections.closeIdle(), 50)
      const deadline = setTimeout(() => server.closeAllConnections(), options.finishMs ?? 10_000)
      await finished
      clearInterval(sweep)
      clearTimeout(deadline)
      // 4. Once the job runner's run is over and its lease handed on, release Next and the database.
      await jobsStopped
      await nextApp.close()
      await payload.destroy()
    })())

  return { payload, server, url, close }
}

/**
 * The server's connections and whether each is answering a request. A connection is idle once
 * it has been answered and nothing new has arrived on it; one that has sent nothing for a few
 * seconds since it was accepted counts as idle too (a client that connects and never asks).
 */
function trackConnections(server: http.Server): { closeIdle(): void; quiet(quietMs: number, atMostMs: number): Promise<void> } {
  const SILENT_MS = 2000
  const known = new Map<Socket, { busy: number; answered: boolean; since: number }>()
  let accepted = 0
  server.on('connection', (socket: Socket) => {
    accepted += 1
    known.set(socket, { busy: 0, answered: false, since: Date.now() })
    socket.once('close', () => known.delete(socket))
  })
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const state = known.get(req.socket)
    if (!state) return
    state.busy += 1
    res.once('close', () => {
      state.busy -= 1
      state.answered = true
    })
  })
  return {
    /**
     * Resolves once `quietMs` have passed with no new connection (at most `atMostMs`). Each check
     * runs after a turn's I/O (setImmediate), so a backlog Node had not reached when the timer
     * fired is taken first and counts as arrival.
     */
    async quiet(quietMs, atMostMs) {
      const giveUp = Date.now() + atMostMs
      for (;;) {
        const before = accepted
        await new Promise((resolve) => setTimeout(resolve, quietMs))
        await new Promise((resolve) => setImmediate(resolve))
        if (accepted === before || Date.now() >= giveUp) return
      }
    },
    closeIdle() {
      const now = Date.now()
      for (const [socket, state] of known) if (state.busy === 0 && (state.answered || now - state.since > SILENT_MS)) socket.destroy()
    },
  }
}
