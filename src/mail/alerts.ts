/**
 * Moderators' alerts: a mail when a comment is held for moderation or reported, to every staff
 * member who moderates and chose "immediately" (the default for moderators), or gathered into
 * an hourly or daily digest for those who chose one. Each mail holds the comment, why it was
 * held (or what the reports say) and a link to it in the moderation queue.
 */
import type { Payload, SelectField, TaskConfig } from 'payload'

import type { CommentReaction, ReactionBatch } from '../comments/reactions'
import { canModerate } from '../editorial/roles'
import { COLLECTION_SLUGS } from '../types'
import { compose, excerpt, type Block } from './compose'
import { queueMail } from './ledger'
import type { MailContext } from './subscriptions'
import { idOf, type Doc } from '../database/docs'

export const ALERT_CHOICES = ['off', 'immediately', 'hourly', 'daily'] as const
export type AlertChoice = (typeof ALERT_CHOICES)[number]
export const DIGEST_TASK = 'moderation-digest'

/** The staff profile's choice; empty means immediately for moderators, off for everyone else. */
export const moderationAlertsField: SelectField = {
  name: 'moderationAlerts',
  label: 'Mail me about held and reported comments',
  type: 'select',
  options: [
    { label: 'Off', value: 'off' },
    { label: 'Immediately, one mail each', value: 'immediately' },
    { label: 'Hourly digest', value: 'hourly' },
    { label: 'Daily digest', value: 'daily' },
  ],
  admin: { description: 'Empty: immediately if you are a moderator, otherwise off. Only staff who can moderate get these.' },
}

type StaffMember = { id: string; email: string; roles: string[]; choice: AlertChoice }

export const effectiveChoice = (roles: ReadonlyArray<string>, choice: unknown): AlertChoice =>
  !canModerate({ roles: [...roles] } as never)
    ? 'off'
    : (ALERT_CHOICES as readonly string[]).includes(String(choice))
      ? (choice as AlertChoice)
      : roles.includes('moderator')
        ? 'immediately'
        : 'off'

async function moderators(payload: Payload, staffSlug: string): Promise<StaffMember[]> {
  const { docs } = await payload.db.find({ collection: staffSlug, limit: 0, pagination: false, select: { email: true, roles: true, moderationAlerts: true } })
  return (docs as Doc[])
    .map((doc) => {
      const roles = Array.isArray(doc.roles) ? doc.roles.map(String) : []
      return { id: String(doc.id), email: String(doc.email ?? ''), roles, choice: effectiveChoice(roles, doc.moderationAlerts) }
    })
    .filter((member) => member.email && member.choice !== 'off')
}

const queueLink = (context: MailContext) => `${context.site.origin}/admin/moderation`
/** The comment in the moderation queue: its tab, narrowed to its story (and the comment itself, in full, in the admin). */
const queueLinkFor = (context: MailContext, comment: Doc, why: 'held' | 'reported') => {
  const article = idOf(comment.article)
  return `${context.site.origin}/admin/moderation?tab=${why === 'held' ? 'pending' : 'reported'}${article ? `&article=${encodeURIComponent(String(article))}` : ''}`
}
const commentLink = (context: MailContext, id: string) => `${context.site.origin}/admin/collections/${COLLECTION_SLUGS.comments}/${id}`

function commentBlocks(context: MailContext, comment: Doc, articleTitle: string, why: 'held' | 'reported'): Block[] {
  const reasons =
    why === 'held'
      ? (Array.isArray(comment.holdReasons) ? comment.holdReasons : []).map((reason) => String((reason as Doc).text ?? (reason as Doc).code ?? '')).filter(Boolean)
      : (Array.isArray(comment.reports) ? comment.reports : []).map((report) => `reported: ${String((report as Doc).reason ?? '')}`)
  return [
    {
      kind: 'facts',
      rows: [
        ['Story', articleTitle],
        ['By', String(comment.authorName ?? '')],
        [why === 'held' ? 'Held because' : 'Reports', reasons.join('; ') || (why === 'held' ? 'the moderation policy' : 'reported')],
      ],
    },
    { kind: 'quote', text: excerpt(String(comment.body ?? ''), 800) },
    { kind: 'action', label: 'Open it in the moderation queue', url: queueLinkFor(context, comment, why) },
    { kind: 'paragraph', text: `The comment in full: ${commentLink(context, String(comment.id))}` },
  ]
}

const footer = (context: MailContext): Block[] => [
  { kind: 'paragraph', text: `You get these because you moderate comments at ${context.site.name}. Choose immediately, a digest or off on your profile in the admin.` },
  { kind: 'paragraph', text: `The queue: ${queueLink(context)}` },
]

async function articleTitle(payload: Payload, id: unknown): Promise<string> {
  const articleId = idOf(id)
  if (!articleId) return ''
  const doc = (await payload.db.findOne({ collection: COLLECTION_SLUGS.articles, where: { id: { equals: articleId } }, select: { title: true } })) as Doc | null
  return String(doc?.title ?? '')
}

export function moderatorAlerts(context: MailContext, staffSlug: string): CommentReaction {
  return {
    name: 'moderator alerts',
    async run(payload: Payload, batch: ReactionBatch) {
      if (!context.enabled || batch.origin === 'import') return
      const due = batch.changes.filter((change) => (change.to === 'pending' && change.from !== 'pending') || (change.newReports > 0 && change.to === 'approved'))
      if (!due.length) return
      const immediate = (await moderators(payload, staffSlug)).filter((member) => member.choice === 'immediately')
      if (!immediate.length) return
      for (const change of due) {
        const comment = (await payload.db.findOne({ collection: COLLECTION_SLUGS.comments, where: { id: { equals: change.comment } } })) as Doc | null
        if (!comment) continue
        const why = change.to === 'pending' && change.from !== 'pending' ? 'held' : 'reported'
        const title = await articleTitle(payload, comment.article)
        const message = compose({
          site: context.site,
          subject: why === 'held' ? `Held for moderation: a comment on “${title}”` : `Reported: a comment on “${title}”`,
          heading: why === 'held' ? 'A comment is waiting for moderation' : 'A published comment was reported',
          blocks: commentBlocks(context, comment, title, why),
          footer: footer(context),
        })
        const occasion = why === 'held' ? `held:${String(comment.id)}:${String(comment.updatedAt ?? '')}` : `reported:${String(comment.id)}:${String(comment.reportCount ?? 0)}`
        for (const member of immediate)
          await queueMail(payload, { key: `alert:${occasion}:${member.id}`, purpose: 'moderation-alert', to: member.email, from: context.from, message })
      }
    },
  }
}

const PERIOD_MS = { hourly: 3_600_000, daily: 86_400_000 } as const

/**
 * The hourly and daily digests: what was held or reported in the period that is still waiting,
 * one mail per staff member who chose that digest, none when there is nothing. Scheduled at
 * the top of each hour (and 06:00 UTC for the daily one), run by the one job runner.
 */
export function digestTask(context: MailContext, staffSlug: string): TaskConfig {
  return {
    slug: DIGEST_TASK,
    label: 'Moderation digest',
    inputSchema: [{ name: 'period', type: 'select', options: ['hourly', 'daily'], required: true }],
    retries: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 } },
    schedule: [
      { cron: '0 0 * * * *', queue: 'default', hooks: { beforeSchedule: async (args) => ({ ...(await args.defaultBeforeSchedule(args)), input: { period: 'hourly' } }) } },
      { cron: '0 0 6 * * *', queue: 'default', hooks: { beforeSchedule: async (args) => ({ ...(await args.defaultBeforeSchedule(args)), input: { period: 'daily' } }) } },
    ],
    handler: async ({ input, req }) => {
      const period = (input as { period: 'hourly' | 'daily' }).period
      if (!context.enabled) return { output: { sent: 0 } }
      const { payload } = req
      const readers = (await moderators(payload, staffSlug)).filter((member) => member.choice === period)
      if (!readers.length) return { output: { sent: 0 } }
      const end = Math.floor(Date.now() / PERIOD_MS[period]) * PERIOD_MS[period]
      const since = new Date(end - PERIOD_MS[period]).toISOString()
      const { docs } = await payload.db.find({
        collection: COLLECTION_SLUGS.comments,
        where: {
          and: [
            { updatedAt: { greater_than_equal: since } },
            { or: [{ status: { equals: 'pending' } }, { and: [{ status: { equals: 'approved' } }, { reportCount: { greater_than: 0 } }] }] },
          ],
        },
        sort: 'createdAt',
        limit: 51,
        pagination: false,
      })
      const comments = docs as Doc[]
      if (!comments.length) return { output: { sent: 0 } }
      const waiting = (await payload.db.count({ collection: COLLECTION_SLUGS.comments, where: { status: { equals: 'pending' } } })).totalDocs
      const blocks: Block[] = [
        {
          kind: 'paragraph',
          text: `${comments.length > 50 ? 'More than 50' : comments.length} held or reported since ${since.replace('T', ' ').slice(0, 16)} UTC; ${waiting} waiting in all.`,
        },
      ]
      for (const comment of comments.slice(0, 50)) {
        const why = comment.status === 'pending' ? 'held' : 'reported'
        blocks.push(...commentBlocks(context, comment, await articleTitle(payload, comment.article), why))
      }
      blocks.push({ kind: 'action', label: 'Open the moderation queue', url: queueLink(context) })
      const message = compose({
        site: context.site,
        subject: `${period === 'hourly' ? 'Hourly' : 'Daily'} moderation digest: ${waiting} waiting`,
        heading: `Comments for moderation, ${period === 'hourly' ? 'the past hour' : 'the past day'}`,
        blocks,
        footer: footer(context),
      })
      for (const member of readers) await queueMail(payload, { key: `digest:${period}:${since}:${member.id}`, purpose: 'digest', to: member.email, from: context.from, message })
      return { output: { sent: readers.length } }
    },
  }
}
