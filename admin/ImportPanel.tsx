'use client'
/**
 * The Import view's interactive part: choose an export file and what it is, upload it (with
 * the upload's progress), then follow the import's progress line until its report.
 */
import { useCallback, useEffect, useState } from 'react'

import './moderation.css'

type Job = {
  id: string
  status: 'running' | 'finished' | 'failed'
  line: string
  reportText: string | null
  error: string | null
  dryRun: boolean
  progress: { done: number; total: number } | null
}
type Props = { endpoint: string; runsHref: string }

export function ImportPanel({ endpoint, runsHref }: Props) {
  const [file, setFile] = useState<File | null>(null)
  const [format, setFormat] = useState<'wordpress' | 'disqus'>('wordpress')
  const [dryRun, setDryRun] = useState(true)
  const [skipPingbacks, setSkipPingbacks] = useState(false)
  const [fetchMedia, setFetchMedia] = useState(false)
  const [uploaded, setUploaded] = useState<number | null>(null)
  const [job, setJob] = useState<Job | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!job || job.status !== 'running') return
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`${endpoint}/${job.id}`, { credentials: 'include' })
        const answer = (await response.json()) as Job & { error?: string }
        if (!response.ok) setError(answer.error ?? 'The import’s progress could not be read.')
        else setJob(answer)
      } catch {
        setError('The server did not answer; the import goes on there. Reload this page to see it under Imports.')
      }
    }, 1000)
    return () => clearTimeout(timer)
  }, [endpoint, job])

  const start = useCallback(
    (event: React.FormEvent) => {
      event.preventDefault()
      if (!file) return setError('Choose the export file first.')
      setError(null)
      setJob(null)
      setUploaded(0)
      const query = new URLSearchParams({
        format,
        name: file.name,
        ...(dryRun ? { dryRun: '1' } : {}),
        ...(skipPingbacks ? { skipPingbacks: '1' } : {}),
        ...(fetchMedia ? { fetchMedia: '1' } : {}),
      })
      // XMLHttpRequest, not fetch: an export runs to hundreds of MB, and the upload's progress is worth showing.
      const request = new XMLHttpRequest()
      request.open('POST', `${endpoint}?${query.toString()}`)
      request.withCredentials = true
      request.setRequestHeader('Content-Type', 'application/xml')
      request.upload.onprogress = (progress) => progress.lengthComputable && setUploaded(progress.loaded / progress.total)
      request.onload = () => {
        setUploaded(null)
        let answer: { id?: string; error?: string } = {}
        try {
          answer = JSON.parse(request.responseText) as typeof answer
        } catch {
          // below
        }
        if (request.status !== 202 || !answer.id) return setError(answer.error ?? `The upload was refused (${request.status}).`)
        setJob({ id: answer.id, status: 'running', line: 'Starting', reportText: null, error: null, dryRun, progress: null })
      }
      request.onerror = () => {
        setUploaded(null)
        setError('The upload did not reach the server; check the connection and try again.')
      }
      request.send(file)
    },
    [dryRun, endpoint, file, fetchMedia, format, skipPingbacks],
  )

  const busy = uploaded !== null || job?.status === 'running'
  return (
    <div className="newsroom-import">
      <h1>Import</h1>
      <p>
        Bring in a WordPress site’s posts, comments, authors, categories and tags from its export (Tools → Export in WordPress), or the comments of a Disqus export onto articles
        already here. Running the same file again changes nothing. Images are fetched from the old site if you ask, or taken from a copy of its uploads folder with{' '}
        <code>npm run import:wordpress -- export.xml --uploads DIR</code> on the server.
      </p>
      <form onSubmit={start}>
        <p>
          <label>
            Export file <input type="file" name="file" accept=".xml,application/xml,text/xml" onChange={(event) => setFile(event.target.files?.[0] ?? null)} disabled={busy} />
          </label>
        </p>
        <p>
          <label>
            It is{' '}
            <select name="format" value={format} onChange={(event) => setFormat(event.target.value === 'disqus' ? 'disqus' : 'wordpress')} disabled={busy}>
              <option value="wordpress">a WordPress export (WXR)</option>
              <option value="disqus">a Disqus export</option>
            </select>
          </label>
        </p>
        <p>
          <label>
            <input type="checkbox" name="dryRun" checked={dryRun} onChange={(event) => setDryRun(event.target.checked)} disabled={busy} /> Dry run: report what would be imported,
            write nothing
          </label>
        </p>
        {format === 'wordpress' ? (
          <p>
            <label>
              <input type="checkbox" name="skipPingbacks" checked={skipPingbacks} onChange={(event) => setSkipPingbacks(event.target.checked)} disabled={busy} /> Skip pingbacks and
              trackbacks
            </label>
          </p>
        ) : null}
        {format === 'wordpress' ? (
          <p>
            <label>
              <input type="checkbox" name="fetchMedia" checked={fetchMedia} onChange={(event) => setFetchMedia(event.target.checked)} disabled={busy} /> Fetch the images from the
              old site (public addresses only, up to 10 MB each)
            </label>
          </p>
        ) : null}
        <button type="submit" className="btn btn--style-primary" disabled={busy}>
          {dryRun ? 'Check the file' : 'Import'}
        </button>
      </form>
      {uploaded !== null ? (
        <p>
          Uploading… <progress max={1} value={uploaded} aria-label="Upload" /> {Math.round(uploaded * 100)} %
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="newsroom-import__error">
          {error}
        </p>
      ) : null}
      {job ? (
        <section aria-live="polite">
          <h2>{job.status === 'running' ? 'Importing…' : job.status === 'finished' ? (job.dryRun ? 'Dry run finished: nothing was written' : 'Finished') : 'Stopped'}</h2>
          {job.status === 'running' ? (
            <p>
              {job.progress && job.progress.total > 0 ? <progress max={job.progress.total} value={job.progress.done} aria-label="Import" /> : null} {job.line}
            </p>
          ) : null}
          {job.error ? (
            <p role="alert" className="newsroom-import__error">
              {job.error}
            </p>
          ) : null}
          {job.reportText ? <pre className="newsroom-import__report">{job.reportText}</pre> : null}
          {job.status === 'finished' && !job.dryRun ? (
            <p>
              The report is kept under <a href={runsHref}>Imports</a>.
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  )
}
