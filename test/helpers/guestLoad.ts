/**
 * Guests posting through the real comment form, many at once: each post a distinct guest
 * (name, email) from a distinct address (the server trusts its loopback proxy), answered as
 * JSON. Counts what came back, and how connections failed: a reset is a connection the
 * server accepted and then dropped; a refusal is one it never accepted.
 */
import http from 'node:http'

export type FormTokens = { cookie: string; fields: string; origin: string }

/**
 * A browser's first visit to an article: the form's time field (urlencoded), and the origin a
 * browser names when it posts the form. The shared page sets no cookie and carries no CSRF
 * token: a browser's Origin and Fetch Metadata headers say the form came from the site.
 */
export async function formTokens(articleUrl: string): Promise<FormTokens> {
  const response = await fetch(articleUrl)
  const html = await response.text()
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .join('; ')
  const time = new RegExp(`name="_ts" value="([^"]+)"`).exec(html)?.[1]
  if (!time) throw new Error(`no comment form on ${articleUrl} (${response.status})`)
  if (cookie) throw new Error(`the shared page set a cookie: ${cookie}`)
  return { cookie, fields: new URLSearchParams({ _ts: time }).toString(), origin: new URL(articleUrl).origin }
}

/** Guest number `n`: who they are, where they post from, what they write. */
export function guestComment(n: number, tokens: FormTokens, text = `Comment ${n}: patch the edge devices first, then rotate every credential the attackers could have read.`) {
  const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
  const body = `${new URLSearchParams({ author: `Guest ${n}`, email: `guest${n}@readers.example`, url: '', comment: text, comment_parent: '0' }).toString()}&${tokens.fields}`
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      origin: tokens.origin,
      'sec-fetch-site': 'same-origin',
      'x-forwarded-for': address,
    },
  }
}

export type LoadResult = {
  /** Ids the server answered 201 for: acknowledged as stored. */
  acknowledged: string[]
  statuses: Record<number, number>
  resets: number
  refused: number
  otherErrors: string[]
  /** Bodies of 5xx answers, for the failure message. */
  serverErrors: string[]
}

type PostOptions = {
  url: string
  slug: string
  tokens: FormTokens
  count: number
  concurrency: number
  firstGuest: number
  /** A new connection per post (as separate browsers), instead of keep-alive. */
  freshConnections?: boolean
  /** Called once every post has been sent whole on an open connection (not yet answered). */
  onAllSent?: () => void
}

/** `onSent`: the whole request has been handed to the operating system (its connection is open). */
function post(target: URL, agent: http.Agent | false, request: ReturnType<typeof guestComment>, onSent: () => void): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(target, { method: 'POST', agent, headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) } }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      response.on('error', reject)
    })
    outgoing.on('error', reject)
    outgoing.once('finish', onSent)
    outgoing.end(request.body)
  })
}

export async function postGuestComments(options: PostOptions): Promise<LoadResult> {
  const target = new URL(`/articles/${options.slug}/comments`, options.url)
  const agent = options.freshConnections ? false : new http.Agent({ keepAlive: true, maxSockets: options.concurrency })
  const result: LoadResult = { acknowledged: [], statuses: {}, resets: 0, refused: 0, otherErrors: [], serverErrors: [] }
  let next = 0
  let sent = 0
  const worker = async () => {
    while (next < options.count) {
      const n = options.firstGuest + next
      next += 1
      const sending = post(target, agent, guestComment(n, options.tokens), () => {
        sent += 1
        if (sent === options.count) options.onAllSent?.()
      })
      try {
        const { status, body } = await sending
        result.statuses[status] = (result.statuses[status] ?? 0) + 1
        if (status === 201) result.acknowledged.push(String((JSON.parse(body) as { id: string }).id))
        if (status >= 500) result.serverErrors.push(body.slice(0, 300))
      } catch (error) {
        const code = (error as { code?: string }).code
        if (code === 'ECONNRESET' || code === 'EPIPE') result.resets += 1
        else if (code === 'ECONNREFUSED') result.refused += 1
        else result.otherErrors.push(`${code ?? ''} ${(error as Error).message}`)
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker))
  if (agent) agent.destroy()
  return result
}
