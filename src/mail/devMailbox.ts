/**
 * The development mailbox: with no SMTP_URL on a development machine, a real SMTP server runs
 * in the newsroom's process (smtp-server, on 127.0.0.1) and keeps every message it receives as
 * a file in data/dev-mail, newest 500. `/dev-mail` lists them and shows each (its text and its
 * HTML, links clickable), labelled on every page as the development mailbox. It refuses to
 * start in production, like the development sign-in.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { readdir, readFile, unlink, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

import express, { type Router } from 'express'
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

import type { Mode } from '../config/environment'
import { html, type SafeHtml } from '../site/html'
import { listenSmtp } from './smtpListen'

export const DEV_MAIL_PATH = '/dev-mail'
const KEEP = 500
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024
const FILE = /^(\d{13})-([0-9a-f]{8})\.eml$/

export type DevMailbox = { readonly port: number; readonly dir: string; close(): Promise<void> }

const RUNNING = Symbol.for('payload-security-newsroom.devMailbox')
type Registry = { [RUNNING]?: Map<string, Promise<DevMailbox>> }

/**
 * Starts the mailbox for `dir`, once per process: the config is loaded both by the server and
 * by Next's bundle of the admin, and both must send to the same mailbox.
 */
export function startDevMailbox(dir: string, mode: Mode): Promise<DevMailbox> {
  if (mode === 'production') throw new Error('The development mailbox never runs in production; set SMTP_URL.')
  const registry = globalThis as Registry
  const running = (registry[RUNNING] ??= new Map())
  const existing = running.get(dir)
  if (existing) return existing
  const started = listen(dir)
  running.set(dir, started)
  return started
}

async function listen(dir: string): Promise<DevMailbox> {
  mkdirSync(dir, { recursive: true })
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_MESSAGE_BYTES,
    banner: 'Security Newsroom development mailbox: nothing received here is delivered anywhere',
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) return callback(Object.assign(new Error('Message too large'), { responseCode: 552 }))
        const name = `${Date.now()}-${randomBytes(4).toString('hex')}.eml`
        writeFile(path.join(dir, name), Buffer.concat(chunks))
          .then(() => prune(dir))
          .then(
            () => callback(),
            (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
          )
      })
    },
  })
  // A client gone mid-message (its process killed while sending) loses that message only; the mailbox keeps running.
  await listenSmtp(server, 0, '127.0.0.1', (error) =>
    console.warn(`Development mailbox: a client's connection broke before its message was whole (${error.message}); nothing was kept of it.`),
  )
  // The mailbox never keeps a process alive by itself (Payload's CLI loads the same config).
  ;(server as unknown as { server: { unref(): void; address(): AddressInfo } }).server.unref()
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address()
  return { port, dir, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

async function messageFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => FILE.test(name)).sort((a, b) => (a < b ? 1 : -1))
  } catch {
    return []
  }
}

async function prune(dir: string): Promise<void> {
  const files = await messageFiles(dir)
  await Promise.all(files.slice(KEEP).map((name) => unlink(path.join(dir, name)).catch(() => undefined)))
}

const addresses = (value: AddressObject | AddressObject[] | undefined): string => (Array.isArray(value) ? value.map((one) => one.text).join(', ') : (value?.text ?? ''))

const LABEL = html`<p class="label"><strong>Development mailbox.</strong> Mail the newsroom sends while it has no SMTP_URL is kept here and delivered to no one. This page does not exist in production.</p>`

function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>${title} — development mailbox</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1d2128; }
      .label { background: #fff4d6; border: 2px solid #b78103; padding: 0.5rem 1rem; }
      table { border-collapse: collapse; width: 100%; }
      th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid #dde0e4; vertical-align: top; }
      pre { white-space: pre-wrap; background: #f4f5f7; padding: 1rem; }
      iframe { width: 100%; height: 40rem; border: 1px solid #c8ccd2; }
    </style>
  </head>
  <body>
    ${LABEL}${body}
  </body>
</html>`.value
}

/** The text part with its web addresses as links (the rest escaped). */
function linkedText(text: string): SafeHtml {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g)
  return html`${parts.map((part, index) => (index % 2 === 1 ? html`<a href="${part}">${part}</a>` : part))}`
}

export function devMailRouter(dir: string): Router {
  const router = express.Router()
  const read = async (id: string): Promise<ParsedMail | null> => {
    if (!FILE.test(`${id}.eml`)) return null
    try {
      return await simpleParser(await readFile(path.join(dir, `${id}.eml`)))
    } catch {
      return null
    }
  }
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store')
    res.set('X-Robots-Tag', 'noindex')
    next()
  })
  router.get('/', async (_req, res) => {
    const files = (await messageFiles(dir)).slice(0, 100)
    const rows = await Promise.all(
      files.map(async (name) => {
        const id = name.slice(0, -'.eml'.length)
        const mail = await read(id)
        return html`<tr>
          <td>${mail?.date?.toISOString().replace('T', ' ').slice(0, 19) ?? ''}</td>
          <td>${addresses(mail?.to)}</td>
          <td><a href="${DEV_MAIL_PATH}/${id}">${mail?.subject ?? '(no subject)'}</a></td>
        </tr>`
      }),
    )
    res.type('html').send(
      page(
        'Messages',
        html`<h1>Messages (${files.length})</h1>
          ${
            files.length
              ? html`<table>
                <thead>
                  <tr><th>Received (UTC)</th><th>To</th><th>Subject</th></tr>
                </thead>
                <tbody>${rows}</tbody>
              </table>`
              : html`<p>No mail yet. Password resets, comment notifications and confirmations appear here.</p>`
          }`,
      ),
    )
  })
  router.get('/:id', async (req, res) => {
    const mail = await read(req.params.id)
    if (!mail)
      return void res
        .status(404)
        .type('html')
        .send(page('Not found', html`<h1>No such message</h1><p><a href="${DEV_MAIL_PATH}">All messages</a></p>`))
    const headers = ['from', 'to', 'reply-to', 'list-id', 'list-unsubscribe', 'list-unsubscribe-post']
      .map(
        (name) =>
          [
            name,
            mail.headerLines
              .find((line) => line.key === name)
              ?.line.slice(name.length + 1)
              .trim() ?? '',
          ] as const,
      )
      .filter(([, value]) => value)
    res.type('html').send(
      page(
        mail.subject ?? 'Message',
        html`<p><a href="${DEV_MAIL_PATH}">All messages</a></p>
          <h1>${mail.subject ?? '(no subject)'}</h1>
          <table>
            ${headers.map(([name, value]) => html`<tr><th>${name}</th><td>${value}</td></tr>`)}
          </table>
          ${mail.html ? html`<h2>HTML</h2><iframe src="${DEV_MAIL_PATH}/${req.params.id}/html" sandbox="allow-popups allow-top-navigation-by-user-activation" title="The message as HTML"></iframe>` : ''}
          <h2>Text</h2>
          <pre>${linkedText(mail.text ?? '')}</pre>`,
      ),
    )
  })
  router.get('/:id/html', async (req, res) => {
    const mail = await read(req.params.id)
    if (!mail || !mail.html) return void res.status(404).type('text').send('No such message.')
    // The newsroom's own mail, shown as a mail client would: no scripts, links open the page they name.
    res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:; sandbox allow-popups allow-top-navigation-by-user-activation")
    res.type('html').send(mail.html.replace(/<head>/i, '<head><base target="_top">'))
  })
  return router
}
