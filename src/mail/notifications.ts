/**
 * Reply notifications, a reaction to comment changes (reactions.ts): when a comment is
 * published (its status becomes approved), the author of the comment it answers hears of it
 * if they subscribed to replies on that article, and everyone subscribed to all comments on
 * it hears too. Never for a held, spam or trashed comment, never to its own author, and once
 * per comment and address however often it is approved (the ledger's key). The importer's
 * changes send nothing.
 */
import type { Payload } from 'payload'

import type { CommentReaction, ReactionBatch } from '../comments/reactions'
import { COLLECTION_SLUGS } from '../types'
import { compose, excerpt, listHeaders } from './compose'
import { mailKeyAddress, queueMail } from './ledger'
import { LINK_PURPOSE, managePath, signedUrl, Subscriptions, unsubscribePath, type MailContext } from './subscriptions'
import { type Doc, idOf } from '../database/docs'

/** The address a comment's author can be told at: a guest's own, a signed-in reader's account address. */
async function authorEmail(payload: Payload, comment: Doc): Promise<string | null> {
  if (typeof comment.guestEmail === 'string' && comment.guestEmail) return mailKeyAddress(comment.guestEmail)
  const readerId = idOf(comment.reader)
  if (!readerId) return null
  const reader = (await payload.db.findOne({ collection: COLLECTION_SLUGS.readers, where: { id: { equals: readerId } }, select: { email: true } })) as Doc | null
  return typeof reader?.email === 'string' && reader.email ? mailKeyAddress(reader.email) : null
}

export function replyNotifications(context: MailContext): CommentReaction {
  return {
    name: 'reply notifications',
    async run(payload: Payload, batch: ReactionBatch) {
      if (!context.enabled || batch.origin === 'import') return
      const subscriptions = new Subscriptions(payload, context)
      // Read once per article in a batch (a bulk approval is often hundreds of replies on one story).
      const subscribers = new Map<string, Promise<Awaited<ReturnType<Subscriptions['activeOn']>>>>()
      const articles = new Map<string, Promise<Doc | null>>()
      for (const change of batch.changes) {
        if (change.to !== 'approved' || change.from === 'approved' || !change.article) continue
        const articleId = change.article
        if (!subscribers.has(articleId)) subscribers.set(articleId, subscriptions.activeOn(articleId))
        const active = await subscribers.get(articleId)!
        if (!active.length) continue
        const comment = (await payload.db.findOne({ collection: COLLECTION_SLUGS.comments, where: { id: { equals: change.comment } } })) as Doc | null
        // Changed again since (trashed a moment later, say): only what is published now is news.
        if (!comment || comment.status !== 'approved') continue
        if (!articles.has(articleId))
          articles.set(
            articleId,
            payload.db.findOne({ collection: COLLECTION_SLUGS.articles, where: { id: { equals: articleId } }, select: { title: true, slug: true } }) as Promise<Doc | null>,
          )
        const article = await articles.get(articleId)!
        if (!article) continue
        const own = await authorEmail(payload, comment)
        const parentId = idOf(comment.parent)
        const parent = parentId ? ((await payload.db.findOne({ collection: COLLECTION_SLUGS.comments, where: { id: { equals: parentId } } })) as Doc | null) : null
        const parentAuthor = parent ? await authorEmail(payload, parent) : null
        // One mail per address: a reply to someone who also follows every comment is one reply mail.
        const recipients = new Map<string, { id: string; reply: boolean }>()
        for (const subscription of active) {
          const reply = subscription.kind === 'replies' && parentAuthor === subscription.email
          if (subscription.kind === 'replies' && !reply) continue
          const known = recipients.get(subscription.email)
          if (!known || (reply && !known.reply)) recipients.set(subscription.email, { id: subscription.id, reply })
        }
        if (own) recipients.delete(own)
        const title = String(article.title ?? '')
        const commentUrl = `${context.site.origin}/articles/${String(article.slug)}#comment-${String(comment.id)}`
        for (const [email, { id, reply }] of recipients) {
          const unsubscribe = signedUrl(context, payload.secret, LINK_PURPOSE.unsubscribe, unsubscribePath(id))
          const manage = signedUrl(context, payload.secret, LINK_PURPOSE.manage, managePath(email))
          const who = String(comment.authorName ?? 'Someone')
          const message = compose({
            site: context.site,
            subject: reply ? `${who} replied to your comment on “${title}”` : `New comment on “${title}”`,
            heading: reply ? `${who} replied to your comment` : `A new comment on “${title}”`,
            blocks: [
              ...(reply && parent ? [{ kind: 'quote' as const, by: 'You wrote:', text: excerpt(String(parent.body ?? ''), 300) }] : []),
              { kind: 'quote', by: `${who} wrote:`, text: excerpt(String(comment.body ?? '')) },
              { kind: 'action', label: 'Read it and reply', url: commentUrl },
            ],
            footer: [
              {
                kind: 'paragraph',
                text: reply ? `You asked to be told of replies to your comments on “${title}”.` : `You asked to be told of new comments on “${title}”.`,
              },
              { kind: 'action', label: 'Unsubscribe from these emails', url: unsubscribe },
              { kind: 'paragraph', text: `All your subscriptions: ${manage}` },
            ],
          })
          await queueMail(payload, {
            key: `reply:${String(comment.id)}:${email}`,
            purpose: 'reply',
            to: email,
            from: context.notificationsFrom,
            message,
            headers: listHeaders({ listId: `comments.${new URL(context.site.origin).hostname}`, listName: `${context.site.name} comments`, unsubscribeUrl: unsubscribe }),
          })
        }
      }
    },
  }
}
