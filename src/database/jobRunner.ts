/**
 * Exactly one instance runs scheduled jobs (publishing at a set time). Payload 3 lets two
 * runners claim the same job, so the instances share a lease in the site-state global: the
 * instance that holds it, until when. At each tick an instance takes the lease if it is free,
 * expired or already its own, inside a write transaction (so two instances cannot both take
 * it), and only the holder runs jobs. A holder that stops gives the lease back; one that dies
 * loses it when it expires, and another instance takes over.
 */
import type { Payload } from 'payload'

import { instanceId } from '../instance'
import { GLOBAL_SLUGS } from '../types'
import { inTransaction } from './transactions'

/** How long a claim holds without being renewed: a few ticks of the job runner. */
export const leaseMs = (intervalSeconds: number): number => Math.max(3, 2.5 * intervalSeconds) * 1000

type Lease = { jobRunner?: string | null; jobRunnerUntil?: string | null }

/** Whether this instance may run jobs now; renews its lease when it holds it. */
export async function claimJobRunner(payload: Payload, intervalSeconds: number, now = Date.now()): Promise<boolean> {
  const me = instanceId(payload)
  try {
    return await inTransaction(payload, async (req) => {
      const lease = (await payload.db.findGlobal({ slug: GLOBAL_SLUGS.siteState, req, select: { jobRunner: true, jobRunnerUntil: true } })) as Lease
      const until = lease.jobRunnerUntil ? Date.parse(lease.jobRunnerUntil) : 0
      if (lease.jobRunner && lease.jobRunner !== me && until > now) return false
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
