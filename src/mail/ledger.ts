/**
 * The send ledger: every mail the newsroom sends is first a row here, under a key unique to
 * what it is about (purpose, recipient, subject: "reply:<comment>:<address>"), then a job that
 * sends it. A second attempt to queue the same mail finds the key and does nothing; the job
 * sends only a row still queued, and marks it sent once the SMTP server has accepted it. So a
 * mail server down for an hour loses nothing (the job retries, backing off) and nothing is sent
 * twice when it returns. An address the server refuses outright is recorded as bounced and
 * never mailed again.
 */
import { createHash } from 'node:crypto'

import type { CollectionConfig, Payload, PayloadRequest, TaskConfig } from 'payload'

import { adminsOnly, nobody } from '../../collections/access'
import type { MailAddress } from '../config/environment'
import { inTransaction } from '../database/transactions'
import type { Composed } from './compose'
import { mailNotSent } from './transport'

export const MAIL_LOG = 'mail-log'
export const MAIL_SUPPRESSIONS = 'mail-suppressions'
export const SEND_MAIL_TASK = 'send-mail'
/** Retries of one send after the first try. */
const SEND_ATTEMPTS = 12

export const MAIL_PURPOSES = ['confirm-subscription', 'reply', 'new-post', 'digest', 'moderation-alert', 'comment-outcome', 'data-request', 'review'] as const
export type MailPurpose = (typeof MAIL_PURPOSES)[number]

export type OutgoingMail = {
  /** What this mail is, uniquely: the same key is never sent twice. */
  readonly key: string
  readonly purpose: MailPurpose
  readonly to: string
  readonly from: MailAddress
  readonly message: Composed
  readonly headers?: Readonly<Record<string, string>>
}

/** Addresses are compared trimmed and in lower case. */
export const mailKeyAddress = (email: string): string => email.trim().toLowerCase()

const formatAddress = ({ name, address }: MailAddress): string => (name ? `"${name.replace(/["\\\r\n]/g, '')}" <${address}>` : address)

/** The same Message-ID for every attempt at one mail: should one ever go out twice, clients show it once. */
const messageIdFor = (key: string, from: MailAddress): string =>
  `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${from.address.split('@')[1] ?? 'newsroom.invalid'}>`

type LedgerRow = {
  id: string | number
  key: string
  to: string
  from: string
  subject: string
  html: string
  text: string
  headers?: Record<string, string> | null
  status: string
  attempts?: number | null
}

async function suppressed(payload: Payload, email: string, req?: PayloadRequest): Promise<boolean> {
  const found = await payload.db.findOne({ collection: MAIL_SUPPRESSIONS, where: { email: { equals: mailKeyAddress(email) } }, req })
  return Boolean(found)
}

/**
 * Queues a mail (its ledger row and its send job, in one transaction: `req`'s when given).
 * false when a mail with this key was queued before: nothing is done.
 */
export async function queueMail(payload: Payload, mail: OutgoingMail, req?: PayloadRequest): Promise<boolean> {
  const work = async (tx: PayloadRequest): Promise<boolean> => {
    const existing = await payload.db.findOne({ collection: MAIL_LOG, where: { key: { equals: mail.key } }, req: tx })
    if (existing) return false
    const blocked = await suppressed(payload, mail.to, tx)
    await payload.db.create({
      collection: MAIL_LOG,
      data: {
        key: mail.key,
        purpose: mail.purpose,
        to: mailKeyAddress(mail.to),
        from: formatAddress(mail.from),
        subject: mail.message.subject,
        html: mail.message.html,
        text: mail.message.text,
        headers: { ...mail.headers, 'Message-ID': messageIdFor(mail.key, mail.from) },
        status: blocked ? 'suppressed' : 'queued',
        attempts: 0,
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      },
      req: tx,
      returning: false,
    })
    if (!blocked) await payload.jobs.queue({ task: SEND_MAIL_TASK, input: { key: mail.key }, req: tx })
    return true
  }
  return req ? work(req) : inTransaction(payload, work)
}

/**
 * The job runner runs a tick's jobs side by side; mail servers take kindly to a few connections
 * from one sender, not fifty. At most four sends at once per process.
 */
const SMTP_CONCURRENCY = 4
let sendingNow = 0
const waitingToSend: Array<() => void> = []
async function atMostFour<T>(send: () => Promise<T>): Promise<T> {
  if (sendingNow >= SMTP_CONCURRENCY) await new Promise<void>((resolve) => waitingToSend.push(resolve))
  sendingNow += 1
  try {
    return await send()
  } finally {
    sendingNow -= 1
    waitingToSend.shift()?.()
  }
}

async function mark(payload: Payload, row: LedgerRow, data: Record<string, unknown>): Promise<void> {
  await payload.db.updateOne({ collection: MAIL_LOG, id: row.id, data: { ...data, updatedAt: new Date().toISOString() }, returning: false })
}

/**
 * The job that sends one ledger row. Retried with exponential backoff from 10 s (ten tries
 * span about 85 minutes, twelve about six hours); a refusal that trying again cannot change
 * ends it at once.
 */
export function sendMailTask(): TaskConfig {
  return {
    slug: SEND_MAIL_TASK,
    label: 'Send one mail',
    inputSchema: [{ name: 'key', type: 'text', required: true }],
    retries: { attempts: SEND_ATTEMPTS, backoff: { type: 'exponential', delay: 10_000 } },
    handler: async ({ input, job, req }) => {
      const { payload } = req
      const key = (input as { key: string }).key
      const row = (await payload.db.findOne({ collection: MAIL_LOG, where: { key: { equals: key } } })) as LedgerRow | null
      if (!row || row.status !== 'queued') return { output: { status: row?.status ?? 'missing' } }
      if (await suppressed(payload, row.to)) {
        await mark(payload, row, { status: 'suppressed' })
        return { output: { status: 'suppressed' } }
      }
      const attempts = Number(row.attempts ?? 0) + 1
      const { 'Message-ID': messageId, ...headers } = row.headers ?? {}
      try {
        await atMostFour(() => payload.sendEmail({ from: row.from, to: row.to, subject: row.subject, html: row.html, text: row.text, headers, messageId }))
      } catch (error) {
        const failure = mailNotSent(error)
        if (!failure.permanent) {
          // The last try: the row says the mail was given up on, and the job ends in error.
          const last = Number(job.totalTried ?? 0) >= SEND_ATTEMPTS
          await mark(payload, row, { attempts, lastError: failure.message, ...(last ? { status: 'failed' } : {}) })
          throw failure
        }
        await mark(payload, row, { attempts, lastError: failure.message, status: failure.refused.length ? 'refused' : 'failed' })
        if (failure.refused.length) await suppress(payload, row.to, 'bounced', failure.message)
        return { output: { status: 'refused' } }
      }
      await mark(payload, row, { attempts, status: 'sent', sentAt: new Date().toISOString(), lastError: null })
      return { output: { status: 'sent' } }
    },
  }
}

/** Never mail this address again (a hard bounce, a complaint). */
export async function suppress(payload: Payload, email: string, reason: 'bounced' | 'complained', detail: string): Promise<void> {
  const address = mailKeyAddress(email)
  if (await suppressed(payload, address)) return
  try {
    await payload.db.create({
      collection: MAIL_SUPPRESSIONS,
      data: { email: address, reason, detail: detail.slice(0, 500), createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() },
    })
  } catch (error) {
    // Recorded at the same moment by another send: one row is enough.
    if (!(await suppressed(payload, address))) throw error
  }
}

export function mailLogCollection(staffSlug: string): CollectionConfig {
  return {
    slug: MAIL_LOG,
    labels: { singular: 'Sent mail', plural: 'Mail log' },
    admin: {
      group: 'System',
      useAsTitle: 'subject',
      defaultColumns: ['subject', 'to', 'purpose', 'status', 'createdAt'],
      description: 'Every mail the newsroom sends: queued, then sent once the mail server accepts it. Written by the system only.',
    },
    access: { read: adminsOnly(staffSlug), create: nobody, update: nobody, delete: adminsOnly(staffSlug) },
    fields: [
      { name: 'key', type: 'text', required: true, unique: true, index: true, admin: { readOnly: true } },
      { name: 'purpose', type: 'select', required: true, options: MAIL_PURPOSES.map((value) => ({ label: value, value })), index: true },
      { name: 'to', type: 'text', required: true, index: true },
      { name: 'from', type: 'text', required: true },
      { name: 'subject', type: 'text', required: true },
      {
        name: 'status',
        type: 'select',
        required: true,
        defaultValue: 'queued',
        index: true,
        options: ['queued', 'sent', 'refused', 'failed', 'suppressed'].map((value) => ({ label: value, value })),
      },
      { name: 'attempts', type: 'number', defaultValue: 0 },
      { name: 'lastError', type: 'text' },
      { name: 'sentAt', type: 'date' },
      { name: 'text', type: 'textarea', admin: { readOnly: true } },
      { name: 'html', type: 'textarea', admin: { hidden: true } },
      { name: 'headers', type: 'json', admin: { readOnly: true } },
    ],
    timestamps: true,
  }
}

export function mailSuppressionsCollection(staffSlug: string): CollectionConfig {
  return {
    slug: MAIL_SUPPRESSIONS,
    labels: { singular: 'Address not to mail', plural: 'Addresses not to mail' },
    admin: {
      group: 'System',
      useAsTitle: 'email',
      description: 'Addresses the newsroom never mails: refused by the mail server (a hard bounce) or a complaint. Add one by hand when your mail provider reports a complaint.',
    },
    access: { read: adminsOnly(staffSlug), create: adminsOnly(staffSlug), update: adminsOnly(staffSlug), delete: adminsOnly(staffSlug) },
    hooks: {
      beforeValidate: [
        ({ data }) => {
          if (data && typeof data.email === 'string') data.email = mailKeyAddress(data.email)
          return data
        },
      ],
    },
    fields: [
      { name: 'email', type: 'email', required: true, unique: true, index: true },
      { name: 'reason', type: 'select', required: true, options: ['bounced', 'complained'].map((value) => ({ label: value, value })) },
      { name: 'detail', type: 'text', maxLength: 500 },
    ],
    timestamps: true,
  }
}
