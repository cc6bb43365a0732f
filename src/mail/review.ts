/**
 * Mail from the review workflow: editors are told when a story is submitted for review (or
 * changed after they approved it); its authors are told when changes are requested and when it
 * is published (or scheduled). Queued in the transaction of the save that made the move, so a
 * move that fails sends nothing, and keyed by the move, so none is sent twice. Never to the
 * person who made the move.
 */
import type { CollectionAfterChangeHook, CollectionConfig, Payload, PayloadRequest } from 'payload'

import { REVIEW_MOVED, type StoryMoved } from '../../collections/hooks/review'
import { relationId } from '../../collections/hooks/sourceLookup'
import { canPublish } from '../editorial/roles'
import type { ReviewMove } from '../editorial/review'
import { type Doc } from '../database/docs'
import { compose, excerpt, type Block } from './compose'
import { queueMail } from './ledger'
import type { MailContext } from './subscriptions'

type Member = { id: string; email: string; name: string; roles: string[] }

async function staffMembers(payload: Payload, staffSlug: string, req: PayloadRequest): Promise<Member[]> {
  const { docs } = await payload.db.find({ collection: staffSlug, limit: 0, pagination: false, req, select: { email: true, name: true, roles: true } })
  return (docs as Doc[]).map((doc) => ({
    id: String(doc.id),
    email: String(doc.email ?? ''),
    name: String(doc.name ?? ''),
    roles: Array.isArray(doc.roles) ? doc.roles.map(String) : [],
  }))
}

const TO_EDITORS: ReadonlyArray<ReviewMove> = ['submit', 'edited-after-approval']
const TO_AUTHORS: ReadonlyArray<ReviewMove> = ['request-changes', 'publish']

const when = (iso: string) => `${iso.replace('T', ' ').slice(0, 16)} UTC`

function letterFor(context: MailContext, moved: StoryMoved, now: Date): { subject: string; heading: string; blocks: Block[]; why: string } {
  const { entry, story } = moved
  const title = String(story.title ?? 'Untitled')
  const editLink = `${context.site.origin}/admin/collections/articles/${String(story.id)}`
  const note: Block[] = entry.note ? [{ kind: 'quote', text: excerpt(entry.note, 2000), by: entry.byName }] : []
  switch (entry.move) {
    case 'submit':
    case 'edited-after-approval':
      return {
        subject: entry.move === 'submit' ? `For review: “${title}”` : `Changed after approval: “${title}”`,
        heading: entry.move === 'submit' ? 'A story is waiting for your review' : 'An approved story was changed and needs approving again',
        blocks: [
          {
            kind: 'facts',
            rows: [
              ['Story', title],
              ['From', entry.byName],
              ['At', when(entry.at)],
            ],
          },
          ...note,
          { kind: 'action', label: 'Review it in the admin', url: editLink },
        ],
        why: `You get this because you are an editor at ${context.site.name}.`,
      }
    case 'request-changes':
      return {
        subject: `Changes requested: “${title}”`,
        heading: `${entry.byName} asked for changes to your story`,
        blocks: [
          {
            kind: 'facts',
            rows: [
              ['Story', title],
              ['At', when(entry.at)],
            ],
          },
          ...note,
          { kind: 'action', label: 'Open it in the admin', url: editLink },
        ],
        why: `You get this because your name is on this story’s byline at ${context.site.name}.`,
      }
    default: {
      const at = String(story.publishedAt ?? entry.at)
      const scheduled = Date.parse(at) > now.getTime()
      return {
        subject: scheduled ? `Scheduled: “${title}” goes out ${when(at)}` : `Published: “${title}”`,
        heading: scheduled ? 'Your story is scheduled' : 'Your story is published',
        blocks: [
          {
            kind: 'facts',
            rows: [
              ['Story', title],
              [scheduled ? 'Goes out' : 'Published', when(at)],
              ['By', entry.byName],
            ],
          },
          {
            kind: 'action',
            label: scheduled ? 'Open it in the admin' : 'Read it on the site',
            url: scheduled ? editLink : `${context.site.origin}/articles/${String(story.slug)}`,
          },
        ],
        why: `You get this because your name is on this story’s byline at ${context.site.name}.`,
      }
    }
  }
}

/** Articles' saves that move a story through review queue the mail that tells the people concerned. */
export function tellsOfReview(collection: CollectionConfig, context: MailContext, staffSlug: string): CollectionConfig {
  const tell: CollectionAfterChangeHook = async ({ doc, req }) => {
    const moved = (req.context as Record<string, unknown>)[REVIEW_MOVED] as StoryMoved | undefined
    if (!context.enabled || !moved) return doc
    const { entry } = moved
    const toEditors = TO_EDITORS.includes(entry.move)
    if (!toEditors && !TO_AUTHORS.includes(entry.move)) return doc
    const byline = new Set((Array.isArray(doc.authors) ? doc.authors : []).map((author: unknown) => String(relationId(author))))
    const recipients = (await staffMembers(req.payload, staffSlug, req)).filter(
      (member) => member.email && member.id !== entry.by && (toEditors ? canPublish(member) : byline.has(member.id)),
    )
    if (!recipients.length) return doc
    const letter = letterFor(context, { entry, story: { ...moved.story, ...doc } }, new Date())
    const message = compose({ site: context.site, subject: letter.subject, heading: letter.heading, blocks: letter.blocks, footer: [{ kind: 'paragraph', text: letter.why }] })
    for (const member of recipients)
      await queueMail(
        req.payload,
        { key: `review:${String(doc.id)}:${entry.move}:${entry.at}:${member.id}`, purpose: 'review', to: member.email, from: context.from, message },
        req,
      )
    return doc
  }
  return { ...collection, hooks: { ...collection.hooks, afterChange: [...(collection.hooks?.afterChange ?? []), tell] } }
}
