/**
 * Exactly one instance runs scheduled jobs (publishing at a set time, reactions, mail). Payload 3
 * lets two runners claim the same job, so the instances share a lease in the site-state global:
 * the instance that holds it, until when. At each tick an instance takes the lease if it is free,
 * expired or already its own, inside a write transaction (so two instances cannot both take it),
 * and only the holder runs jobs. While a run outlasts its tick (Payload skips the ticks of a busy
 * runner) the holder keeps renewing. A holder that stops lets its run finish, within a bound,
 * then gives the lease back; one that dies loses it when it expires, and another instance takes
 * over.
 *
 * Payload marks a job `processing` when a runner takes it and never looks at it again until that
 * runner finishes it: a job a runner had in hand when its process ended would stay `processing`
 * for ever, and its mail would never go. Only the lease holder runs jobs (nobody can set the
 * runner off through REST), and a holder that stops with its run finished gives the lease back.
 * So whoever takes over a lease that ran out on another instance (it died, or stopped with its
 * run cut short and kept the lease for this) knows every job still marked `processing` was left
 * by that runner, and hands it back to the queue in the same transaction. A mail cut off
 * mid-send is sent again (with the same Message-ID); one that went is not, as the ledger says so.
 */
import type { Payload } from 'payload'

import { instanceId } from '../instance'
import { GLOBAL_SLUGS } from '../types'
import { inTransaction } from './transactions'

/** How long a claim holds without being renewed: a few ticks of the job runner. */
export const leaseMs = (intervalSeconds: number): number => Math.max(3, 2.5 * intervalSeconds) * 1000

const JOBS = 'payload-jobs'

type Lease = { jobRunner?: string | null; jobRunnerUntil?: string | null }

/** Whether this instance may run jobs now; renews its lease when it holds it. */
export async function claimJobRunner(payload: Payload, intervalSeconds: number, now = Date.now()): Promise<boolean> {
  const me = instanceId(payload)
  try {
    return await inTransaction(payload, async (req) => {
      const lease = (await payload.db.findGlobal({ slug: GLOBAL_SLUGS.siteState, req, select: { jobRunner: true, jobRunnerUntil: true } })) as Lease
      const until = lease.jobRunnerUntil ? Date.parse(lease.jobRunnerUntil) : 0
      if (lease.jobRunner && lease.jobRunner !== me && until > now) return false
      // A lease that ran out on another instance: its runner is gone, and so is whatever it had in hand.
      if (lease.jobRunner && lease.jobRunner !== me)
        await payload.db.updateMany({ collection: JOBS, where: { processing: { equals: true } }, data: { processing: false }, req, returning: false })
      await payload.db.updateGlobal({
        slug: GLOBAL_SLUGS.siteState,
        data: { jobRunner: me, jobRunnerUntil: new Date(now + leaseMs(intervalSeconds)).toISOString() },
        req,
        returning: false,
      })
      return true
    })
  } catch (error) {
    // Busy or unreachable: skip this tick; the next one tries again.
    payload.logger.warn({ err: error, msg: 'Could not check which instance runs scheduled jobs; skipping this round.' })
    return false
  }
}

/** Gives the lease back on shutdown, so another instance takes over at its next tick. */
export async function releaseJobRunner(payload: Payload): Promise<void> {
  const me = instanceId(payload)
  await inTransaction(payload, async (req) => {
    const lease = (await payload.db.findGlobal({ slug: GLOBAL_SLUGS.siteState, req, select: { jobRunner: true } })) as Lease
    if (lease.jobRunner === me) await payload.db.updateGlobal({ slug: GLOBAL_SLUGS.siteState, data: { jobRunner: null, jobRunnerUntil: null }, req, returning: false })
  })
}

export type JobRunnerWatch = {
  /**
   * Stops looking for jobs, waits up to `boundMs` for the run in hand to finish, then gives the
   * lease back. Resolves whether the run finished in time; when not, the lease is kept to run
   * out, so that the next holder hands the jobs still in hand back to the queue.
   */
  stop(boundMs: number): Promise<boolean>
}

/** Keeps this instance's lease while its runner is busy past a tick, and stops the runner in order at shutdown. */
export function watchJobRunner(payload: Payload, intervalSeconds: number): JobRunnerWatch {
  // Payload's runner crons (croner, `protect` on: busy while a run is in hand).
  const busy = (crons: ReadonlyArray<{ isBusy(): boolean }>) => crons.some((cron) => cron.isBusy())
  const heartbeat = setInterval(() => {
    if (busy(payload.crons)) void claimJobRunner(payload, intervalSeconds)
  }, intervalSeconds * 1000)
  heartbeat.unref()
  return {
    async stop(boundMs) {
      clearInterval(heartbeat)
      // Out of Payload's list, so its destroy() finds nothing left to stop; stopped crons finish the run they are in.
      const stopping = payload.crons.splice(0)
      for (const cron of stopping) cron.stop()
      const deadline = Date.now() + boundMs
      while (busy(stopping) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
      const finished = !busy(stopping)
      if (finished) await releaseJobRunner(payload)
      return finished
    },
  }
}
