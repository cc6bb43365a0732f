/**
 * Readers' mail subscriptions, with double opt-in: the first subscription from an address
 * sends a confirmation mail (at most one a day, so a form cannot be used to flood someone's
 * inbox) and nothing else reaches that address until its link is used. Once an address is
 * confirmed, its later subscriptions are active at once. An unsubscribe takes effect at once.
 *
 * Links in mail are signed with the server's secret (signedLinks.ts): the confirmation link
 * for a week, the unsubscribe and manage links for years (List-Unsubscribe must keep working).
 */
import type { CollectionConfig, Payload, PayloadRequest } from 'payload'

import { adminsOnly, nobody } from '../../collections/access'
import type { MailAddress, Settings } from '../config/environment'
import { insertRow } from '../database/insertRow'
import { inTransaction } from '../database/transactions'
import { signLink } from '../security/signedLinks'
import { COLLECTION_SLUGS } from '../types'
import { compose } from './compose'
import { mailKeyAddress, queueMail } from './ledger'
import { idOf, type Doc } from '../database/docs'

export const MAIL_ADDRESSES = 'mail-addresses'
export const SUBSCRIPTIONS = 'subscriptions'

/** replies: replies to the subscriber's own comments on an article; comments: every new comment on it; posts: every new story. */
export const SUBSCRIPTION_KINDS = ['replies', 'comments', 'posts'] as const
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number]
/** How a subscriber to new stories hears of them. */
export const POST_FREQUENCIES = ['each', 'daily'] as const
export type PostFrequency = (typeof POST_FREQUENCIES)[number]

export type MailContext = {
  readonly site: { readonly name: string; readonly origin: string }
  readonly from: MailAddress
  readonly notificationsFrom: MailAddress
  /** false: the newsroom sends no mail, and offers no subscription. */
  readonly enabled: boolean
}

/** The context of a newsroom that sends no mail (no subscription is offered). */
export const mailOff = (site: { readonly name: string; readonly origin: string }): MailContext => ({
  site,
  from: { name: site.name, address: 'newsroom@localhost.localdomain' },
  notificationsFrom: { name: site.name, address: 'newsroom@localhost.localdomain' },
  enabled: false,
})

/** What a form's email field must look like before anything is sent to it. */
export const EMAIL_FIELD = /^[^\s@<>()",;:]{1,64}@[^\s@<>()",;:]{1,190}\.[^\s@<>()",;:]{2,63}$/

export const mailContextFor = (settings: Settings): MailContext => ({
  site: { name: settings.site.name, origin: settings.serverUrl },
  from: settings.mail.from,
  notificationsFrom: settings.mail.notificationsFrom,
  enabled: settings.mail.transport.kind !== 'none',
})

export const LINK_PURPOSE = { confirm: 'mail-confirm', unsubscribe: 'mail-unsubscribe', manage: 'mail-manage' } as const
const WEEK_MS = 7 * 24 * 3600 * 1000
const YEARS_MS = 5 * 365 * 24 * 3600 * 1000

/** Addresses travel in links as base64url: no address syntax in a path. */
export const addressToken = (email: string): string => Buffer.from(mailKeyAddress(email), 'utf8').toString('base64url')
export const addressFromToken = (token: string): string | null => {
  if (!/^[A-Za-z0-9_-]{3,400}$/.test(token)) return null
  const email = Buffer.from(token, 'base64url').toString('utf8')
  return /^[^\s@]+@[^\s@]+$/.test(email) ? email : null
}

export const confirmPath = (email: string) => `/mail/confirm/${addressToken(email)}`
export const unsubscribePath = (subscriptionId: string) => `/mail/unsubscribe/${subscriptionId}`
export const managePath = (email: string) => `/mail/manage/${addressToken(email)}`

export function signedUrl(context: MailContext, secret: string, purpose: string, path: string, now = Date.now()): string {
  return `${context.site.origin}${signLink({ secret, purpose, path, expiresAt: new Date(now + (purpose === LINK_PURPOSE.confirm ? WEEK_MS : YEARS_MS)) })}`
}

const today = (now: Date) => now.toISOString().slice(0, 10)

export class Subscriptions {
  constructor(
    private readonly payload: Payload,
    private readonly context: MailContext,
  ) {}

  private async address(email: string, req?: PayloadRequest): Promise<Doc | null> {
    return (await this.payload.db.findOne({ collection: MAIL_ADDRESSES, where: { email: { equals: mailKeyAddress(email) } }, req })) as Doc | null
  }

  /**
   * Subscribes `email` (in `req`'s transaction: with the comment it came with). Active at once
   * when the address is confirmed; otherwise waiting, and a confirmation mail is queued.
   */
  async subscribe(
    req: PayloadRequest,
    options: { email: string; kind: SubscriptionKind; article?: string | null; articleTitle?: string; frequency?: PostFrequency; now?: Date },
  ): Promise<'active' | 'unconfirmed'> {
    if (!this.context.enabled) return 'unconfirmed'
    const email = mailKeyAddress(options.email)
    const now = options.now ?? new Date()
    const at = now.toISOString()
    const address = await this.address(email, req)
    // A new address is unconfirmed: its row is written, and nothing of it needs reading back.
    if (!address) await insertRow(this.payload, MAIL_ADDRESSES, { email, createdAt: at, updatedAt: at }, req)
    const confirmed = Boolean(address?.confirmedAt)
    const status = confirmed ? 'active' : 'unconfirmed'
    const article = options.kind === 'posts' ? null : (options.article ?? null)
    const frequency = options.kind === 'posts' ? (options.frequency ?? 'each') : null
    const existing = (await this.payload.db.findOne({
      collection: SUBSCRIPTIONS,
      where: { and: [{ email: { equals: email } }, { kind: { equals: options.kind } }, article ? { article: { equals: article } } : { article: { exists: false } }] },
      req,
    })) as Doc | null
    if (existing) {
      if (existing.status !== 'active' || existing.frequency !== frequency)
        await this.payload.db.updateOne({ collection: SUBSCRIPTIONS, id: existing.id, data: { status, frequency, updatedAt: at }, req, returning: false })
    } else {
      await this.payload.db.create({
        collection: SUBSCRIPTIONS,
        data: { email, kind: options.kind, article, frequency, status, createdAt: at, updatedAt: at },
        req,
        returning: false,
      })
    }
    if (!confirmed)
      await this.queueConfirmation(req, email, options.kind === 'posts' ? `new stories at ${this.context.site.name}` : `comments on “${options.articleTitle ?? 'a story'}”`, now)
    return status
  }

  private async queueConfirmation(req: PayloadRequest, email: string, about: string, now: Date): Promise<void> {
    const link = signedUrl(this.context, this.payload.secret, LINK_PURPOSE.confirm, confirmPath(email), now.getTime())
    const message = compose({
      site: this.context.site,
      subject: `Confirm your subscription to ${this.context.site.name}`,
      heading: 'Please confirm your subscription',
      blocks: [
        { kind: 'paragraph', text: `Someone, probably you, asked to be told by email about ${about} at ${this.context.site.name}.` },
        { kind: 'action', label: 'Yes, send me these emails', url: link },
        { kind: 'paragraph', text: 'Until you confirm, we send nothing else to this address. The link works for seven days.' },
      ],
      footer: [{ kind: 'paragraph', text: 'If you did not ask for this, ignore this email: you will not hear from us again.' }],
    })
    // One a day at most, whatever is typed into forms.
    await queueMail(this.payload, { key: `confirm:${email}:${today(now)}`, purpose: 'confirm-subscription', to: email, from: this.context.from, message }, req)
  }

  /** The confirmation link was used: the address is confirmed and its waiting subscriptions start. */
  async confirm(email: string): Promise<number> {
    const address = mailKeyAddress(email)
    return inTransaction(this.payload, async (req) => {
      const found = await this.address(address, req)
      if (!found) return 0
      const at = new Date().toISOString()
      if (!found.confirmedAt) await this.payload.db.updateOne({ collection: MAIL_ADDRESSES, id: found.id, data: { confirmedAt: at, updatedAt: at }, req, returning: false })
      const waiting = await this.payload.db.find({
        collection: SUBSCRIPTIONS,
        where: { and: [{ email: { equals: address } }, { status: { equals: 'unconfirmed' } }] },
        limit: 0,
        pagination: false,
        req,
      })
      for (const doc of waiting.docs as Doc[])
        await this.payload.db.updateOne({ collection: SUBSCRIPTIONS, id: doc.id, data: { status: 'active', updatedAt: at }, req, returning: false })
      return waiting.docs.length
    })
  }

  /** Active subscribers to new stories who chose `frequency`, after `after` (an id), `limit` at a time, by id. */
  async postSubscribers(frequency: PostFrequency, after: string | null, limit: number): Promise<Array<{ id: string; email: string }>> {
    const { docs } = await this.payload.db.find({
      collection: SUBSCRIPTIONS,
      where: { and: [{ kind: { equals: 'posts' } }, { status: { equals: 'active' } }, { frequency: { equals: frequency } }, ...(after ? [{ id: { greater_than: after } }] : [])] },
      sort: 'id',
      limit,
      pagination: false,
    })
    return (docs as Doc[]).map((doc) => ({ id: String(doc.id), email: String(doc.email) }))
  }

  async one(id: string): Promise<{ id: string; email: string; kind: SubscriptionKind; status: string; articleTitle: string | null } | null> {
    const doc = (await this.payload.db.findOne({ collection: SUBSCRIPTIONS, where: { id: { equals: id } } })) as Doc | null
    if (!doc) return null
    const articleId = idOf(doc.article)
    const article = articleId
      ? ((await this.payload.db.findOne({ collection: COLLECTION_SLUGS.articles, where: { id: { equals: articleId } }, select: { title: true } })) as Doc | null)
      : null
    return {
      id: String(doc.id),
      email: String(doc.email),
      kind: doc.kind as SubscriptionKind,
      status: String(doc.status),
      articleTitle: article ? String(article.title ?? '') : null,
    }
  }

  /** Every subscription of an address, newest first, with its article's title. */
  async ofAddress(email: string): Promise<Array<{ id: string; kind: SubscriptionKind; status: string; articleTitle: string | null }>> {
    const { docs } = await this.payload.db.find({
      collection: SUBSCRIPTIONS,
      where: { email: { equals: mailKeyAddress(email) } },
      sort: '-createdAt',
      limit: 200,
      pagination: false,
    })
    const ids = [...new Set((docs as Doc[]).map((doc) => idOf(doc.article)).filter((id): id is string => id !== null))]
    const titles = new Map<string, string>()
    if (ids.length) {
      const articles = await this.payload.db.find({
        collection: COLLECTION_SLUGS.articles,
        where: { id: { in: ids } },
        select: { title: true },
        limit: ids.length,
        pagination: false,
      })
      for (const article of articles.docs as Doc[]) titles.set(String(article.id), String(article.title ?? ''))
    }
    return (docs as Doc[]).map((doc) => ({
      id: String(doc.id),
      kind: doc.kind as SubscriptionKind,
      status: String(doc.status),
      articleTitle: titles.get(idOf(doc.article) ?? '') ?? null,
    }))
  }

  /** Ends one subscription (idempotent). */
  async unsubscribe(id: string): Promise<boolean> {
    const doc = (await this.payload.db.findOne({ collection: SUBSCRIPTIONS, where: { id: { equals: id } } })) as Doc | null
    if (!doc) return false
    if (doc.status !== 'unsubscribed') {
      const at = new Date().toISOString()
      await this.payload.db.updateOne({ collection: SUBSCRIPTIONS, id: doc.id, data: { status: 'unsubscribed', unsubscribedAt: at, updatedAt: at }, returning: false })
    }
    return true
  }

  /** Active subscribers to an article's comments: who wants every comment, and who wants replies (by address). */
  async activeOn(articleId: string): Promise<Array<{ id: string; email: string; kind: SubscriptionKind }>> {
    const { docs } = await this.payload.db.find({
      collection: SUBSCRIPTIONS,
      where: { and: [{ article: { equals: articleId } }, { status: { equals: 'active' } }] },
      limit: 0,
      pagination: false,
    })
    return (docs as Doc[]).map((doc) => ({ id: String(doc.id), email: String(doc.email), kind: doc.kind as SubscriptionKind }))
  }
}

export function mailAddressesCollection(staffSlug: string): CollectionConfig {
  return {
    slug: MAIL_ADDRESSES,
    labels: { singular: 'Subscriber address', plural: 'Subscriber addresses' },
    admin: { group: 'Readers', useAsTitle: 'email', description: 'Addresses that asked for mail; confirmed once their owner used the link we sent.' },
    access: { read: adminsOnly(staffSlug), create: nobody, update: nobody, delete: adminsOnly(staffSlug) },
    fields: [
      { name: 'email', type: 'text', required: true, unique: true, index: true },
      { name: 'confirmedAt', type: 'date' },
    ],
    timestamps: true,
  }
}

export function subscriptionsCollection(staffSlug: string): CollectionConfig {
  return {
    slug: SUBSCRIPTIONS,
    labels: { singular: 'Subscription', plural: 'Subscriptions' },
    admin: { group: 'Readers', useAsTitle: 'email', defaultColumns: ['email', 'kind', 'article', 'status'] },
    access: { read: adminsOnly(staffSlug), create: nobody, update: nobody, delete: adminsOnly(staffSlug) },
    fields: [
      { name: 'email', type: 'text', required: true, index: true },
      { name: 'kind', type: 'select', required: true, options: SUBSCRIPTION_KINDS.map((value) => ({ label: value, value })) },
      { name: 'article', type: 'relationship', relationTo: COLLECTION_SLUGS.articles, index: true },
      {
        name: 'status',
        type: 'select',
        required: true,
        defaultValue: 'unconfirmed',
        index: true,
        options: ['unconfirmed', 'active', 'unsubscribed'].map((value) => ({ label: value, value })),
      },
      {
        name: 'frequency',
        type: 'select',
        options: POST_FREQUENCIES.map((value) => ({ label: value, value })),
        admin: { description: 'New stories: one mail each, or a daily digest.' },
      },
      { name: 'unsubscribedAt', type: 'date' },
    ],
    timestamps: true,
  }
}
