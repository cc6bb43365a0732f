/**
 * Reads a form or JSON request body strictly: a size limit, UTF-8 that must be valid, and
 * percent-encoding that must decode. Anything else is a 4xx with a sentence a person can act
 * on, never a silently mangled value.
 */
import type { Request } from 'express'

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 411 | 413 | 415,
    message: string,
  ) {
    super(message)
  }
}

export type FormFields = Record<string, string>

export async function readRaw(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) throw new BodyError(413, `The submission is too large (limit ${Math.round(limit / 1024)} KB).`)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw new BodyError(413, `The submission is too large (limit ${Math.round(limit / 1024)} KB).`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

export function decodeUtf8(raw: Buffer, what = 'The submission'): string {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw)
  } catch {
    throw new BodyError(400, `${what} contained bytes that are not valid text (UTF-8).`)
  }
  // No text the newsroom keeps holds a NUL character (PostgreSQL's text cannot store one).
  if (text.includes('\u0000')) throw new BodyError(400, `${what} contains a NUL character, which no field can hold.`)
  return text
}

export function parseUrlEncoded(text: string): FormFields {
  const fields: FormFields = {}
  if (!text) return fields
  for (const pair of text.split('&')) {
    if (!pair) continue
    const at = pair.indexOf('=')
    const [rawKey, rawValue] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)]
    let key: string
    let value: string
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '))
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '))
    } catch {
      throw new BodyError(400, 'The form data was malformed (bad percent-encoding or invalid UTF-8).')
    }
    if (!(key in fields)) fields[key] = value
  }
  return withoutNul(fields)
}

/** A field with a NUL character (sent percent-encoded or as a JSON escape) is refused: no field can hold one. */
function withoutNul(fields: FormFields): FormFields {
  for (const [key, value] of Object.entries(fields))
    if (key.includes('\u0000') || value.includes('\u0000'))
      throw new BodyError(400, `The field "${key.split('\u0000').join('').slice(0, 40)}" contains a NUL character, which no field can hold.`)
  return fields
}

function parseJson(text: string): FormFields {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON.')
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new BodyError(400, 'The request body must be a JSON object.')
  const fields: FormFields = {}
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string') fields[key] = value
    else if (typeof value === 'number' && Number.isFinite(value)) fields[key] = String(value)
    else if (value !== null && value !== undefined) throw new BodyError(400, `The field "${key.slice(0, 40)}" must be text.`)
  }
  return withoutNul(fields)
}

/** Reads and drops whatever body a request has (a POST to a signed link needs none). */
export const discardBody = (req: Request): Promise<void> => new Promise<void>((resolve) => (req.readableEnded ? resolve() : req.on('end', resolve).on('error', resolve).resume()))

/** The fields of a urlencoded form or a JSON object. */
export async function readFields(req: Request, limit = 256 * 1024): Promise<FormFields> {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase()
  if (type !== 'application/x-www-form-urlencoded' && type !== 'application/json') {
    throw new BodyError(415, 'Send the comment as a web form (application/x-www-form-urlencoded) or as JSON.')
  }
  const text = decodeUtf8(await readRaw(req, limit))
  return type === 'application/json' ? parseJson(text) : parseUrlEncoded(text)
}

/** Whether the client asked for JSON rather than a page. */
export const wantsJson = (req: Request): boolean => req.accepts(['html', 'json']) === 'json' || String(req.headers['content-type'] ?? '').startsWith('application/json')
