/**
 * Everything the newsroom holds about one person, to hand over or to erase: a signed-in
 * reader's account (profile, sign-ins, comments, subscriptions), or what a guest left under
 * an email address (comments, commenter record, subscriptions, mail sent). Erasing keeps the
 * comments on the site, anonymised as deleting an account does, and deletes the rest; an
 * address the mail server refused stays on the do-not-mail list, which exists to honour it.
 */
import type { Payload } from 'payload'

import { ANONYMISED_AUTHOR } from '../auth/readerAccounts'
import { guestIdentityKey, readerIdentityKey } from '../comments/identity'
import { ORIGIN_CONTEXT } from '../comments/reactions'
import { inTransaction } from '../database/transactions'
import { MAIL_LOG, mailKeyAddress } from '../mail/ledger'
import { MAIL_ADDRESSES, SUBSCRIPTIONS } from '../mail/subscriptions'
import { COLLECTION_SLUGS } from '../types'
import { type Doc, idOf } from '../database/docs'

export type PersonalExport = {
  readonly exportedAt: string
  readonly site: string
  readonly account?: Record<string, unknown>
  readonly commenterRecords: ReadonlyArray<Record<string, unknown>>
  readonly comments: ReadonlyArray<Record<string, unknown>>
  readonly subscriptions: ReadonlyArray<Record<string, unknown>>
  readonly mailAddress: Record<string, unknown> | null
  readonly mailSent: ReadonlyArray<Record<string, unknown>>
}

const all = async (payload: Payload, collection: string, where: Record<string, unknown>, select?: Record<string, true>): Promise<Doc[]> =>
  (await payload.db.find({ collection, where: where as never, limit: 0, pagination: false, sort: 'createdAt', ...(select ? { select } : {}) })).docs as Doc[]

export class PersonalData {
  constructor(
    private readonly payload: Payload,
    private readonly site: { readonly name: string; readonly origin: string },
  ) {}

  private async comments(identityKeys: ReadonlyArray<string>): Promise<Array<Record<string, unknown>>> {
    const docs = await all(this.payload, COLLECTION_SLUGS.comments, { identityKey: { in: [...identityKeys] } })
    const articleIds = [...new Set(docs.map((doc) => idOf(doc.article)).filter((id): id is string => id !== null))]
    const articles = articleIds.length ? await all(this.payload, COLLECTION_SLUGS.articles, { id: { in: articleIds } }, { title: true, slug: true }) : []
    const byId = new Map(articles.map((article) => [String(article.id), article]))
    return docs.map((doc) => {
      const article = byId.get(idOf(doc.article) ?? '')
      return {
        id: String(doc.id),
        article: article ? { title: article.title, url: `${this.site.origin}/articles/${String(article.slug)}` } : null,
        inReplyTo: idOf(doc.parent),
        status: doc.status,
        name: doc.authorName,
        website: doc.authorUrl ?? null,
        email: doc.guestEmail ?? null,
        body: doc.body,
        postedAt: doc.createdAt,
        editedAt: doc.editedAt ?? null,
        browser: doc.userAgent ?? null,
        networkAddress: doc.ipHash ? 'kept only as a keyed hash, which cannot be turned back into the address' : null,
        reports: Number(doc.reportCount ?? 0),
      }
    })
  }

  private async mailOf(emails: ReadonlyArray<string>) {
    const addresses = [...new Set(emails.map(mailKeyAddress))]
    if (!addresses.length) return { subscriptions: [], mailAddress: null, mailSent: [] }
    const subscriptions = await all(this.payload, SUBSCRIPTIONS, { email: { in: addresses } })
    const [address] = await all(this.payload, MAIL_ADDRESSES, { email: { in: addresses } })
    const sent = await all(this.payload, MAIL_LOG, { to: { in: addresses } }, { subject: true, purpose: true, status: true, sentAt: true, createdAt: true, to: true })
    return {
      subscriptions: subscriptions.map((doc) => ({ email: doc.email, kind: doc.kind, article: idOf(doc.article), status: doc.status, since: doc.createdAt })),
      mailAddress: address ? { email: address.email, confirmedAt: address.confirmedAt ?? null, since: address.createdAt } : null,
      mailSent: sent.map((doc) => ({ to: doc.to, subject: doc.subject, purpose: doc.purpose, status: doc.status, at: doc.sentAt ?? doc.createdAt })),
    }
  }

  /** A signed-in reader's export: their account, their comments as a reader, and the mail their address gets. */
  async forReader(readerId: string): Promise<PersonalExport | null> {
    const [reader] = await all(this.payload, COLLECTION_SLUGS.readers, { id: { equals: readerId } })
    if (!reader) return null
    const email = typeof reader.email === 'string' && reader.email ? reader.email : null
    const identities = (Array.isArray(reader.identities) ? reader.identities : []) as Doc[]
    return {
      exportedAt: new Date().toISOString(),
      site: this.site.name,
      account: {
        displayName: reader.displayName,
        email,
        profileUrl: reader.profileUrl ?? null,
        avatarUrl: reader.avatarUrl ?? null,
        status: reader.status ?? 'active',
        createdAt: reader.createdAt,
        signIns: identities.map((identity) => ({
          provider: identity.provider,
          accountAtProvider: identity.subject,
          email: identity.email ?? null,
          emailVerified: identity.emailVerified === true,
          linkedAt: identity.linkedAt,
        })),
      },
      commenterRecords: [],
      comments: await this.comments([readerIdentityKey(readerId)]),
      ...(await this.mailOf(email ? [email] : [])),
    }
  }

  /** What a guest left under an email address. */
  async forAddress(email: string): Promise<PersonalExport> {
    const key = guestIdentityKey(this.payload.secret, email)
    const records = await all(this.payload, COLLECTION_SLUGS.guestCommenters, { identityKey: { equals: key } })
    return {
      exportedAt: new Date().toISOString(),
      site: this.site.name,
      commenterRecords: records.map((doc) => ({
        name: doc.name,
        email: doc.email,
        status: doc.status ?? 'active',
        approvedComments: doc.approvedCount ?? 0,
        lastCommentAt: doc.lastCommentAt ?? null,
      })),
      comments: await this.comments([key]),
      ...(await this.mailOf([email])),
    }
  }

  /** Erases what a guest left under an address: comments stay, anonymised; the rest is deleted. */
  async eraseAddress(email: string): Promise<{ anonymisedComments: number }> {
    const key = guestIdentityKey(this.payload.secret, email)
    const address = mailKeyAddress(email)
    return inTransaction(this.payload, async (req) => {
      const { docs } = await this.payload.update({
        collection: COLLECTION_SLUGS.comments,
        where: { identityKey: { equals: key } },
        data: ANONYMISED_AUTHOR as never,
        overrideAccess: true,
        depth: 0,
        req,
        context: { [ORIGIN_CONTEXT]: 'account' },
      })
      await this.payload.db.deleteMany({ collection: COLLECTION_SLUGS.guestCommenters, where: { identityKey: { equals: key } }, req })
      await this.payload.db.deleteMany({ collection: SUBSCRIPTIONS, where: { email: { equals: address } }, req })
      await this.payload.db.deleteMany({ collection: MAIL_ADDRESSES, where: { email: { equals: address } }, req })
      await this.payload.db.deleteMany({ collection: MAIL_LOG, where: { to: { equals: address } }, req })
      return { anonymisedComments: docs.length }
    })
  }
}
