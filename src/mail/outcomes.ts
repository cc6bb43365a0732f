/**
 * "Your comment was approved" and "your comment was not published: <reason>", a reaction to a
 * moderator's decision, when the comment policy says so (off by default). Sent only to an
 * address its owner has proved is theirs (confirmed through a "notify me" link, or verified by
 * the reader's sign-in provider): anyone can type someone else's address into a form, and this
 * mail quotes the comment.
 */
import type { Payload } from 'payload'

import type { CommentReaction, ReactionBatch } from '../comments/reactions'
import { REJECTION_REASONS } from '../moderation/vocabulary'
import { COLLECTION_SLUGS, GLOBAL_SLUGS } from '../types'
import { compose, excerpt } from './compose'
import { mailKeyAddress, queueMail } from './ledger'
import { MAIL_ADDRESSES, type MailContext } from './subscriptions'
import { type Doc, idOf } from '../database/docs'

/** The comment author's address, if its owner has proved it is theirs. */
async function provenAddress(payload: Payload, comment: Doc): Promise<string | null> {
  const readerId = idOf(comment.reader)
  if (readerId) {
    const reader = (await payload.db.findOne({ collection: COLLECTION_SLUGS.readers, where: { id: { equals: readerId } } })) as Doc | null
    const email = typeof reader?.email === 'string' && reader.email ? mailKeyAddress(reader.email) : null
    const identities = (Array.isArray(reader?.identities) ? reader.identities : []) as Doc[]
    if (email && identities.some((identity) => identity.emailVerified === true && typeof identity.email === 'string' && mailKeyAddress(identity.email) === email)) return email
    if (!email) return null
    comment = { ...comment, guestEmail: email }
  }
  if (typeof comment.guestEmail !== 'string' || !comment.guestEmail) return null
  const email = mailKeyAddress(comment.guestEmail)
  const address = (await payload.db.findOne({ collection: MAIL_ADDRESSES, where: { email: { equals: email } } })) as Doc | null
  return address?.confirmedAt ? email : null
}

export function commenterOutcomes(context: MailContext): CommentReaction {
  return {
    name: 'commenter outcome mail',
    async run(payload: Payload, batch: ReactionBatch) {
      if (!context.enabled || (batch.origin !== 'queue' && batch.origin !== 'collection')) return
      const due = batch.changes.filter((change) => change.from !== null && change.from !== change.to && (change.to === 'approved' || change.to === 'rejected'))
      if (!due.length) return
      const policy = (await payload.db.findGlobal({ slug: GLOBAL_SLUGS.commentPolicy, select: { mailCommenterOutcomes: true } })) as { mailCommenterOutcomes?: boolean } | null
      if (!policy?.mailCommenterOutcomes) return
      for (const change of due) {
        const comment = (await payload.db.findOne({ collection: COLLECTION_SLUGS.comments, where: { id: { equals: change.comment } } })) as Doc | null
        if (!comment || comment.status !== change.to) continue
        const to = await provenAddress(payload, comment)
        if (!to) continue
        const article = (await payload.db.findOne({
          collection: COLLECTION_SLUGS.articles,
          where: { id: { equals: idOf(comment.article) } },
          select: { title: true, slug: true },
        })) as Doc | null
        const title = String(article?.title ?? '')
        const approved = change.to === 'approved'
        const reason = REJECTION_REASONS.find((option) => option.value === comment.rejectionReason)?.label ?? 'Other'
        const message = compose({
          site: context.site,
          subject: approved ? `Your comment on “${title}” is published` : `Your comment on “${title}” was not published`,
          heading: approved ? 'Your comment is published' : 'Your comment was not published',
          blocks: [
            { kind: 'quote', by: 'You wrote:', text: excerpt(String(comment.body ?? ''), 600) },
            ...(approved
              ? [{ kind: 'action' as const, label: 'See it on the page', url: `${context.site.origin}/articles/${String(article?.slug ?? '')}#comment-${String(comment.id)}` }]
              : [
                  { kind: 'facts' as const, rows: [['Reason', reason] as const, ...(comment.rejectionNote ? [['Moderator’s note', String(comment.rejectionNote)] as const] : [])] },
                ]),
          ],
          footer: [{ kind: 'paragraph', text: `${context.site.name} tells commenters when a moderator decides on their comment.` }],
        })
        await queueMail(payload, { key: `outcome:${String(comment.id)}:${String(change.to)}`, purpose: 'comment-outcome', to, from: context.from, message })
      }
    },
  }
}
