/**
 * Reader sign-in at the protocol level, against a real OpenID / OAuth 2.0 provider
 * (oidc-provider) on its own port, configured through the AUTH_* endpoint overrides: each
 * preset's flow, the identities it leaves, and every refusal the issue lists.
 */
import { readProviders } from '../../src/auth/providers'
import { ReaderAccounts } from '../../src/auth/readerAccounts'
import { csrfToken, signedTime } from '../../src/security/csrf'
import { seedDemoContent } from '../../src/seed/seed'
import { Agent, throughProvider } from '../helpers/agent'
import { startIdentityProvider, PRESETS, type LocalIdentityProvider } from '../helpers/identityProvider'
import { bootNewsroom, type TestNewsroom } from '../helpers/newsroom'
import { startRogueProvider, type RogueProvider } from '../helpers/rogueProvider'
import { serveSite, type TestSite } from '../helpers/site'

let newsroom: TestNewsroom
let site: TestSite
let idp: LocalIdentityProvider
let slug: string

beforeAll(async () => {
  newsroom = await bootNewsroom()
  await seedDemoContent(newsroom.payload, { password: 'demo password for sign-in tests' })
  site = await serveSite(newsroom, {
    auth: async (origin) => {
      idp = await startIdentityProvider(origin)
      return { providers: idp.providers(), sessionDays: 30 }
    },
  })
  const { docs } = await newsroom.payload.find({ collection: 'articles', where: { _status: { equals: 'published' } }, limit: 1, overrideAccess: true })
  slug = docs[0]!.slug as string
  await newsroom.payload.updateGlobal({ slug: 'comment-policy', data: { floodSeconds: 0 }, overrideAccess: true })
})

afterAll(async () => {
  await site?.close()
  await idp?.close()
  await newsroom?.close()
})

const readers = async () => (await newsroom.payload.find({ collection: 'readers', limit: 100, overrideAccess: true, depth: 0 })).docs as Array<Record<string, any>> // eslint-disable-line @typescript-eslint/no-explicit-any -- stored documents are inspected field by field

describe.each(PRESETS)('signing in with %s', (preset) => {
  test('goes to the provider with state, PKCE and nonce as the protocol asks, and comes back signed in', async () => {
    const agent = new Agent()
    const returnTo = `/articles/${slug}#respond`
    const run = await throughProvider(agent, site.url, preset, { returnTo, account: 'grace' })
    const params = run.authorize.searchParams
    expect(params.get('redirect_uri')).toBe(`${site.url}/auth/${preset}/callback`)
    expect(params.get('state')).toMatch(/^[\w-]{32,}$/)
    expect(params.get('response_type')).toBe('code')
    if (preset === 'wordpress') expect(params.has('code_challenge')).toBe(false)
    else {
      expect(params.get('code_challenge_method')).toBe('S256')
      expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/)
    }
    expect(params.has('nonce')).toBe(preset === 'google')
    const back = await agent.request(run.callback)
    expect(back.status).toBe(303)
    expect(back.location).toBe(`${site.url}${returnTo}`)
    expect(agent.cookies(site.url).get('newsroom_reader')).toMatch(/^[\w-]{40,}$/)
    const page = await agent.request(`${site.url}/articles/${slug}`)
    const label = { google: 'Google', wordpress: 'WordPress.com', twitter: 'X', facebook: 'Facebook' }[preset as string]
    expect(page.body).toContain(`You are commenting using your ${label} account.`)
    expect(page.body).toContain('Grace Hopper')
    // The provider's picture, fetched once and served from this site.
    const avatar = /<img class="avatar" src="(\/avatars\/readers\/[^"]+\.webp)"/.exec(page.body)?.[1]
    expect(avatar).toBeDefined()
    const image = await fetch(`${site.url}${avatar}`)
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/webp')
    expect(image.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const stale = await fetch(`${site.url}${avatar!.replace(/-[0-9a-f]{16}\.webp$/, '-0000000000000000.webp')}`)
    expect([stale.status, stale.headers.get('cache-control')]).toEqual([200, 'public, max-age=300'])
    expect((await fetch(`${site.url}/avatars/readers/00000000-0000-0000-0000-000000000000-0000000000000000.webp`)).status).toBe(404)
  })
})

/** A comment posted from the agent's browser with valid form tokens (as if read for 10 s). */
async function postAsAgent(agent: Agent, path: string, fields: Record<string, string>) {
  const page = await agent.request(`${site.url}${path.startsWith('/account') ? '/account' : `/articles/${slug}`}`)
  expect(page.status).toBe(200)
  const csrf = agent.cookies(site.url).get('newsroom_csrf')!
  const secret = newsroom.payload.secret
  return agent.request(`${site.url}${path}`, { form: { _csrf: csrfToken(secret, csrf), _ts: signedTime(secret, new Date(Date.now() - 10_000)), ...fields } })
}

async function signedIn(preset: string, account: string, agent = new Agent()) {
  const run = await throughProvider(agent, site.url, preset, { returnTo: `/articles/${slug}#respond`, account })
  const back = await agent.request(run.callback)
  expect(back.status).toBe(303)
  return agent
}

const noticeOf = (location: string | null) => new URL(location ?? 'http://x/').searchParams.get('notice')

describe('returnTo accepts only paths on this site', () => {
  test.each([
    '//evil.example',
    'https://evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '%2F%2Fevil.example',
    '/%2F%2Fevil.example',
    '/%2Fevil.example',
    '/%5Cevil.example',
    '/%255C%255Cevil.example',
    '%2f%5cevil.example',
    'javascript:alert(1)',
    '/\tevil',
    ' /articles',
    'evil.example',
  ])('refuses %j before anything reaches the provider', async (returnTo) => {
    const response = await new Agent().request(`${site.url}/auth/google?returnTo=${encodeURIComponent(returnTo)}`)
    expect(response.status).toBe(400)
    expect(response.location).toBeNull()
    expect(response.body).toContain('The page to return to after signing in is not on this site')
  })

  test('keeps a path, its query and its fragment', async () => {
    const run = await throughProvider(new Agent(), site.url, 'google', { returnTo: `/articles/${slug}?replytocom=abc#respond` })
    expect(run.callback).toContain('/auth/google/callback?')
  })

  test('one network address may have 60 sign-ins under way; the next is a 429 with words', async () => {
    const agent = new Agent('10.99.99.99')
    for (let started = 0; started < 60; started++) expect((await agent.request(`${site.url}/auth/twitter?returnTo=/`)).status).toBe(302)
    const refused = await agent.request(`${site.url}/auth/twitter?returnTo=/`)
    expect(refused.status).toBe(429)
    expect(refused.body).toContain('Too many sign-ins have been started from your network in the last ten minutes.')
    // Another address is not affected.
    expect((await new Agent('10.99.99.98').request(`${site.url}/auth/twitter?returnTo=/`)).status).toBe(302)
  })

  test('an unconfigured provider is a 404 with words, not a redirect', async () => {
    const response = await new Agent().request(`${site.url}/auth/myspace?returnTo=/`)
    expect(response.status).toBe(404)
    expect(response.body).toContain('This site does not offer that way to sign in.')
  })
})

describe('state: bound to the browser, single use, ten minutes', () => {
  test('a callback without a state, or with one this site never issued, is refused', async () => {
    for (const query of ['code=abc', 'code=abc&state=made-up-state']) {
      const response = await new Agent().request(`${site.url}/auth/google/callback?${query}`)
      expect(response.status).toBe(400)
      expect(response.body).toContain('This sign-in link is not valid')
    }
  })

  test('a callback is used once: replaying it is refused', async () => {
    const agent = new Agent()
    const run = await throughProvider(agent, site.url, 'google', { returnTo: `/articles/${slug}` })
    expect((await agent.request(run.callback)).status).toBe(303)
    const replay = await agent.request(run.callback)
    expect(replay.status).toBe(400)
    expect(replay.body).toContain('It has already been used')
  })

  test('a callback finished in another browser is refused (login CSRF), and the state is spent', async () => {
    const victim = new Agent()
    const attacker = new Agent()
    const run = await throughProvider(attacker, site.url, 'google', { returnTo: `/articles/${slug}`, account: 'alan' })
    const forced = await victim.request(run.callback)
    expect(forced.status).toBe(400)
    expect(forced.body).toContain('started in another browser')
    expect(victim.cookies(site.url).has('newsroom_reader')).toBe(false)
    expect((await attacker.request(run.callback)).status).toBe(400)
  })

  test('a sign-in older than ten minutes goes back to the article with a message', async () => {
    const agent = new Agent()
    const run = await throughProvider(agent, site.url, 'google', { returnTo: `/articles/${slug}#respond` })
    await newsroom.payload.db.updateMany({ collection: 'sign-in-attempts', where: {}, data: { expiresAt: new Date(Date.now() - 1000).toISOString() } })
    const back = await agent.request(run.callback)
    expect(back.status).toBe(303)
    expect(noticeOf(back.location)).toBe('signin-expired.google')
    const page = await agent.request(back.location!)
    expect(page.body).toContain('Signing in with Google took longer than ten minutes')
  })
})

describe('provider errors bring the reader back to the article with a clear message', () => {
  test('access_denied: the reader cancelled at the provider', async () => {
    const agent = new Agent()
    const run = await throughProvider(agent, site.url, 'facebook', { returnTo: `/articles/${slug}#respond`, consent: 'cancel' })
    expect(new URL(run.callback).searchParams.get('error')).toBe('access_denied')
    const back = await agent.request(run.callback)
    expect(back.status).toBe(303)
    expect(back.location).toBe(`${site.url}/articles/${slug}?notice=signin-denied.facebook#respond`)
    const page = await agent.request(back.location!)
    expect(page.status).toBe(200)
    expect(page.body).toContain('You cancelled signing in with Facebook.')
    expect(agent.cookies(site.url).has('newsroom_reader')).toBe(false)
  })

  test('an invalid code is refused by the provider and reported as a failed sign-in', async () => {
    const agent = new Agent()
    const run = await throughProvider(agent, site.url, 'twitter', { returnTo: `/articles/${slug}` })
    const forged = new URL(run.callback)
    forged.searchParams.set('code', 'not-a-code-the-provider-issued')
    const back = await agent.request(forged.href)
    expect(back.status).toBe(303)
    expect(noticeOf(back.location)).toBe('signin-failed.twitter')
    expect((await agent.request(back.location!)).body).toContain('Signing in with X did not work')
  })

  test('PKCE is enforced: a code redeemed without the verifier it was issued for is refused', async () => {
    const agent = new Agent()
    const run = await throughProvider(agent, site.url, 'google', { returnTo: `/articles/${slug}` })
    // As if the code had been stolen and redeemed with another verifier.
    await newsroom.payload.db.updateMany({ collection: 'sign-in-attempts', where: {}, data: { codeVerifier: 'x'.repeat(43) } })
    const back = await agent.request(run.callback)
    expect(noticeOf(back.location)).toBe('signin-failed.google')
    expect(agent.cookies(site.url).has('newsroom_reader')).toBe(false)
  })

  test('the redirect URI is exact: the provider will not send a code anywhere else', async () => {
    const agent = new Agent()
    const start = await agent.request(`${site.url}/auth/google?returnTo=/`)
    const tampered = new URL(start.location!)
    for (const elsewhere of [`${site.url}/auth/google/callback/../../evil`, `${site.url}/auth/google/callback?x=1`, 'https://evil.example/auth/google/callback']) {
      tampered.searchParams.set('redirect_uri', elsewhere)
      const answer = await agent.request(tampered.href)
      expect(answer.location ?? '').not.toContain('code=')
      expect(answer.status).toBe(400)
    }
  })

  test('a replayed code (under a fresh state) is refused', async () => {
    const agent = new Agent()
    const first = await throughProvider(agent, site.url, 'google', { returnTo: `/articles/${slug}` })
    expect((await agent.request(first.callback)).status).toBe(303)
    const second = await throughProvider(agent, site.url, 'google', { returnTo: `/articles/${slug}` })
    const replayed = new URL(second.callback)
    replayed.searchParams.set('code', new URL(first.callback).searchParams.get('code')!)
    const back = await agent.request(replayed.href)
    expect(noticeOf(back.location)).toBe('signin-failed.google')
  })

  test('an unreachable provider: at the start, and between the consent and the token', async () => {
    const agent = new Agent()
    const run = await throughProvider(agent, site.url, 'wordpress', { returnTo: `/articles/${slug}` })
    await idp.stop()
    try {
      const back = await agent.request(run.callback)
      expect(back.status).toBe(303)
      expect(noticeOf(back.location)).toBe('signin-unreachable.wordpress')
      expect((await agent.request(back.location!)).body).toContain('We could not reach WordPress.com to sign you in.')
      // The generic provider has not been discovered yet: its discovery document is out of reach.
      const start = await agent.request(`${site.url}/auth/oidc?returnTo=${encodeURIComponent(`/articles/${slug}`)}`)
      expect(start.status).toBe(303)
      expect(noticeOf(start.location)).toBe('signin-unreachable.oidc')
      expect((await agent.request(start.location!)).body).toContain('We could not reach Newsroom SSO to sign you in.')
    } finally {
      await idp.start()
    }
    // Back again: the same provider works.
    await signedIn('oidc', 'ada')
  })
})

describe('identities', () => {
  test('the same provider and subject is always the same reader, and each sign-in is a new session', async () => {
    const before = await readers()
    const first = await signedIn('google', 'grace')
    const token = first.cookies(site.url).get('newsroom_reader')
    await signedIn('google', 'grace', first)
    const rotated = first.cookies(site.url).get('newsroom_reader')
    expect(rotated).not.toBe(token)
    const stale = new Agent()
    stale.cookies(site.url).set('newsroom_reader', token!)
    expect((await stale.request(`${site.url}/articles/${slug}`)).body).not.toContain('You are commenting using')
    const holders = (await readers()).filter((reader) => reader.identities.some((identity: { key: string }) => identity.key === 'google:grace'))
    expect(holders).toHaveLength(1)
    expect((await readers()).length).toBe(before.length + (before.some((reader) => reader.identities.some((identity: { key: string }) => identity.key === 'google:grace')) ? 0 : 1))
  })

  test('a verified email links a second provider; an unverified one, or none, never does', async () => {
    await signedIn('google', 'ada')
    await signedIn('wordpress', 'ada')
    await signedIn('google', 'alan')
    await signedIn('wordpress', 'alan')
    await signedIn('twitter', 'ada')
    const all = await readers()
    const adas = all.filter((reader) => reader.displayName === 'Ada Lovelace')
    const linked = adas.find((reader) => reader.identities.length >= 2)!
    expect(linked.identities.map((identity: { provider: string }) => identity.provider).sort()).toEqual(expect.arrayContaining(['google', 'wordpress']))
    expect(linked.identities.every((identity: { emailVerified: boolean }) => identity.emailVerified)).toBe(true)
    // X shares no email: a reader of its own.
    expect(adas.some((reader) => reader.identities.length === 1 && reader.identities[0].provider === 'twitter')).toBe(true)
    // Alan's address is not verified: two readers, never one.
    expect(all.filter((reader) => reader.displayName === 'Alan Turing').length).toBeGreaterThanOrEqual(2)
    expect(all.filter((reader) => reader.displayName === 'Alan Turing').every((reader) => reader.identities.length === 1)).toBe(true)
  })
})

describe('a signed-in reader', () => {
  test('comments as themselves, held for moderation, with the provider mark', async () => {
    const agent = await signedIn('facebook', 'grace')
    const response = await postAsAgent(agent, `/articles/${slug}/comments`, { comment: 'Signed in with Facebook, first comment.', comment_parent: '0', website: '' })
    expect(response.status).toBe(303)
    const id = /#comment-(.+)$/.exec(response.location ?? '')?.[1]
    const stored = (await newsroom.payload.findByID({ collection: 'comments', id: id!, overrideAccess: true, depth: 0 })) as Record<string, unknown>
    expect(stored).toMatchObject({ authorKind: 'reader', authorName: 'Grace Hopper', status: 'pending', signedInWith: 'facebook' })
    const page = await agent.request(`${site.url}/articles/${slug}`)
    expect(page.body).toContain('Your comment is awaiting moderation.')
    expect(page.body).toContain('Signed in with Facebook')
    // The moderator sees who it is and how they signed in.
    const moderator = await newsroom.login('moderator@newsroom.test', 'demo password for sign-in tests')
    const queue = await newsroom.rest('GET', '/newsroom/moderation/queue?tab=pending', { token: moderator })
    expect(queue.json.rows.find((row: { id: string }) => row.id === id).author).toMatchObject({ kind: 'reader', name: 'Grace Hopper', signedInWith: 'Facebook' })
    // Beside the comment, the reader's own picture rather than an identicon.
    expect(page.body).toMatch(new RegExp(`<li id="comment-${id}"[^]*?<img class="avatar" src="/avatars/readers/[\\w-]+-[0-9a-f]{16}\\.webp"`))
  })

  test('their session never opens a staff API', async () => {
    const agent = await signedIn('google', 'ada')
    const cookie = `newsroom_reader=${agent.cookies(site.url).get('newsroom_reader')}`
    expect((await newsroom.rest('GET', '/users', { headers: { Cookie: cookie } })).status).toBe(403)
    expect((await newsroom.rest('GET', '/users/me', { headers: { Cookie: cookie } })).json.user).toBeNull()
    expect((await newsroom.rest('GET', '/newsroom/moderation/queue', { headers: { Cookie: cookie } })).status).toBe(401)
    expect((await newsroom.rest('GET', '/articles?draft=true&where[_status][equals]=draft', { headers: { Cookie: cookie } })).json.docs ?? []).toHaveLength(0)
  })

  test('the session cookie is HttpOnly, SameSite=Lax and lasts the configured days', async () => {
    const agent = new Agent()
    const run = await throughProvider(agent, site.url, 'google', { returnTo: '/' })
    const response = await fetch(run.callback, { redirect: 'manual', headers: { Cookie: [...agent.cookies(site.url)].map(([k, v]) => `${k}=${v}`).join('; ') } })
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('newsroom_reader='))!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).toMatch(/Max-Age=2592000/)
    expect(cookie).not.toMatch(/Secure/) // plain http in tests; https origins get Secure
  })

  test('an expired session signs nobody in, and is cleared when the next session starts', async () => {
    const agent = await signedIn('google', 'grace')

    await newsroom.payload.db.updateMany({ collection: 'reader-sessions', where: {}, data: { expiresAt: new Date(Date.now() - 1000).toISOString() } })
    expect((await agent.request(`${site.url}/articles/${slug}`)).body).not.toContain('You are commenting using')
    await signedIn('google', 'grace')
    const { docs } = await newsroom.payload.find({ collection: 'reader-sessions', limit: 100, overrideAccess: true })
    expect(docs.every((session) => Date.parse(String(session.expiresAt)) > Date.now())).toBe(true)
    expect(docs).toHaveLength(1)
  })

  test('Change signs out and shows the icons and guest fields again', async () => {
    const agent = await signedIn('twitter', 'grace')
    const response = await postAsAgent(agent, '/auth/logout', { returnTo: `/articles/${slug}#respond`, then: 'change' })
    expect(response.status).toBe(303)
    expect(response.location).toBe(`${site.url}/articles/${slug}#respond`)
    const page = await agent.request(response.location!)
    expect(page.body).toContain('Fill in your details below or click an icon to log in:')
    expect(page.body).toContain('aria-label="Log in with X"')
  })
})

describe('your account', () => {
  test('lists the identities, unlinks one, refuses to unlink the last, and deletes the account keeping its comments anonymised', async () => {
    await signedIn('wordpress', 'ada')
    const fresh = new Agent()
    const run = await throughProvider(fresh, site.url, 'google', { returnTo: '/account', account: 'ada' })
    await fresh.request(run.callback)
    let page = await fresh.request(`${site.url}/account`)
    expect(page.status).toBe(200)
    expect(page.body).toContain('How you sign in')
    expect(page.body).toContain('ada@readers.example')

    const mine = (await readers()).find((reader) => reader.identities.some((identity: { key: string }) => identity.key === 'google:ada'))!
    expect(mine.identities.length).toBeGreaterThanOrEqual(2)
    const comment = await postAsAgent(fresh, `/articles/${slug}/comments`, { comment: 'A comment that outlives its account.', comment_parent: '0', website: '' })
    const commentId = /#comment-(.+)$/.exec(comment.location ?? '')![1]!

    // Unlink every identity but one, then the last is refused with words. Sessions started
    // through an unlinked sign-in end with it.
    const throughWordPress = await signedIn('wordpress', 'ada')
    expect((await throughWordPress.request(`${site.url}/account`)).body).toContain('How you sign in')
    for (const identity of mine.identities.slice(1)) {
      const unlinked = await postAsAgent(fresh, `/account/identities/${identity.id}/unlink`, {})
      expect(unlinked.status).toBe(303)
      expect(unlinked.location).toBe(`${site.url}/account?notice=unlinked`)
    }
    expect(mine.identities.slice(1).map((identity: { provider: string }) => identity.provider)).toContain('wordpress')
    expect((await throughWordPress.request(`${site.url}/account`)).body).toContain('You are not signed in.')
    expect((await fresh.request(`${site.url}/account?notice=unlinked`)).body).toContain('any session started with it has ended')
    const last = await postAsAgent(fresh, `/account/identities/${mine.identities[0].id}/unlink`, {})
    expect(last.status).toBe(409)
    expect(last.body).toContain('This is the only way you sign in, so it cannot be unlinked.')

    // Deleting needs the box ticked; without it, nothing is deleted.
    const unconfirmed = await postAsAgent(fresh, '/account/delete', {})
    expect(unconfirmed.status).toBe(400)
    expect(unconfirmed.body).toContain('Nothing was deleted.')
    const deleted = await postAsAgent(fresh, '/account/delete', { confirm: 'yes' })
    expect(deleted.status).toBe(303)
    page = await fresh.request(deleted.location!)
    expect(page.body).toContain('Your account has been deleted.')
    expect(await newsroom.payload.findByID({ collection: 'readers', id: mine.id, overrideAccess: true, disableErrors: true })).toBeNull()
    const kept = (await newsroom.payload.findByID({ collection: 'comments', id: commentId, overrideAccess: true, depth: 0 })) as Record<string, unknown>
    expect(kept).toMatchObject({ authorName: 'Former reader', reader: null, authorUrl: null, body: 'A comment that outlives its account.' })
    expect(kept.ipHash ?? null).toBeNull()
  })

  test('account forms must come from this site (Origin, or the CSRF token when a browser sends none) and need a session', async () => {
    const agent = await signedIn('google', 'grace')
    const forged = await agent.request(`${site.url}/account/delete`, { form: { confirm: 'yes' }, headers: { Origin: 'https://evil.example' } })
    expect(forged.status).toBe(403)
    const unsaid = await agent.request(`${site.url}/account/delete`, { form: { confirm: 'yes' }, headers: { Origin: '' } })
    expect(unsaid.status).toBe(403)
    expect((await readers()).some((reader) => reader.displayName === 'Grace Hopper')).toBe(true)
    const anonymous = await postAsAgent(new Agent(), '/account/delete', { confirm: 'yes' })
    expect(anonymous.status).toBe(401)
    expect(anonymous.body).toContain('You are not signed in')
    expect(anonymous.body).toContain('You are not signed in (your session may have expired). Sign in and try again.')
  })
})

describe('the ID token is checked: signature, issuer, audience, expiry, nonce', () => {
  let rogue: RogueProvider
  let rogueSite: TestSite

  beforeAll(async () => {
    rogue = await startRogueProvider('rogue-client')
    rogueSite = await serveSite(newsroom, {
      auth: () => ({ providers: readProviders({ AUTH_OIDC_CLIENT_ID: 'rogue-client', AUTH_OIDC_CLIENT_SECRET: 'rogue-secret', AUTH_OIDC_ISSUER: rogue.issuer }), sessionDays: 30 }),
    })
  })
  afterAll(async () => {
    await rogueSite?.close()
    await rogue?.close()
  })

  test.each(['valid', 'bad-signature', 'wrong-issuer', 'wrong-audience', 'expired', 'wrong-nonce', 'unsigned'] as const)('%s', async (flaw) => {
    rogue.flaw = flaw
    const agent = new Agent()
    const start = await agent.request(`${rogueSite.url}/auth/oidc?returnTo=${encodeURIComponent(`/articles/${slug}`)}`)
    expect(start.status).toBe(302)
    const { hop } = await agent.follow(start.location!, (next) => next.startsWith(rogueSite.url))
    const back = await agent.request(hop.location!)
    expect(back.status).toBe(303)
    if (flaw === 'valid') {
      expect(noticeOf(back.location)).toBeNull()
      expect(agent.cookies(rogueSite.url).has('newsroom_reader')).toBe(true)
    } else {
      expect(noticeOf(back.location)).toBe('signin-failed.oidc')
      expect(agent.cookies(rogueSite.url).has('newsroom_reader')).toBe(false)
    }
  })
})

test('two first sign-ins of the same identity at once make one reader', async () => {
  const accounts = new ReaderAccounts(newsroom.payload)
  const profile = { subject: 'twin-tabs', displayName: 'Twin Tabs', email: null, emailVerified: false, profileUrl: null, avatarUrl: null }
  const results = await Promise.all([accounts.readerForSignIn('twitter', profile), accounts.readerForSignIn('twitter', profile), accounts.readerForSignIn('twitter', profile)])
  expect(new Set(results.map((result) => result.readerId)).size).toBe(1)
  expect(results.map((result) => result.outcome).sort()).toEqual(['new', 'returning', 'returning'])
  const holders = (await readers()).filter((reader) => reader.identities.some((identity: { key: string }) => identity.key === 'twitter:twin-tabs'))
  expect(holders).toHaveLength(1)
})
