/**
 * Reader accounts as sign-ins make and change them: which reader a sign-in belongs to (the
 * rules are in linking.ts), the identities a reader holds, unlinking one, and deleting the
 * account while the reader's comments stay, anonymised.
 */
import { createHash } from 'node:crypto'

import { commitTransaction, createLocalReq, initTransaction, killTransaction, type Payload } from 'payload'

import { avatarKeyFor } from '../comments/identity'
import { ORIGIN_CONTEXT } from '../comments/reactions'
import { bumpContentVersion } from '../database/contentVersion'
import { COLLECTION_SLUGS } from '../types'
import { fetchAvatar } from './avatars'
import { chooseReader, identityKey, normaliseEmail, type ReaderIdentities } from './linking'
import type { ExternalProfile, ProviderId } from './providers'

export type IdentityRecord = {
  readonly id: string
  readonly key: string
  readonly provider: ProviderId
  readonly subject: string
  readonly email: string | null
  readonly emailVerified: boolean
  readonly profileUrl: string | null
  readonly avatarUrl: string | null
  readonly linkedAt: string
}

export type ReaderAccount = {
  readonly id: string
  readonly displayName: string
  readonly email: string | null
  readonly createdAt: string
  readonly identities: ReadonlyArray<IdentityRecord>
}

/** What a deleted reader's comments are filed under: one shared identity, so they say nothing about who wrote them. */
const DELETED_READER = 'deleted-reader'

/** What a comment keeps of its author once they are gone (account deleted, data erased): nothing. */
export const ANONYMISED_AUTHOR = {
  authorName: 'Former reader',
  authorUrl: null,
  avatarKey: avatarKeyFor(DELETED_READER),
  reader: null,
  signedInWith: null,
  guestEmail: null,
  guestCommenter: null,
  identityKey: DELETED_READER,
  ipHash: null,
  userAgent: null,
} as const

/** Sign-ins being resolved in this process, by identity key. */
const signingIn = new Map<string, Promise<void>>()

/** Who a sign-in turned out to be, and the picture address their record had before it. */
export type SignedInReader = { readonly readerId: string; readonly outcome: 'returning' | 'link' | 'new'; readonly previousAvatarUrl: string | null }

export class AccountError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message)
  }
}

type Doc = Record<string, unknown> & { id: string | number }

const identitiesOf = (doc: Doc): IdentityRecord[] =>
  (Array.isArray(doc.identities) ? (doc.identities as Array<Record<string, unknown>>) : []).map((row) => ({
    id: String(row.id ?? ''),
    key: String(row.key ?? ''),
    provider: row.provider as ProviderId,
    subject: String(row.subject ?? ''),
    email: typeof row.email === 'string' && row.email ? row.email : null,
    emailVerified: row.emailVerified === true,
    profileUrl: typeof row.profileUrl === 'string' && row.profileUrl ? row.profileUrl : null,
    avatarUrl: typeof row.avatarUrl === 'string' && row.avatarUrl ? row.avatarUrl : null,
    linkedAt: String(row.linkedAt ?? ''),
  }))

const toReaderIdentities = (doc: Doc): ReaderIdentities => ({ readerId: String(doc.id), identities: identitiesOf(doc) })

/** The identity rows as Payload stores them (ids kept, so unchanged rows stay the same rows). */
const rows = (identities: ReadonlyArray<IdentityRecord | Omit<IdentityRecord, 'id'>>) =>
  identities.map((identity) => ({ ...('id' in identity && identity.id ? { id: identity.id } : {}), ...identity }))

export class ReaderAccounts {
  constructor(private readonly payload: Payload) {}

  private async findReaders(where: Record<string, unknown>, limit: number): Promise<Doc[]> {
    const { docs } = await this.payload.find({ collection: COLLECTION_SLUGS.readers, where: where as never, limit, depth: 0, sort: 'createdAt', overrideAccess: true })
    return docs as unknown as Doc[]
  }

  /**
   * The reader this sign-in belongs to, created or linked as the rules say. Their public name,
   * avatar and profile follow the account they signed in with last.
   */
  async readerForSignIn(provider: ProviderId, profile: ExternalProfile): Promise<SignedInReader> {
    const key = identityKey(provider, profile.subject)
    // Two first sign-ins of one identity at once (two tabs) must not make two readers: one after the other.
    const before = signingIn.get(key) ?? Promise.resolve()
    const turn = before.catch(() => undefined).then(() => this.resolveReader(key, provider, profile))
    const settled = turn.then(
      () => undefined,
      () => undefined,
    )
    signingIn.set(key, settled)
    void settled.then(() => {
      if (signingIn.get(key) === settled) signingIn.delete(key)
    })
    return turn
  }

  private async resolveReader(key: string, provider: ProviderId, profile: ExternalProfile): Promise<SignedInReader> {
    const email = normaliseEmail(profile.email)
    const [byIdentity] = await this.findReaders({ 'identities.key': { equals: key } }, 1)
    const byEmail = !byIdentity && email && profile.emailVerified ? await this.findReaders({ 'identities.email': { equals: email } }, 20) : []
    const decision = chooseReader(
      { provider, subject: profile.subject, email, emailVerified: profile.emailVerified },
      byIdentity ? toReaderIdentities(byIdentity) : null,
      byEmail.map(toReaderIdentities),
    )
    const now = new Date().toISOString()
    const identity = { key, provider, subject: profile.subject, email, emailVerified: profile.emailVerified, profileUrl: profile.profileUrl, avatarUrl: profile.avatarUrl }
    const publicFace = { displayName: profile.displayName, avatarUrl: profile.avatarUrl, profileUrl: profile.profileUrl }

    if (decision.kind === 'new') {
      const created = (await this.payload.create({
        collection: COLLECTION_SLUGS.readers,
        data: { ...publicFace, email, identities: rows([{ ...identity, linkedAt: now }]) } as never,
        overrideAccess: true,
      })) as unknown as Doc
      return { readerId: String(created.id), outcome: 'new', previousAvatarUrl: null }
    }
    const existing = decision.kind === 'returning' ? byIdentity! : byEmail.find((doc) => String(doc.id) === decision.readerId)!
    const identities = identitiesOf(existing)
    const updated = decision.kind === 'returning' ? identities.map((row) => (row.key === key ? { ...row, ...identity } : row)) : [...identities, { ...identity, linkedAt: now }]
    await this.payload.update({
      collection: COLLECTION_SLUGS.readers,
      id: existing.id,
      data: { ...publicFace, ...(email && profile.emailVerified ? { email } : {}), identities: rows(updated) } as never,
      overrideAccess: true,
    })
    return { readerId: String(existing.id), outcome: decision.kind, previousAvatarUrl: typeof existing.avatarUrl === 'string' ? existing.avatarUrl : null }
  }

  /**
   * Keeps the reader's stored picture in step with the provider's (`avatarUrl`): fetched again
   * only when that address changed; no picture (an identicon instead) when it cannot be fetched
   * safely.
   */
  async refreshAvatar(signedIn: SignedInReader, source: string | null, options: { allowLoopback: boolean }): Promise<void> {
    if (signedIn.outcome === 'new' ? !source : signedIn.previousAvatarUrl === source) return
    const image = source ? await fetchAvatar(source, options) : null
    await this.payload.db.updateOne({
      collection: COLLECTION_SLUGS.readers,
      id: signedIn.readerId,
      data: {
        avatarImage: image ? image.toString('base64') : null,
        avatarHash: image ? createHash('sha256').update(image).digest('hex').slice(0, 16) : null,
      },
    })
    // Pages kept for the reader's other sessions show the old picture until told.
    await bumpContentVersion(this.payload, undefined, 'personal')
  }

  /** The stored picture and its current hash. */
  async avatar(readerId: string): Promise<{ image: Buffer; hash: string } | null> {
    const doc = (await this.payload.db.findOne({
      collection: COLLECTION_SLUGS.readers,
      where: { id: { equals: readerId } },
      select: { avatarImage: true, avatarHash: true },
    })) as Doc | null
    return doc && typeof doc.avatarHash === 'string' && typeof doc.avatarImage === 'string' ? { image: Buffer.from(doc.avatarImage, 'base64'), hash: doc.avatarHash } : null
  }

  async account(readerId: string): Promise<ReaderAccount | null> {
    const doc = (await this.payload.findByID({ collection: COLLECTION_SLUGS.readers, id: readerId, depth: 0, overrideAccess: true, disableErrors: true })) as Doc | null
    if (!doc) return null
    return {
      id: String(doc.id),
      displayName: String(doc.displayName ?? ''),
      email: typeof doc.email === 'string' && doc.email ? doc.email : null,
      createdAt: String(doc.createdAt ?? ''),
      identities: identitiesOf(doc),
    }
  }

  /**
   * Removes one sign-in from the account, and ends every session started with it (unlinking
   * an account that was taken over must lock it out). The last one cannot go: that is what
   * deleting the account is for.
   */
  async unlink(readerId: string, identityId: string): Promise<IdentityRecord> {
    const account = await this.account(readerId)
    if (!account) throw new AccountError(404, 'Your reader account no longer exists.')
    const removed = account.identities.find((identity) => identity.id === identityId)
    if (!removed) throw new AccountError(404, 'That sign-in is not linked to your account (it may already have been removed).')
    if (account.identities.length === 1) throw new AccountError(409, 'This is the only way you sign in, so it cannot be unlinked. To remove it, delete your account below.')
    await this.payload.update({
      collection: COLLECTION_SLUGS.readers,
      id: readerId,
      data: { identities: rows(account.identities.filter((identity) => identity.id !== identityId)) } as never,
      overrideAccess: true,
    })
    if (!account.identities.some((identity) => identity.id !== identityId && identity.provider === removed.provider))
      await this.payload.delete({
        collection: COLLECTION_SLUGS.readerSessions,
        where: { and: [{ reader: { equals: readerId } }, { provider: { equals: removed.provider } }] },
        overrideAccess: true,
      })
    return removed
  }

  /**
   * Deletes the reader, every session and every sign-in they had. Their comments stay where
   * they are, without their name, profile link, avatar or any trace of who wrote them.
   */
  async delete(readerId: string): Promise<{ anonymisedComments: number }> {
    const { payload } = this
    const req = await createLocalReq({}, payload)
    const ownTransaction = await initTransaction(req)
    try {
      const { docs } = await payload.update({
        collection: COLLECTION_SLUGS.comments,
        where: { reader: { equals: readerId } },
        data: ANONYMISED_AUTHOR as never,
        overrideAccess: true,
        depth: 0,
        req,
        context: { [ORIGIN_CONTEXT]: 'account' },
      })
      await payload.delete({ collection: COLLECTION_SLUGS.readerSessions, where: { reader: { equals: readerId } }, overrideAccess: true, req })
      await payload.delete({ collection: COLLECTION_SLUGS.readers, id: readerId, overrideAccess: true, req })
      if (ownTransaction) await commitTransaction(req)
      return { anonymisedComments: docs.length }
    } catch (error) {
      if (ownTransaction) await killTransaction(req)
      throw error
    }
  }
}
