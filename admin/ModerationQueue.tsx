'use client'
/**
 * The moderation queue's interactive part: tabs with counts, an article filter, rows with
 * their reasons and context, single and bulk decisions, commenter standing, and keyboard
 * shortcuts (j/k move, a approve, s spam, t trash, r reject with the row's reason).
 */
import { useRouter } from 'next/navigation.js'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'

import type { Queue, QueueRow, QueueTab } from '../src/comments/queue'
import { REJECTION_REASONS } from '../src/moderation/vocabulary'
import './moderation.css'

type Props = { queue: Queue; articles: Array<{ id: string; title: string }>; apiBase: string; adminBase: string }
type Decision = 'approve' | 'spam' | 'trash' | 'reject' | 'pending'

const TAB_LABELS: Record<QueueTab, string> = { pending: 'Pending', reported: 'Reported', spam: 'Spam', trash: 'Trash', all: 'All' }
const DONE: Record<Decision, string> = { approve: 'Approved', spam: 'Marked as spam', trash: 'Moved to trash', reject: 'Rejected', pending: 'Returned to pending' }
const STANDING_LABELS: Record<string, string> = { active: 'active', premoderated: 'always held', suspended: 'suspended', banned: 'banned' }

const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })

export function ModerationQueue({ queue, articles, apiBase, adminBase }: Props) {
  const router = useRouter()
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [focus, setFocus] = useState(0)
  const [reasons, setReasons] = useState<Record<string, string>>({})
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null)
  const [busy, setBusy] = useState(false)
  const rowRefs = useRef<Array<HTMLLIElement | null>>([])
  const rows = queue.rows

  useEffect(() => {
    setSelected(new Set())
    setFocus((index) => Math.min(index, Math.max(0, rows.length - 1)))
  }, [rows])

  const href = useCallback(
    (changes: Partial<{ tab: QueueTab; page: number; article: string | null }>) => {
      const params = new URLSearchParams()
      params.set('tab', changes.tab ?? queue.tab)
      const page = changes.page ?? (changes.tab ? 1 : queue.page)
      if (page > 1) params.set('page', String(page))
      const article = changes.article === undefined ? queue.articleId : changes.article
      if (article) params.set('article', article)
      return `${adminBase}/moderation?${params}`
    },
    [adminBase, queue.articleId, queue.page, queue.tab],
  )

  const post = useCallback(
    async (path: string, body: unknown): Promise<boolean> => {
      setBusy(true)
      try {
        const response = await fetch(`${apiBase}${path}`, { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
        if (!response.ok) {
          const json = (await response.json().catch(() => null)) as { errors?: Array<{ message?: string }> } | null
          setMessage({ text: json?.errors?.[0]?.message ?? `The server answered ${response.status}.`, error: true })
          return false
        }
        router.refresh()
        return true
      } catch {
        setMessage({ text: 'The server could not be reached. Nothing was changed.', error: true })
        return false
      } finally {
        setBusy(false)
      }
    },
    [apiBase, router],
  )

  const decide = useCallback(
    async (ids: string[], decision: Decision, reason?: string) => {
      if (ids.length === 0) return
      if (decision === 'reject' && !reason) {
        setMessage({ text: 'Choose a reason for the rejection first.', error: true })
        return
      }
      if (await post('/newsroom/moderation/decide', { ids, decision, reason: reason ?? null })) {
        setMessage({ text: `${DONE[decision]}: ${ids.length === 1 ? '1 comment' : `${ids.length} comments`}.` })
      }
    },
    [post],
  )

  const setStanding = useCallback(
    async (row: QueueRow, status: 'premoderated' | 'suspended' | 'banned' | 'active', days?: number) => {
      const commenter = row.author.commenter
      if (!commenter) return
      const suspendedUntil = status === 'suspended' ? new Date(Date.now() + (days ?? 7) * 86_400_000).toISOString() : null
      if (await post('/newsroom/moderation/standing', { kind: commenter.kind, id: commenter.id, status, suspendedUntil, reason: null })) {
        setMessage({ text: `${row.author.name} is now ${STANDING_LABELS[status]}${status === 'suspended' ? ` for ${days ?? 7} days` : ''}.` })
      }
    },
    [post],
  )

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null
      if (event.altKey || event.ctrlKey || event.metaKey || busy) return
      if (target && ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(target.tagName) && event.key !== 'Escape') return
      const row = rows[focus]
      const move = (index: number) => {
        const next = Math.max(0, Math.min(rows.length - 1, index))
        setFocus(next)
        rowRefs.current[next]?.focus()
      }
      switch (event.key) {
        case 'j':
          move(focus + 1)
          break
        case 'k':
          move(focus - 1)
          break
        case 'a':
          if (row) void decide([row.id], 'approve')
          break
        case 's':
          if (row) void decide([row.id], 'spam')
          break
        case 't':
          if (row) void decide([row.id], 'trash')
          break
        case 'r':
          if (row) void decide([row.id], 'reject', reasons[row.id])
          break
        default:
          return
      }
      event.preventDefault()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [busy, decide, focus, reasons, rows])

  const allOnPage = useMemo(() => rows.map((row) => row.id), [rows])
  const targets = selected.size ? [...selected] : allOnPage
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })

  return (
    <div className="newsroom-moderation">
      <header className="newsroom-moderation__header">
        <h1>Moderation</h1>
        <p className="newsroom-moderation__keys">
          Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>a</kbd> approve, <kbd>s</kbd> spam, <kbd>t</kbd> trash, <kbd>r</kbd> reject with the chosen reason.
        </p>
      </header>
      <nav aria-label="Queues" className="newsroom-moderation__tabs">
        {(Object.keys(TAB_LABELS) as QueueTab[]).map((tab) => (
          <a key={tab} href={href({ tab })} aria-current={tab === queue.tab ? 'page' : undefined} className={tab === queue.tab ? 'is-current' : undefined}>
            {TAB_LABELS[tab]} <span className="newsroom-count">{queue.counts[tab]}</span>
          </a>
        ))}
      </nav>
      <div className="newsroom-moderation__tools">
        <label>
          Article{' '}
          <select value={queue.articleId ?? ''} onChange={(event) => router.push(href({ article: event.target.value || null, page: 1 }))}>
            <option value="">All articles</option>
            {articles.map((article) => (
              <option key={article.id} value={article.id}>
                {article.title}
              </option>
            ))}
          </select>
        </label>
        <div className="newsroom-moderation__bulk" role="group" aria-label={selected.size ? `${selected.size} selected comments` : 'All comments on this page'}>
          <span>{selected.size ? `${selected.size} selected:` : `All ${rows.length} on this page:`}</span>
          <button type="button" disabled={busy || !rows.length} onClick={() => void decide(targets, 'approve')}>
            Approve
          </button>
          <button type="button" disabled={busy || !rows.length} onClick={() => void decide(targets, 'spam')}>
            Spam
          </button>
          <button type="button" disabled={busy || !rows.length} onClick={() => void decide(targets, 'trash')}>
            Trash
          </button>
        </div>
      </div>
      <p className={`newsroom-moderation__message${message?.error ? ' is-error' : ''}`} role="status" aria-live="polite">
        {message?.text ?? ''}
      </p>
      {rows.length === 0 ? (
        <p className="newsroom-moderation__empty">Nothing here.</p>
      ) : (
        <ol className="newsroom-moderation__rows">
          {rows.map((row, index) => (
            <li
              key={row.id}
              ref={(element) => {
                rowRefs.current[index] = element
              }}
              tabIndex={-1}
              className={`newsroom-row${index === focus ? ' is-focused' : ''}`}
              aria-current={index === focus ? 'true' : undefined}
              onFocus={() => setFocus(index)}
              data-comment-id={row.id}
            >
              <div className="newsroom-row__select">
                <input type="checkbox" aria-label={`Select the comment by ${row.author.name}`} checked={selected.has(row.id)} onChange={() => toggle(row.id)} />
              </div>
              <div className="newsroom-row__main">
                <p className="newsroom-row__meta">
                  <strong>{row.author.name}</strong>{' '}
                  {row.author.kind === 'guest'
                    ? 'guest'
                    : row.author.kind === 'reader'
                      ? `signed-in reader${row.author.signedInWith ? ` (${row.author.signedInWith})` : ''}`
                      : 'staff'}
                  {row.author.email ? ` · ${row.author.email}` : ''}
                  {row.author.commenter
                    ? ` · ${row.author.commenter.approved} approved, ${row.author.commenter.rejected} rejected · ${STANDING_LABELS[row.author.commenter.status] ?? row.author.commenter.status}`
                    : ''}
                  {' · '}
                  <time dateTime={row.createdAt}>{when(row.createdAt)}</time>
                  {row.article ? (
                    <>
                      {' · on '}
                      <a href={href({ article: row.article.id, page: 1 })}>{row.article.title}</a>
                    </>
                  ) : null}
                  {queue.tab === 'all' ? ` · ${row.status}` : ''}
                </p>
                {row.holdReasons.length ? (
                  <ul className="newsroom-row__reasons" aria-label="Why it is here">
                    {row.holdReasons.map((reason) => (
                      <li key={reason.code + reason.text}>{reason.text}</li>
                    ))}
                  </ul>
                ) : null}
                {row.reportCount ? (
                  <p className="newsroom-row__reports">
                    Reported {row.reportCount === 1 ? 'once' : `${row.reportCount} times`}: {row.reportReasons.join(', ')}
                  </p>
                ) : null}
                {row.parent ? (
                  <blockquote className="newsroom-row__parent">
                    In reply to <strong>{row.parent.authorName}</strong>: {row.parent.excerpt}
                  </blockquote>
                ) : null}
                <p className="newsroom-row__body" dir="auto">
                  {row.body.length > 600 ? `${row.body.slice(0, 599)}…` : row.body}
                </p>
                <div className="newsroom-row__actions">
                  <button type="button" disabled={busy} onClick={() => void decide([row.id], 'approve')}>
                    Approve
                  </button>
                  <button type="button" disabled={busy} onClick={() => void decide([row.id], 'spam')}>
                    Spam
                  </button>
                  <button type="button" disabled={busy} onClick={() => void decide([row.id], 'trash')}>
                    Trash
                  </button>
                  <label>
                    <span className="newsroom-visually-hidden">Reason for rejecting the comment by {row.author.name}</span>
                    <select value={reasons[row.id] ?? ''} onChange={(event) => setReasons((current) => ({ ...current, [row.id]: event.target.value }))}>
                      <option value="">Reject because…</option>
                      {REJECTION_REASONS.map((reason) => (
                        <option key={reason.value} value={reason.value}>
                          {reason.label}
                        </option>
                      ))}
                    </select>
                  </label>
                  <button type="button" disabled={busy} onClick={() => void decide([row.id], 'reject', reasons[row.id])}>
                    Reject
                  </button>
                  {row.author.commenter ? (
                    <span className="newsroom-row__standing">
                      <button type="button" disabled={busy} onClick={() => void setStanding(row, 'premoderated')}>
                        Always hold
                      </button>
                      <button type="button" disabled={busy} onClick={() => void setStanding(row, 'suspended', 7)}>
                        Suspend 7 days
                      </button>
                      <button type="button" disabled={busy} onClick={() => void setStanding(row, 'banned')}>
                        Ban
                      </button>
                    </span>
                  ) : null}
                </div>
              </div>
            </li>
          ))}
        </ol>
      )}
      {queue.totalPages > 1 ? (
        <nav aria-label="Queue pages" className="newsroom-moderation__pages">
          {queue.page > 1 ? <a href={href({ page: queue.page - 1 })}>Newer</a> : null}
          <span>
            Page {queue.page} of {queue.totalPages}
          </span>
          {queue.page < queue.totalPages ? <a href={href({ page: queue.page + 1 })}>Older</a> : null}
        </nav>
      ) : null}
    </div>
  )
}
