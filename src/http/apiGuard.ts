/**
 * The door in front of Payload's REST and GraphQL API. Payload reads whatever body it is sent
 * and answers malformed ones with 500s (a truncated upload, a multipart form without its
 * boundary, `text/plain` where it expects JSON, a GraphQL fragment cycle that overflows its
 * stack), and it has no size limit on JSON at all. Here, before Payload sees it, a request's
 * body must have a declared length within its limit (413 is answered before the body is read),
 * a type Payload accepts, and content that parses; otherwise the answer is a 4xx with a
 * sentence. The body that passes is handed on to Payload exactly as it arrived.
 */
import { IncomingMessage } from 'node:http'

import busboy from 'busboy'
import type { Request, Response } from 'express'

import { BodyError, decodeUtf8, readRaw } from './body'
import { graphqlQueryProblem } from './graphqlChecks'

export type ApiLimits = {
  /** Largest JSON or form body, in bytes. */
  readonly bodyBytes: number
  /** Largest multipart body to an upload collection's endpoints, in bytes (the file and its fields). */
  readonly uploadBytes: number
  /** Paths (under /api) whose multipart bodies carry uploads. */
  readonly uploadPaths: ReadonlyArray<string>
}

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`

type MediaType = { readonly type: string; readonly boundary: string | null }
type Accepted = MediaType & { readonly limit: number }

function mediaType(header: string | undefined): MediaType {
  const [type = '', ...parameters] = (header ?? '').split(';')
  const boundary = parameters.map((parameter) => /^\s*boundary=("?)([^"]*)\1\s*$/i.exec(parameter)?.[2]).find((value) => value !== undefined)
  return { type: type.trim().toLowerCase(), boundary: boundary || null }
}

const isUploadPath = (limits: ApiLimits, path: string) => limits.uploadPaths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))

const isMethodOverride = (req: Request): boolean =>
  req.method === 'POST' && (req.headers['x-payload-http-method-override'] === 'GET' || req.headers['x-http-method-override'] === 'GET')

/** Refuses, from the headers alone, what cannot be accepted; otherwise the body's type. */
function checkHeaders(req: Request, limits: ApiLimits): Accepted | null {
  const declared = req.headers['content-length']
  if (declared === undefined) {
    if (req.headers['transfer-encoding']) throw new BodyError(411, 'Send the request body with a Content-Length header; bodies of unknown length are not accepted.')
    return null
  }
  const length = Number(declared)
  if (length === 0) return null
  const type = mediaType(req.headers['content-type'])
  const graphql = req.path === '/api/graphql'
  if (type.type === 'multipart/form-data') {
    if (graphql) throw new BodyError(415, 'Send GraphQL queries as JSON (Content-Type: application/json).')
    if (!type.boundary) throw new BodyError(400, 'The multipart form data has no boundary in its Content-Type header.')
  } else if (type.type === 'application/x-www-form-urlencoded') {
    // The admin's relationship fields ask for their options with a POST that Payload reads as a GET
    // (its query in the body, too long for a URL): only that form is accepted.
    if (!isMethodOverride(req)) throw new BodyError(415, 'Send the request body as JSON (Content-Type: application/json) or as multipart/form-data.')
  } else if (type.type !== 'application/json') {
    throw new BodyError(
      415,
      graphql ? 'Send GraphQL queries as JSON (Content-Type: application/json).' : 'Send the request body as JSON (Content-Type: application/json) or as multipart/form-data.',
    )
  }
  const limit = type.type === 'multipart/form-data' && isUploadPath(limits, req.path) ? limits.uploadBytes : limits.bodyBytes
  if (length > limit) throw new BodyError(413, `The request body is too large (at most ${mb(limit)}).`)
  return { ...type, limit }
}

function parseJson(body: Buffer, what: string): unknown {
  const text = decodeUtf8(body, what)
  let nul = false
  let parsed: unknown
  try {
    // `\u0000` in a JSON string is a NUL character once parsed: no field can store one.
    parsed = JSON.parse(text, (key, value: unknown) => {
      if (key.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000'))) nul = true
      return value
    })
  } catch (error) {
    throw new BodyError(400, `${what} is not valid JSON (${(error as Error).message.replace(/^Unexpected token/, 'unexpected character').slice(0, 120)}).`)
  }
  if (nul) throw new BodyError(400, `${what} contains a NUL character (\\u0000), which no field can hold.`)
  return parsed
}

/** Every part of a multipart body is read to its end; `_payload`, the document's fields, must be a JSON object. */
function checkMultipart(body: Buffer, req: Request, limit: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy
    try {
      parser = busboy({ headers: { 'content-type': req.headers['content-type'] ?? '' }, limits: { fieldSize: limit } })
    } catch (error) {
      return reject(new BodyError(400, `The multipart form data could not be read (${(error as Error).message}).`))
    }
    const payloadFields: string[] = []
    parser.on('field', (name, value) => name === '_payload' && payloadFields.push(value))
    // A part cut short fails its own stream as well as the parser: both are answered by the parser's error.
    parser.on('file', (_name, stream) => stream.on('error', () => undefined).resume())
    parser.on('error', (error: Error) => reject(new BodyError(400, `The multipart form data is malformed or cut short (${error.message}).`)))
    parser.on('close', () => {
      try {
        for (const field of payloadFields) {
          const data = parseJson(Buffer.from(field), 'The _payload field')
          if (!data || typeof data !== 'object' || Array.isArray(data)) throw new BodyError(400, 'The _payload field must be a JSON object of the document’s fields.')
        }
        resolve()
      } catch (error) {
        reject(error)
      }
    })
    parser.end(body)
  })
}

function checkGraphql(body: unknown): void {
  const operations = Array.isArray(body) ? body : [body]
  for (const operation of operations) {
    if (!operation || typeof operation !== 'object') throw new BodyError(400, 'Send a GraphQL request as a JSON object with a "query".')
    const query = (operation as { query?: unknown }).query
    if (typeof query !== 'string') throw new BodyError(400, 'The GraphQL request has no "query" text.')
    const problem = graphqlQueryProblem(query)
    if (problem) throw new BodyError(400, problem)
  }
}

/** Payload's sign-in endpoints, which read their credentials before any hook could check them. */
const AUTH_ENDPOINT = /^\/api\/[^/]+\/(?:login|forgot-password|reset-password|unlock|first-register)$/

function checkCredentials(body: unknown): void {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BodyError(400, 'Send the request body as a JSON object.')
  for (const field of ['email', 'username', 'password', 'token']) {
    const value = (body as Record<string, unknown>)[field]
    if (value !== undefined && value !== null && typeof value !== 'string') throw new BodyError(400, `The ${field} must be text.`)
  }
}

/** The same request with its (already read) body to read again, for Payload. */
function replay(req: Request, body: Buffer): IncomingMessage {
  const again = new IncomingMessage(req.socket)
  again.method = req.method
  again.url = req.originalUrl
  again.headers = req.headers
  again.rawHeaders = req.rawHeaders
  again.httpVersion = req.httpVersion
  again.httpVersionMajor = req.httpVersionMajor
  again.httpVersionMinor = req.httpVersionMinor
  again.complete = true
  // The body is all here: nothing more is read from the socket for this request, and ending
  // this copy early (as a handler may) must not end the connection, as it would for the original.
  const stream = again as unknown as { _read: () => void; _destroy: (error: Error | null, done: (error: Error | null) => void) => void }
  stream._read = () => undefined
  stream._destroy = (error, done) => done(error)
  again.push(body)
  again.push(null)
  return again
}

/**
 * The request to hand to Payload (the original, or a replay of its checked body), or null
 * when the request has been answered with a refusal.
 */
export async function guardApiRequest(req: Request, res: Response, limits: ApiLimits): Promise<IncomingMessage | null> {
  try {
    if (!WITH_BODY.has(req.method)) return req
    const type = checkHeaders(req, limits)
    if (!type) return req
    const body = await readRaw(req, type.limit)
    if (type.type === 'multipart/form-data') await checkMultipart(body, req, limits.uploadBytes)
    else if (type.type === 'application/x-www-form-urlencoded') decodeUtf8(body, 'The query')
    else {
      const data = parseJson(body, 'The request body')
      if (req.path === '/api/graphql') checkGraphql(data)
      else if (AUTH_ENDPOINT.test(req.path)) checkCredentials(data)
    }
    return replay(req, body)
  } catch (error) {
    if (!(error instanceof BodyError)) throw error
    // A body too large is not read: the connection ends after the answer instead.
    if (error.status === 413 || error.status === 411) res.setHeader('Connection', 'close')
    res
      .status(error.status)
      .setHeader('Cache-Control', 'no-store')
      .json({ errors: [{ message: error.message }] })
    return null
  }
}
