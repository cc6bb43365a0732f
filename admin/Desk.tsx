/**
 * The desk, at the top of the admin's dashboard: what needs this staff member now (src/desk/desk).
 * Cards in a grid that wraps, so at any width the moderation queue and the stories waiting are
 * one click away, never behind the navigation's menu button.
 */
import type { ServerProps } from 'payload'

import { deskFor, CORRECTION_DAYS, type DeskList, type DeskStory } from '../src/desk/desk'
import { REVIEW_STATE_LABELS, waitedFor } from '../src/editorial/review'
import { COLLECTION_SLUGS } from '../src/types'

const card: React.CSSProperties = { padding: 'calc(var(--base) * 0.75)', border: '1px solid var(--theme-elevation-150)', borderRadius: 4, minWidth: 0 }
const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }) + ' UTC'
const stateLabel = (state: DeskStory['state']) => (state === 'scheduled' ? 'Scheduled' : REVIEW_STATE_LABELS[state])

function StoryList({ admin, list, empty, now, more }: { admin: string; list: DeskList; empty: string; now: Date; more: string }) {
  if (!list.items.length) return <p className="newsroom-desk__empty">{empty}</p>
  return (
    <ul style={{ margin: 0, paddingLeft: '1.1em' }}>
      {list.items.map((story: DeskStory) => (
        <li key={story.id} style={{ marginBottom: '0.5em' }}>
          <a href={`${admin}/collections/${COLLECTION_SLUGS.articles}/${story.id}`}>{story.title}</a>{' '}
          <span style={{ color: 'var(--theme-elevation-600)' }}>
            · {stateLabel(story.state)}
            {story.authors.length ? ` · ${story.authors.join(', ')}` : ''} · {waitedFor(story.since, now)} ago
          </span>
          {story.note ? (
            <blockquote style={{ margin: '0.25em 0 0', paddingLeft: '0.75em', borderLeft: '3px solid var(--theme-elevation-200)', whiteSpace: 'pre-wrap' }}>
              {story.note.by}: {story.note.text}
            </blockquote>
          ) : null}
        </li>
      ))}
      {list.total > list.items.length ? (
        <li>
          <a href={more}>All {list.total}</a>
        </li>
      ) : null}
    </ul>
  )
}

const listOf = (admin: string, where: Record<string, string>) => `${admin}/collections/${COLLECTION_SLUGS.articles}?${new URLSearchParams(where).toString()}`

export async function Desk({ payload, user }: ServerProps) {
  const staffSlug = payload.config.admin.user
  const staff = user as { id?: string | number; collection?: string; roles?: string[]; name?: string } | undefined
  if (!staff?.id || staff.collection !== staffSlug) return null
  const now = new Date()
  const desk = await deskFor(payload, staffSlug, { id: staff.id, roles: staff.roles ?? [] }, now)
  const admin = payload.config.routes.admin
  const cards: React.ReactNode[] = []

  if (desk.comments) {
    const { pending, reported, oldestPendingAt, oldestReportAt } = desk.comments
    cards.push(
      <section key="comments" style={card} className="newsroom-desk__comments" aria-labelledby="desk-comments">
        <h3 id="desk-comments" style={{ marginTop: 0 }}>
          Comments
        </h3>
        <p style={{ margin: '0 0 0.5em' }}>
          <strong className="newsroom-desk__pending">{pending}</strong> waiting for moderation
          {pending && oldestPendingAt ? `, the oldest for ${waitedFor(oldestPendingAt, now)}` : ''}.
        </p>
        <p style={{ margin: '0 0 0.75em' }}>
          <strong className="newsroom-desk__reported">{reported}</strong> published and reported
          {reported && oldestReportAt ? `, the oldest report ${waitedFor(oldestReportAt, now)} ago` : ''}.
        </p>
        <a className="btn btn--style-primary btn--size-small" id="desk-moderation" href={`${admin}/moderation`} style={{ margin: 0 }}>
          Open the moderation queue
        </a>
        {reported ? (
          <>
            {' '}
            <a href={`${admin}/moderation?tab=reported`}>See the reported ones</a>
          </>
        ) : null}
      </section>,
    )
  }
  if (desk.forReview) {
    cards.push(
      <section key="review" style={card} className="newsroom-desk__for-review" aria-labelledby="desk-for-review">
        <h3 id="desk-for-review" style={{ marginTop: 0 }}>
          Waiting for review ({desk.forReview.total})
        </h3>
        <StoryList admin={admin} list={desk.forReview} empty="No story is waiting for review." now={now} more={listOf(admin, { 'where[reviewState][equals]': 'in-review' })} />
        {desk.toPublish?.total ? (
          <>
            <h4>Approved, to publish or schedule ({desk.toPublish.total})</h4>
            <StoryList admin={admin} list={desk.toPublish} empty="" now={now} more={listOf(admin, { 'where[reviewState][equals]': 'approved' })} />
          </>
        ) : null}
      </section>,
    )
  }
  if (desk.mine) {
    cards.push(
      <section key="mine" style={card} className="newsroom-desk__mine" aria-labelledby="desk-mine">
        <h3 id="desk-mine" style={{ marginTop: 0 }}>
          Your stories in progress
        </h3>
        <StoryList admin={admin} list={desk.mine} empty="Nothing in progress." now={now} more={listOf(admin, { 'where[authors][equals]': String(staff.id) })} />
        <a href={`${admin}/collections/${COLLECTION_SLUGS.articles}/create`}>Write a new story</a>
      </section>,
    )
  }
  if (desk.scheduled) {
    cards.push(
      <section key="scheduled" style={card} className="newsroom-desk__scheduled" aria-labelledby="desk-scheduled">
        <h3 id="desk-scheduled" style={{ marginTop: 0 }}>
          Scheduled
        </h3>
        {desk.scheduled.length ? (
          <ul style={{ margin: 0, paddingLeft: '1.1em' }}>
            {desk.scheduled.map((item) => (
              <li key={`${item.id}-${item.at}`}>
                <a href={`${admin}/collections/${COLLECTION_SLUGS.articles}/${item.id}`}>{item.title}</a> · {when(item.at)}
                <span style={{ color: 'var(--theme-elevation-600)' }}> ({item.how})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="newsroom-desk__empty">Nothing is scheduled.</p>
        )}
      </section>,
    )
  }
  if (desk.corrections) {
    cards.push(
      <section key="corrections" style={card} className="newsroom-desk__corrections" aria-labelledby="desk-corrections">
        <h3 id="desk-corrections" style={{ marginTop: 0 }}>
          Corrections, last {CORRECTION_DAYS} days
        </h3>
        {desk.corrections.length ? (
          <ul style={{ margin: 0, paddingLeft: '1.1em' }}>
            {desk.corrections.map((item) => (
              <li key={`${item.id}-${item.date}`}>
                <a href={`/articles/${item.slug}`}>{item.title}</a> · {item.kind} · {when(item.date)}
                <div style={{ color: 'var(--theme-elevation-600)' }}>{item.text.length > 160 ? `${item.text.slice(0, 159)}…` : item.text}</div>
              </li>
            ))}
          </ul>
        ) : (
          <p className="newsroom-desk__empty">No corrections.</p>
        )}
      </section>,
    )
  }
  if (!cards.length) return null
  return (
    <div className="newsroom-desk" style={{ marginBottom: 'calc(var(--base) * 2)' }}>
      <h2 style={{ marginTop: 0 }}>Your desk{staff.name ? `, ${staff.name}` : ''}</h2>
      <div style={{ display: 'grid', gap: 'var(--base)', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 18rem), 1fr))' }}>{cards}</div>
    </div>
  )
}
