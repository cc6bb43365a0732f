'use client'
/**
 * "Review" in the article sidebar: where the story stands, the moves this staff member may make
 * (src/editorial/review decides which), a note to go with the move, and the latest steps of its
 * review history. A move is sent to POST /api/articles/:id/review; a refusal is shown as the
 * server says it, each field named as the editor sees it.
 */
import { useAllFormFields, useAuth, useConfig, useDocumentInfo, useFormModified } from '@payloadcms/ui'
import { reduceFieldsToValues } from 'payload/shared'
import { useMemo, useState } from 'react'

import {
  REVIEW_ACTION_LABELS,
  REVIEW_MOVE_LABELS,
  REVIEW_NOTE_MAX,
  REVIEW_STATE_LABELS,
  reviewActionsFor,
  reviewStateOf,
  type ReviewAction,
  type ReviewMove,
} from '../src/editorial/review'

type LogRow = { move?: ReviewMove; byName?: string; at?: string; note?: string | null }
type Values = { reviewState?: string; authors?: unknown[] }
type Refusal = { message: string; fields: string[] }

const idOf = (value: unknown): string | null => {
  if (typeof value === 'string' || typeof value === 'number') return String(value)
  if (value && typeof value === 'object' && 'id' in value) return String((value as { id: unknown }).id)
  return null
}

const shortTime = (iso?: string) => (iso ? new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : '')

const HINTS: Record<string, string> = {
  'draft:author': 'When the checklist above is clear, submit the story and the editors are told.',
  'in-review:author': 'An editor has been told and will review it. You can still change it, or withdraw it.',
  'changes-requested:author': 'An editor asked for changes (see the note below). Make them, then submit again.',
  'approved:author': 'Approved: an editor will publish or schedule it. Changing it now sends it back to review.',
  'in-review:editor': 'Waiting for an editor: approve it, or request changes with a note to the author.',
  'approved:editor': 'Approved: publish it, or schedule it, with the buttons at the top of the page.',
  'published:author': 'Published. Changes you save are drafts; submit them for review to have them published.',
}

export function ReviewPanel() {
  const [fields] = useAllFormFields()
  const values = useMemo(() => reduceFieldsToValues(fields, true) as Values, [fields])
  // In the form's state an array is its row count, its rows are fields of their own ("reviewLog.0.move").
  const rows = useMemo(() => {
    const found: LogRow[] = []
    for (const [path, field] of Object.entries(fields)) {
      const match = /^reviewLog\.(\d+)\.(move|byName|at|note)$/.exec(path)
      if (match) found[Number(match[1])] = { ...found[Number(match[1])], [match[2]!]: field.value as string }
    }
    return found.filter(Boolean)
  }, [fields])
  const { user } = useAuth()
  const { id } = useDocumentInfo()
  const modified = useFormModified()
  const { config } = useConfig()
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [refusal, setRefusal] = useState<Refusal | null>(null)

  const roles = Array.isArray((user as { roles?: unknown } | null)?.roles) ? ((user as unknown as { roles: string[] }).roles ?? []) : []
  const onByline = (values.authors ?? []).some((author) => idOf(author) === String(user?.id ?? ''))
  const state = reviewStateOf(values.reviewState)
  const actions = id ? reviewActionsFor(state, { roles, onByline }) : []
  const editor = roles.includes('admin') || roles.includes('editor')
  const hint = HINTS[`${state}:${editor ? 'editor' : 'author'}`] ?? (id ? null : 'Save the story first; then it can be submitted for review.')
  const log = [...rows].reverse().slice(0, 5)

  async function move(action: ReviewAction) {
    setBusy(true)
    setRefusal(null)
    try {
      const response = await fetch(`${config.serverURL}${config.routes.api}/articles/${String(id)}/review`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ action, note: note.trim() || undefined }),
      })
      if (response.ok) {
        // The form reloads with the new state and history.
        window.location.reload()
        return
      }
      const result = (await response.json().catch(() => null)) as { errors?: Array<{ message?: string; data?: { errors?: Array<{ label?: string }> } }> } | null
      const first = result?.errors?.[0]
      setRefusal({
        message: first?.message ?? `The move was refused (${response.status}).`,
        fields: (first?.data?.errors ?? []).map((error) => error.label ?? '').filter(Boolean),
      })
    } catch {
      setRefusal({ message: 'The newsroom could not be reached; try again.', fields: [] })
    }
    setBusy(false)
  }

  return (
    <section
      className="newsroom-review"
      aria-label="Review"
      style={{ marginBottom: 'var(--base)', padding: 'calc(var(--base) * 0.75)', border: '1px solid var(--theme-elevation-150)', borderRadius: 4 }}
    >
      <h4 style={{ margin: 0 }}>
        Review: <span className="newsroom-review__state">{REVIEW_STATE_LABELS[state]}</span>
      </h4>
      {hint ? <p style={{ margin: '0.5em 0' }}>{hint}</p> : null}
      {actions.length > 0 ? (
        <>
          <label style={{ display: 'block', marginTop: '0.5em' }}>
            {editor ? 'Note to the author' : 'Note to the editors'} (optional)
            <textarea
              className="newsroom-review__note"
              maxLength={REVIEW_NOTE_MAX}
              rows={3}
              style={{ display: 'block', width: '100%', marginTop: 4 }}
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
          </label>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 8 }}>
            {actions.map((action) => (
              <button
                key={action}
                type="button"
                className={`btn btn--size-small ${action === 'submit' || action === 'approve' ? 'btn--style-primary' : 'btn--style-secondary'} newsroom-review__${action}`}
                disabled={busy || modified}
                onClick={() => void move(action)}
              >
                {REVIEW_ACTION_LABELS[action]}
              </button>
            ))}
          </div>
          {modified ? <p style={{ margin: '0.5em 0 0', fontSize: '0.9em' }}>Saving your changes first…</p> : null}
        </>
      ) : null}
      {refusal ? (
        <div role="alert" className="newsroom-review__refusal" style={{ marginTop: 8, color: 'var(--theme-error-600)' }}>
          <p style={{ margin: 0 }}>{refusal.fields.length ? 'Not yet: these need fixing first.' : refusal.message}</p>
          {refusal.fields.length ? (
            <ul style={{ margin: '0.25em 0 0', paddingLeft: '1.2em' }}>
              {refusal.fields.map((field) => (
                <li key={field}>{field}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {log.length ? (
        <ol className="newsroom-review__log" style={{ margin: '0.75em 0 0', paddingLeft: '1.2em', fontSize: '0.9em' }}>
          {log.map((row, index) => (
            <li key={`${row.at}-${index}`}>
              {row.move ? REVIEW_MOVE_LABELS[row.move] : ''} · {row.byName} · {shortTime(row.at)}
              {row.note ? <blockquote style={{ margin: '0.25em 0', whiteSpace: 'pre-wrap' }}>{row.note}</blockquote> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  )
}
