/**
 * A real SMTP server for tests (smtp-server), keeping what it receives as parsed messages, with
 * failures to inject: go down (connections refused) and come back on the same port, refuse a
 * recipient outright (550), or ask to try later (451).
 */
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

import type { MailSettings } from '../../src/config/environment'
import { listenSmtp } from '../../src/mail/smtpListen'
import { freePort } from './serverProcess'

export type TestMailServer = {
  readonly port: number
  readonly messages: ParsedMail[]
  /** The transport setting that sends here. */
  readonly transport: MailSettings['transport']
  /** Messages to one address, in the order received. */
  to(address: string): ParsedMail[]
  /** Refuse connections until up() (the port is closed). */
  down(): Promise<void>
  up(): Promise<void>
  /** Answer RCPT TO for this address with 550 (it does not exist). */
  refuse(address: string): void
  /** Answer every RCPT TO with 451 (try again later) while on. */
  deferAll(on: boolean): void
  /**
   * Keep the next senders waiting at RCPT TO until release(): a send in hand, not yet sent.
   * `reached` resolves when the first sender is kept waiting.
   */
  holdRecipients(): { reached: Promise<void>; release(): void }
  close(): Promise<void>
}

/** A real SMTP server on `host` (loopback unless told; a bridge's address for instances in network namespaces). */
export async function startMailServer(host = '127.0.0.1'): Promise<TestMailServer> {
  const port = await freePort()
  const messages: ParsedMail[] = []
  const refused = new Set<string>()
  let deferring = false
  let holding: { reached(): void; released: Promise<void> } | null = null
  const answerRecipient = (address: string, callback: (error?: Error | null) => void): void => {
    if (holding) {
      const held = holding
      held.reached()
      void held.released.then(() => answerRecipient(address, callback))
      return
    }
    if (deferring) return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }))
    if (refused.has(address.toLowerCase())) return callback(Object.assign(new Error('No such user here'), { responseCode: 550 }))
    callback()
  }
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => answerRecipient(address.address, callback),
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (mail) => {
            messages.push(mail)
            callback()
          },
          (error: unknown) => callback(error as Error),
        )
      },
    })
  let server: SMTPServer | null = null
  const up = async () => {
    const next = make()
    // A client that resets mid-transaction (a newsroom killed while it sends) loses that message, as at a real server.
    await listenSmtp(next, port, host, () => undefined)
    server = next
  }
  const down = () =>
    new Promise<void>((resolve) => {
      const current = server
      server = null
      if (!current) return resolve()
      current.close(() => resolve())
    })
  await up()
  const addressesOf = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((to) => to.value.map((one) => (one.address ?? '').toLowerCase()))
  return {
    port,
    messages,
    transport: { kind: 'smtp', host: '127.0.0.1', port, secure: false, user: null, password: null },
    to: (address) => messages.filter((mail) => addressesOf(mail).includes(address.toLowerCase())),
    down,
    up,
    refuse: (address) => refused.add(address.toLowerCase()),
    deferAll: (on) => {
      deferring = on
    },
    holdRecipients: () => {
      let reached!: () => void
      let release!: () => void
      const waiting = new Promise<void>((resolve) => (reached = resolve))
      holding = { reached, released: new Promise<void>((resolve) => (release = resolve)) }
      return {
        reached: waiting,
        release: () => {
          holding = null
          release()
        },
      }
    },
    close: down,
  }
}

/** The first link matching `pattern` in a mail's text; throws with the text when there is none. */
export function linkIn(text: string, pattern: RegExp): string {
  const found = text.match(pattern)
  if (!found) throw new Error(`no link matching ${pattern} in:\n${text}`)
  return found[0]
}

/** A header as it was sent (mailparser folds List-* headers into one structure). */
export const rawHeader = (mail: { headerLines: ReadonlyArray<{ key: string; line: string }> }, name: string): string | undefined =>
  mail.headerLines
    .find((line) => line.key === name)
    ?.line.slice(name.length + 1)
    .trim()
