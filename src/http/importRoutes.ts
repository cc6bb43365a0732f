/**
 * The admin's Import view talks to these, in front of Payload's API (an export runs to hundreds
 * of MB, streamed to a temporary file rather than read into memory, which Payload's endpoints
 * would do):
 *
 * - POST /api/newsroom/imports?format=wordpress|disqus&name=…&dryRun=1&skipPingbacks=1&fetchMedia=1, the file
 *   as the body: starts an import (202 with its id), or 409 while one is running;
 * - GET /api/newsroom/imports/:id: its progress, then its report.
 *
 * Admins only, signed in as Payload signs them in (its cookie or a JWT header); a request that
 * relies on the cookie must come from the admin's own origin (CSRF).
 */
import { createWriteStream } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'

import { Router, type Request, type Response } from 'express'
import type { Payload } from 'payload'

import { isAdmin } from '../editorial/roles'
import type { ImportFormat } from '../import/arguments'
import { ImportJobs } from '../import/jobs'

export const IMPORTS_PATH = '/api/newsroom/imports'
/** The largest export the admin takes (the command takes any size). */
export const IMPORT_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024

const refuse = (res: Response, status: number, error: string) => void res.status(status).set('Cache-Control', 'no-store').json({ error })

async function admin(payload: Payload, req: Request, res: Response): Promise<boolean> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value)
  const { user } = await payload.auth({ headers })
  if (!user || user.collection !== payload.config.admin.user) {
    refuse(res, 401, 'Sign in to the admin as an admin to import.')
    return false
  }
  if (!isAdmin(user as { roles?: string[] })) {
    refuse(res, 403, 'Only admins can import.')
    return false
  }
  // A cookie is sent whoever asks; only the admin's own pages may use it to change anything.
  if (req.method !== 'GET' && !req.headers.authorization) {
    const origin = req.headers.origin
    if (!origin || origin !== new URL(payload.config.serverURL).origin) {
      refuse(res, 403, 'Start imports from the admin’s Import page.')
      return false
    }
  }
  return true
}

export function importRoutes(payload: Payload): Router {
  const jobs = new ImportJobs(payload)
  const router = Router()

  router.post(IMPORTS_PATH, async (req, res) => {
    if (!(await admin(payload, req, res))) return
    const format = String(req.query.format ?? 'wordpress') as ImportFormat
    if (format !== 'wordpress' && format !== 'disqus') return refuse(res, 400, 'Choose what the file is: a WordPress export or a Disqus export.')
    const name = path.basename(String(req.query.name ?? 'export.xml')).slice(0, 200) || 'export.xml'
    const length = Number(req.headers['content-length'] ?? NaN)
    if (!Number.isFinite(length) || length <= 0) return refuse(res, 400, 'Choose the export file to import.')
    if (length > IMPORT_UPLOAD_BYTES)
      return refuse(res, 413, `The file is larger than the ${IMPORT_UPLOAD_BYTES / 1024 / 1024 / 1024} GB the admin takes: run npm run import:${format} on the server instead.`)
    const running = jobs.running()
    if (running) return refuse(res, 409, `An import is already running (${running.file}, started ${running.startedAt}); wait for it to finish.`)
    const dir = await mkdtemp(path.join(tmpdir(), 'newsroom-import-'))
    const file = path.join(dir, 'export.xml')
    let received = 0
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length
        done(received > length ? new Error('more than was declared') : null, chunk)
      },
    })
    try {
      await pipeline(req, count, createWriteStream(file))
    } catch {
      return refuse(res, 400, 'The upload did not arrive whole; try again.')
    }
    if (received !== length) return refuse(res, 400, 'The upload did not arrive whole; try again.')
    const job = jobs.start({
      path: file,
      file: name,
      format,
      dryRun: req.query.dryRun === '1',
      pingbacks: req.query.skipPingbacks === '1' ? 'skip' : 'keep',
      fetchMedia: req.query.fetchMedia === '1',
    })
    res.status(202).set('Cache-Control', 'no-store').json({ id: job.id })
  })

  router.get(`${IMPORTS_PATH}/:id`, async (req, res) => {
    if (!(await admin(payload, req, res))) return
    const job = jobs.get(String(req.params.id))
    if (!job) return refuse(res, 404, 'There is no such import on this server (it may have run on another instance: see Admin → Imports).')
    res.set('Cache-Control', 'no-store').json(job)
  })

  return router
}
