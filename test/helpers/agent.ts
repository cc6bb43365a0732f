/**
 * A browser without a screen, for protocol tests: a cookie jar per host, redirects followed
 * one at a time (so each hop can be inspected or tampered with), forms posted as browsers do.
 */
export type Hop = { url: string; status: number; location: string | null; body: string }

export class Agent {
  private readonly jar = new Map<string, Map<string, string>>()
  constructor(readonly ip = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`) {}

  cookies(url: string): Map<string, string> {
    const host = new URL(url).host
    let cookies = this.jar.get(host)
    if (!cookies) this.jar.set(host, (cookies = new Map()))
    return cookies
  }

  async request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Hop> {
    const cookies = this.cookies(url)
    const headers: Record<string, string> = { 'X-Forwarded-For': this.ip, ...init.headers }
    if (cookies.size) headers.Cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    let body: string | undefined
    if (init.form) {
      body = new URLSearchParams(init.form).toString()
      headers['Content-Type'] = 'application/x-www-form-urlencoded'
      headers.Origin ??= new URL(url).origin
      // An empty Origin stands for a browser that sends none.
      if (headers.Origin === '') delete headers.Origin
    }
    const response = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair!.indexOf('=')
      const name = pair!.slice(0, at).trim()
      const value = pair!.slice(at + 1)
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') cookies.delete(name)
      else cookies.set(name, value)
    }
    const location = response.headers.get('location')
    return { url, status: response.status, location: location ? new URL(location, url).href : null, body: await response.text() }
  }

  /** Follows redirects from `url` until a page answers, or `stop` says the next address is far enough. */
  async follow(url: string, stop: (next: string) => boolean = () => false): Promise<{ hop: Hop; stoppedAt: string | null }> {
    let hop = await this.request(url)
    for (let hops = 0; hops < 15 && hop.location; hops++) {
      if (stop(hop.location)) return { hop, stoppedAt: hop.location }
      hop = await this.request(hop.location)
    }
    return { hop, stoppedAt: null }
  }
}

/** The `/interaction/<uid>` page's form target for an action (login, confirm, abort). */
export function interactionAction(hop: Hop, action: 'login' | 'confirm' | 'abort'): string {
  const match = new RegExp(`action="([^"]*/interaction/[^"/]+/${action})"`).exec(hop.body)
  if (!match) throw new Error(`no ${action} form on ${hop.url}: ${hop.body.slice(0, 300)}`)
  return new URL(match[1]!.replace(/&amp;/g, '&'), hop.url).href
}

export type SignInRun = {
  /** The provider's authorization request, as the newsroom built it. */
  authorize: URL
  /** The redirect back to the newsroom (not yet followed). */
  callback: string
}

/**
 * Clicks a login icon and goes through the provider's login and consent pages, stopping just
 * before the redirect back to the newsroom.
 */
export async function throughProvider(
  agent: Agent,
  siteUrl: string,
  provider: string,
  options: { returnTo?: string; account?: string; consent?: 'allow' | 'cancel' } = {},
): Promise<SignInRun> {
  const start = await agent.request(`${siteUrl}/auth/${provider}?returnTo=${encodeURIComponent(options.returnTo ?? '/')}`)
  if (start.status !== 302 || !start.location) throw new Error(`sign-in did not start: ${start.status} ${start.location ?? start.body.slice(0, 300)}`)
  const authorize = new URL(start.location)
  const backHome = (next: string) => next.startsWith(`${siteUrl}/auth/${provider}/callback`)
  let { hop, stoppedAt } = await agent.follow(authorize.href, backHome)
  if (stoppedAt) return { authorize, callback: stoppedAt }
  if (/name="account"/.test(hop.body)) {
    const login = await agent.request(interactionAction(hop, 'login'), { form: { account: options.account ?? 'ada' } })
    ;({ hop, stoppedAt } = login.location ? await agent.follow(login.location, backHome) : { hop: login, stoppedAt: null })
    if (stoppedAt) return { authorize, callback: stoppedAt }
  }
  const decided = await agent.request(interactionAction(hop, options.consent === 'cancel' ? 'abort' : 'confirm'), { form: {} })
  if (!decided.location) throw new Error(`consent answered ${decided.status}: ${decided.body.slice(0, 300)}`)
  if (backHome(decided.location)) return { authorize, callback: decided.location }
  const after = await agent.follow(decided.location, backHome)
  if (!after.stoppedAt) throw new Error(`the provider did not send the reader back: ${after.hop.status} ${after.hop.body.slice(0, 300)}`)
  return { authorize, callback: after.stoppedAt }
}
