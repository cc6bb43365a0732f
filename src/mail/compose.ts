/**
 * Mail as the newsroom writes it: one plain layout, an HTML part and a plain-text part made
 * from the same blocks. Every value put in is escaped (commenters' names and comments are
 * hostile); links are absolute, to the newsroom's own address. Subscription mail carries
 * List-Id and one-click List-Unsubscribe headers (RFC 2919, RFC 8058). Pure: no I/O.
 */
import { html, type SafeHtml } from '../site/html'

/** A piece of a mail's body. */
export type Block =
  | { readonly kind: 'paragraph'; readonly text: string }
  /** Someone's words, quoted: a comment, a reason. */
  | { readonly kind: 'quote'; readonly text: string; readonly by?: string }
  /** The one thing to do: a link drawn as a button (and written out in the text part). */
  | { readonly kind: 'action'; readonly label: string; readonly url: string }
  | { readonly kind: 'facts'; readonly rows: ReadonlyArray<readonly [string, string]> }

export type Composed = { readonly subject: string; readonly html: string; readonly text: string }

export type Letter = {
  readonly site: { readonly name: string; readonly origin: string }
  readonly subject: string
  readonly heading: string
  readonly blocks: ReadonlyArray<Block>
  /** Why the reader gets this, and how to stop it: the last lines of every mail. */
  readonly footer: ReadonlyArray<Block>
}

/** Subjects are one line: no line breaks (header injection), at most 200 characters. */
export const oneLine = (value: string, max = 200): string => {
  const flat = value
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** At most `max` characters of someone's text, cut at a word. */
export function excerpt(text: string, max = 600): string {
  const flat = text.replace(/\r\n?/g, '\n').trim()
  if (flat.length <= max) return flat
  const cut = flat.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`
}

const paragraphsOf = (text: string): string[] =>
  text
    .split(/\n{2,}/)
    .map((part) => part.trim())
    .filter(Boolean)

function blockHtml(block: Block): SafeHtml {
  switch (block.kind) {
    case 'paragraph':
      return html`<p style="margin:0 0 16px">${block.text}</p>`
    case 'quote':
      return html`<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #c8ccd2;color:#2b2f36">
        ${block.by ? html`<p style="margin:0 0 8px;font-weight:bold">${block.by}</p>` : ''}${paragraphsOf(block.text).map(
          (part) => html`<p style="margin:0 0 8px;white-space:pre-wrap">${part}</p>`,
        )}
      </blockquote>`
    case 'action':
      return html`<p style="margin:0 0 16px"
        ><a href="${block.url}" style="display:inline-block;padding:10px 18px;background:#0b57d0;color:#ffffff;text-decoration:none;border-radius:4px">${block.label}</a></p
      >`
    case 'facts':
      return html`<table style="margin:0 0 16px;border-collapse:collapse">
        ${block.rows.map(([name, value]) => html`<tr><th style="text-align:left;padding:2px 12px 2px 0;vertical-align:top">${name}</th><td style="padding:2px 0">${value}</td></tr>`)}
      </table>`
  }
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text
    case 'quote':
      return [...(block.by ? [`${block.by}:`] : []), ...block.text.split('\n').map((line) => `> ${line}`)].join('\n')
    case 'action':
      return `${block.label}:\n${block.url}`
    case 'facts':
      return block.rows.map(([name, value]) => `${name}: ${value}`).join('\n')
  }
}

export function compose(letter: Letter): Composed {
  const subject = oneLine(letter.subject)
  const body = html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width" />
    <title>${subject}</title>
  </head>
  <body style="margin:0;padding:0;background:#f4f5f7;font-family:Georgia,'Times New Roman',serif;color:#1d2128">
    <div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff">
      <p style="margin:0 0 24px;font-family:Arial,sans-serif;font-weight:bold"><a href="${letter.site.origin}/" style="color:#1d2128;text-decoration:none">${letter.site.name}</a></p>
      <h1 style="margin:0 0 16px;font-size:22px">${letter.heading}</h1>
      ${letter.blocks.map(blockHtml)}
      <hr style="border:none;border-top:1px solid #dde0e4;margin:24px 0" />
      <div style="font-family:Arial,sans-serif;font-size:13px;color:#5b6270">${letter.footer.map(blockHtml)}</div>
    </div>
  </body>
</html>`
  const text = [
    letter.site.name,
    '',
    letter.heading,
    '',
    ...letter.blocks.map(blockText).flatMap((part) => [part, '']),
    '-- ',
    ...letter.footer.map(blockText).flatMap((part) => [part, '']),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()
  return { subject, html: body.value, text: `${text}\n` }
}

/** Headers of subscription mail: which list it is, and how to leave it in one click. */
export function listHeaders(options: { listId: string; listName: string; unsubscribeUrl: string }): Record<string, string> {
  return {
    'List-Id': `${oneLine(options.listName, 80).replace(/[<>"]/g, '')} <${options.listId}>`,
    'List-Unsubscribe': `<${options.unsubscribeUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  }
}
