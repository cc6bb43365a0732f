/**
 * "Notify me of new posts by email": one mail per story when it is first published, never for
 * an update or a correction, and for a scheduled or embargoed story when readers can first see
 * it. Articles carry `announcedAt`, set in the transaction that first publishes them, with the
 * job that mails the subscribers queued beside it (to run at the embargo's end). The job mails
 * 200 subscribers and queues the next 200, so no job runs long; the ledger's key per story and
 * address keeps each to one mail. Subscribers who chose the daily digest get one mail a day
 * listing the day's new stories instead.
 */
import type { CollectionAfterChangeHook, CollectionConfig, TaskConfig } from 'payload'

import { COLLECTION_SLUGS } from '../types'
import { compose, listHeaders, type Block } from './compose'
import { queueMail } from './ledger'
import { LINK_PURPOSE, managePath, signedUrl, Subscriptions, unsubscribePath, type MailContext, type PostFrequency } from './subscriptions'
import { type Doc } from '../database/docs'

export const NEW_POST_TASK = 'new-post-mail'
export const POSTS_DIGEST_TASK = 'new-posts-digest'
const BATCH = 200

/** Articles gain `announcedAt` and the hook that announces a first publication. */
export function announcesNewPosts(collection: CollectionConfig, mail: MailContext): CollectionConfig {
  const announce: CollectionAfterChangeHook = async ({ doc, req }) => {
    if (doc._status !== 'published' || doc.announcedAt) return doc
    const at = new Date().toISOString()
    await req.payload.db.updateOne({ collection: collection.slug, id: doc.id, data: { announcedAt: at }, req, returning: false })
    if (mail.enabled) {
      const visibleFrom = doc.publishedAt ? Date.parse(String(doc.publishedAt)) : Date.now()
      await req.payload.jobs.queue({
        task: NEW_POST_TASK,
        input: { article: String(doc.id), after: null },
        req,
        ...(visibleFrom > Date.now() ? { waitUntil: new Date(visibleFrom) } : {}),
      })
    }
    return { ...doc, announcedAt: at }
  }
  return {
    ...collection,
    fields: [
      ...collection.fields,
      {
        name: 'announcedAt',
        type: 'date',
        access: { create: () => false, update: () => false },
        admin: { readOnly: true, position: 'sidebar', description: 'When subscribers were told of this story (its first publication). Later updates are not announced.' },
      },
    ],
    hooks: { ...collection.hooks, afterChange: [...(collection.hooks?.afterChange ?? []), announce] },
  }
}

function storyBlocks(context: MailContext, article: Doc): Block[] {
  return [
    { kind: 'paragraph', text: String(article.title ?? '') },
    ...(article.dek ? [{ kind: 'quote' as const, text: String(article.dek) }] : []),
    { kind: 'action', label: 'Read the story', url: `${context.site.origin}/articles/${String(article.slug)}` },
  ]
}

function footerFor(context: MailContext, secret: string, subscription: { id: string; email: string }, digest: boolean): Block[] {
  return [
    { kind: 'paragraph', text: `You asked ${context.site.name} for ${digest ? 'a daily mail of its new stories' : 'a mail for each new story'}.` },
    { kind: 'action', label: 'Unsubscribe from these emails', url: signedUrl(context, secret, LINK_PURPOSE.unsubscribe, unsubscribePath(subscription.id)) },
    { kind: 'paragraph', text: `All your subscriptions: ${signedUrl(context, secret, LINK_PURPOSE.manage, managePath(subscription.email))}` },
  ]
}

const headersFor = (context: MailContext, secret: string, subscriptionId: string) =>
  listHeaders({
    listId: `stories.${new URL(context.site.origin).hostname}`,
    listName: `${context.site.name} new stories`,
    unsubscribeUrl: signedUrl(context, secret, LINK_PURPOSE.unsubscribe, unsubscribePath(subscriptionId)),
  })

const visible = (article: Doc | null, now: number): boolean =>
  Boolean(article && article._status === 'published' && (!article.publishedAt || Date.parse(String(article.publishedAt)) <= now))

export function newPostTask(context: MailContext): TaskConfig {
  return {
    slug: NEW_POST_TASK,
    label: 'Mail a new story to its subscribers',
    inputSchema: [
      { name: 'article', type: 'text', required: true },
      { name: 'after', type: 'text' },
    ],
    retries: { attempts: 8, backoff: { type: 'exponential', delay: 10_000 } },
    handler: async ({ input, req }) => {
      const { payload } = req
      const { article: articleId, after } = input as { article: string; after?: string | null }
      const article = (await payload.db.findOne({ collection: COLLECTION_SLUGS.articles, where: { id: { equals: articleId } } })) as Doc | null
      if (!article || article._status !== 'published') return { output: { sent: 0 } }
      // Its embargo was moved later since: try again when it lifts.
      if (!visible(article, Date.now())) {
        await payload.jobs.queue({ task: NEW_POST_TASK, input: { article: articleId, after: after ?? null }, waitUntil: new Date(Date.parse(String(article.publishedAt))) })
        return { output: { sent: 0 } }
      }
      const subscribers = await new Subscriptions(payload, context).postSubscribers('each', after ?? null, BATCH)
      for (const subscriber of subscribers) {
        const message = compose({
          site: context.site,
          subject: `New at ${context.site.name}: ${String(article.title ?? '')}`,
          heading: 'A new story',
          blocks: storyBlocks(context, article),
          footer: footerFor(context, payload.secret, subscriber, false),
        })
        await queueMail(payload, {
          key: `new-post:${articleId}:${subscriber.email}`,
          purpose: 'new-post',
          to: subscriber.email,
          from: context.notificationsFrom,
          message,
          headers: headersFor(context, payload.secret, subscriber.id),
        })
      }
      if (subscribers.length === BATCH) await payload.jobs.queue({ task: NEW_POST_TASK, input: { article: articleId, after: subscribers[BATCH - 1]!.id } })
      return { output: { sent: subscribers.length } }
    },
  }
}

const DAY_MS = 86_400_000

/** The daily digest of new stories, at 07:00 UTC: the stories first published in the day before. */
export function postsDigestTask(context: MailContext): TaskConfig {
  return {
    slug: POSTS_DIGEST_TASK,
    label: 'Daily mail of new stories',
    inputSchema: [{ name: 'after', type: 'text' }],
    retries: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 } },
    schedule: [{ cron: '0 0 7 * * *', queue: 'default' }],
    handler: async ({ input, req }) => {
      if (!context.enabled) return { output: { sent: 0 } }
      const { payload } = req
      const after = (input as { after?: string | null } | undefined)?.after ?? null
      const end = Math.floor(Date.now() / DAY_MS) * DAY_MS + 7 * 3_600_000
      const until = end > Date.now() ? end - DAY_MS : end
      const since = until - DAY_MS
      const { docs } = await payload.db.find({
        collection: COLLECTION_SLUGS.articles,
        where: {
          and: [
            { _status: { equals: 'published' } },
            { announcedAt: { greater_than_equal: new Date(since).toISOString() } },
            { announcedAt: { less_than: new Date(until).toISOString() } },
          ],
        },
        sort: 'publishedAt',
        limit: 50,
        pagination: false,
      })
      const stories = (docs as Doc[]).filter((article) => visible(article, Date.now()))
      if (!stories.length) return { output: { sent: 0 } }
      const subscribers = await new Subscriptions(payload, context).postSubscribers('daily' satisfies PostFrequency, after, BATCH)
      const day = new Date(since).toISOString().slice(0, 10)
      for (const subscriber of subscribers) {
        const message = compose({
          site: context.site,
          subject: `${context.site.name}: ${stories.length === 1 ? 'one new story' : `${stories.length} new stories`}`,
          heading: stories.length === 1 ? 'A new story' : 'New stories',
          blocks: stories.flatMap((article) => storyBlocks(context, article)),
          footer: footerFor(context, payload.secret, subscriber, true),
        })
        await queueMail(payload, {
          key: `posts-digest:${day}:${subscriber.email}`,
          purpose: 'digest',
          to: subscriber.email,
          from: context.notificationsFrom,
          message,
          headers: headersFor(context, payload.secret, subscriber.id),
        })
      }
      if (subscribers.length === BATCH) await payload.jobs.queue({ task: POSTS_DIGEST_TASK, input: { after: subscribers[BATCH - 1]!.id } })
      return { output: { sent: subscribers.length } }
    },
  }
}
