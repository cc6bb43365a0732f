/**
 * How mail leaves the newsroom: Payload's nodemailer adapter over the SMTP server SMTP_URL
 * names, or in development the built-in mailbox (devMailbox.ts). Never ethereal.email: the
 * adapter's fallback needs the internet. With no transport (tests, production without
 * SMTP_URL) every send fails with a sentence saying so, never a pretend success.
 *
 * A failed send is a MailNotSent error: a 503 with a sentence for Payload's own mail (the
 * staff password reset says it was not sent), and for the send job whether trying again can
 * help (a server that is down) or not (an address the server refuses).
 */
import { nodemailerAdapter } from '@payloadcms/email-nodemailer'
import nodemailer from 'nodemailer'
import type SMTPTransport from 'nodemailer/lib/smtp-transport'
import { APIError, type EmailAdapter, type SendEmailOptions } from 'payload'

import type { MailSettings } from '../config/environment'

export class MailNotSent extends APIError {
  constructor(
    message: string,
    /** true: sending again will not help (the server refused the recipient or the message). */
    readonly permanent: boolean,
    /** The recipients the server refused, when it named them. */
    readonly refused: ReadonlyArray<string> = [],
  ) {
    super(message, 503, null, true)
  }
}

type SmtpFailure = { code?: string; responseCode?: number; rejected?: unknown; response?: string; message?: string }

/** nodemailer's error as MailNotSent: what happened, in a sentence, and whether to try again. */
export function mailNotSent(error: unknown): MailNotSent {
  if (error instanceof MailNotSent) return error
  const failure = (error ?? {}) as SmtpFailure
  const code = failure.responseCode ?? 0
  const refused = Array.isArray(failure.rejected) ? failure.rejected.map(String) : []
  if (failure.code === 'EENVELOPE' && code >= 500 && code < 600)
    return new MailNotSent(`The mail server refused the recipient (${code}); the mail was not sent and will not be tried again.`, true, refused)
  if (failure.code === 'EMESSAGE' && code >= 500 && code < 600) return new MailNotSent(`The mail server refused the message (${code}); it was not sent.`, true)
  if (failure.code === 'EAUTH') return new MailNotSent('The mail server did not accept the newsroom’s SMTP credentials (check SMTP_URL); nothing was sent.', false)
  if (code >= 400 && code < 500) return new MailNotSent(`The mail server asked to try again later (${code}); the mail is not sent yet.`, false)
  return new MailNotSent('The mail server could not be reached; the mail is not sent yet. Try again in a few minutes.', false)
}

/** The SMTP connection for a transport setting (the dev mailbox's port when that is the one). */
export function smtpOptions(transport: MailSettings['transport'], devMailboxPort?: number): SMTPTransport.Options | null {
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }
  if (transport.kind === 'smtp')
    return {
      host: transport.host,
      port: transport.port,
      secure: transport.secure,
      ...(transport.user ? { auth: { user: transport.user, pass: transport.password ?? '' } } : {}),
      ...timeouts,
    }
  if (transport.kind === 'dev-mailbox' && devMailboxPort) return { host: '127.0.0.1', port: devMailboxPort, secure: false, ignoreTLS: true, ...timeouts }
  return null
}

/** Payload's email adapter for these settings; every failure is a MailNotSent. */
export async function mailAdapter(mail: MailSettings, devMailboxPort?: number): Promise<EmailAdapter> {
  const options = smtpOptions(mail.transport, devMailboxPort)
  const defaults = { defaultFromAddress: mail.from.address, defaultFromName: mail.from.name }
  if (!options) {
    return () => ({
      name: 'no-mail',
      ...defaults,
      sendEmail: () => Promise.reject(new MailNotSent('This newsroom sends no mail: SMTP_URL is not set. Nothing was sent.', false)),
    })
  }
  const adapter = await nodemailerAdapter({ ...defaults, transport: nodemailer.createTransport(options), skipVerify: true })
  return (args) => {
    const initialized = adapter(args)
    return {
      ...initialized,
      sendEmail: async (message: SendEmailOptions) => {
        try {
          return await initialized.sendEmail(message)
        } catch (error) {
          throw mailNotSent(error)
        }
      },
    }
  }
}
