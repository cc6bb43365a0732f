/** The sign-in core: provider configuration from the environment, return paths, account linking, profiles, notices. */
import { chooseReader, identityKey } from '../../src/auth/linking'
import { facebookProfile, profileFromClaims, readProviders, twitterProfile, wordpressProfile } from '../../src/auth/providers'
import { safeReturnTo, withNotice } from '../../src/auth/returnTo'
import { ConfigurationError, parseSessionDays } from '../../src/config/environment'
import { noticeTexts, providerOrigins } from '../../src/site/notices'

const creds = (id: string) => ({ [`AUTH_${id}_CLIENT_ID`]: 'client', [`AUTH_${id}_CLIENT_SECRET`]: 'secret' })

describe('readProviders', () => {
  test('nothing configured: no providers, no icons', () => {
    expect(readProviders({})).toEqual([])
  })

  test('each preset with only its id and secret uses the real service', () => {
    const providers = readProviders({ ...creds('GOOGLE'), ...creds('WORDPRESS'), ...creds('TWITTER'), ...creds('FACEBOOK') })
    expect(providers.map((provider) => [provider.id, provider.label, provider.protocol, provider.pkce])).toEqual([
      ['wordpress', 'WordPress.com', 'oauth2', false],
      ['google', 'Google', 'oidc', true],
      ['twitter', 'X', 'oauth2', true],
      ['facebook', 'Facebook', 'oauth2', true],
    ])
    expect(providers.find((provider) => provider.id === 'google')?.issuer).toBe('https://accounts.google.com')
    expect(providers.find((provider) => provider.id === 'twitter')?.endpoints?.token).toBe('https://api.x.com/2/oauth2/token')
    expect(providers.every((provider) => !provider.development)).toBe(true)
  })

  test('endpoint overrides point a preset elsewhere', () => {
    const [wordpress] = readProviders({
      ...creds('WORDPRESS'),
      AUTH_WORDPRESS_AUTHORIZATION_URL: 'https://wp.example/oauth2/authorize',
      AUTH_WORDPRESS_TOKEN_URL: 'https://wp.example/oauth2/token',
      AUTH_WORDPRESS_USERINFO_URL: 'https://wp.example/me',
    })
    expect(wordpress?.endpoints).toEqual({ authorization: 'https://wp.example/oauth2/authorize', token: 'https://wp.example/oauth2/token', userinfo: 'https://wp.example/me' })
    const [sso] = readProviders({ ...creds('OIDC'), AUTH_OIDC_ISSUER: 'https://sso.example.org/', AUTH_OIDC_LABEL: 'Newsroom SSO' })
    expect(sso).toMatchObject({ id: 'oidc', label: 'Newsroom SSO', issuer: 'https://sso.example.org' })
  })

  test.each([
    [{ AUTH_GOOGLE_CLIENT_ID: 'x' }, 'AUTH_GOOGLE_CLIENT_ID and AUTH_GOOGLE_CLIENT_SECRET go together: AUTH_GOOGLE_CLIENT_SECRET is missing'],
    [{ AUTH_GOOGLE_ISSUER: 'https://accounts.google.com' }, 'AUTH_GOOGLE_CLIENT_ID and AUTH_GOOGLE_CLIENT_SECRET are not set'],
    [{ ...creds('OIDC') }, 'AUTH_OIDC_ISSUER is not set'],
    [{ ...creds('GOOGLE'), AUTH_GOOGLE_ISSUER: 'http://sso.example.org' }, 'AUTH_GOOGLE_ISSUER must be an https:// address (http:// only for localhost)'],
    [{ ...creds('GOOGLE'), AUTH_GOOGLE_ISSUER: 'not a url' }, 'AUTH_GOOGLE_ISSUER must be an absolute https:// address'],
    [{ ...creds('FACEBOOK'), AUTH_FACEBOOK_ISSUER: 'https://fb.example' }, 'AUTH_FACEBOOK_ISSUER is for OpenID Connect providers'],
    [{ ...creds('FACEBOOK'), AUTH_FACEBOOK_TOKEN_URL: 'https://fb.example/token' }, 'go together: set all three'],
    [
      {
        ...creds('GOOGLE'),
        AUTH_GOOGLE_AUTHORIZATION_URL: 'https://g.example/a',
        AUTH_GOOGLE_TOKEN_URL: 'https://g.example/t',
        AUTH_GOOGLE_USERINFO_URL: 'https://g.example/u',
      },
      'Google signs readers in with OpenID Connect: set AUTH_GOOGLE_ISSUER',
    ],
    [{ ...creds('OIDC'), AUTH_OIDC_ISSUER: 'https://user:pass@sso.example.org' }, 'must not contain a user name or password'],
  ])('refuses %j with a sentence', (env, message) => {
    expect(() => readProviders(env)).toThrow(ConfigurationError)
    expect(() => readProviders(env)).toThrow(message)
  })

  test('http is allowed for a provider on this machine only', () => {
    expect(readProviders({ ...creds('GOOGLE'), AUTH_GOOGLE_ISSUER: 'http://127.0.0.1:9000' })[0]?.issuer).toBe('http://127.0.0.1:9000')
    expect(readProviders({ ...creds('GOOGLE'), AUTH_GOOGLE_ISSUER: 'http://localhost:9000' })[0]?.issuer).toBe('http://localhost:9000')
  })

  test('the page may post its login forms to the providers, and nowhere else', () => {
    const providers = readProviders({ ...creds('GOOGLE'), ...creds('FACEBOOK') })
    expect(providerOrigins(providers, 'https://news.example')).toEqual(['https://accounts.google.com', 'https://www.facebook.com'])
  })
})

test('READER_SESSION_DAYS: 30 by default, 1–365, or a sentence', () => {
  expect(parseSessionDays(undefined)).toBe(30)
  expect(parseSessionDays('7')).toBe(7)
  for (const bad of ['0', '366', '1.5', 'a week', '-3']) expect(() => parseSessionDays(bad)).toThrow('READER_SESSION_DAYS must be a whole number of days from 1 to 365')
})

describe('safeReturnTo', () => {
  test.each(['/', '/articles/a-story', '/articles/a-story?replytocom=abc#respond', '/account', '/articles/caf%C3%A9'])('keeps %j', (path) => {
    expect(safeReturnTo(path)).toBe(path)
  })
  test.each([
    '//evil.example',
    '///evil.example',
    'https://evil.example',
    'http:/evil.example',
    '/\\evil.example',
    '\\/evil.example',
    '%2F%2Fevil.example',
    '/%2F%2Fevil.example',
    '/%2Fevil.example',
    '/%5Cevil.example',
    '/%5cevil.example',
    '/%252F%252Fevil.example',
    '/%25252F%25252Fevil.example',
    '/%0d%0aSet-Cookie:x=1',
    '/\u0000',
    '/ evil',
    '/%E0%A4%A',
    'javascript:alert(1)',
    'evil.example',
    '',
    `/${'a'.repeat(2001)}`,
    42,
    ['/a'],
    null,
  ])('refuses %j', (path) => {
    expect(safeReturnTo(path)).toBeNull()
  })
  test('notices go in the query, before the fragment', () => {
    expect(withNotice('/articles/a#respond', 'signin-denied.google')).toBe('/articles/a?notice=signin-denied.google#respond')
    expect(withNotice('/articles/a?replytocom=x#respond', 'signed-out')).toBe('/articles/a?replytocom=x&notice=signed-out#respond')
  })
})

describe('chooseReader', () => {
  const ada = { readerId: 'r1', identities: [{ provider: 'google', subject: 'g-1', email: 'ada@example.org', emailVerified: true }] }
  const unverified = { readerId: 'r2', identities: [{ provider: 'facebook', subject: 'f-1', email: 'bob@example.org', emailVerified: false }] }

  test('the same provider and subject is the same reader, whatever the email says', () => {
    expect(chooseReader({ provider: 'google', subject: 'g-1', email: 'changed@example.org', emailVerified: true }, ada, [])).toEqual({ kind: 'returning', readerId: 'r1' })
  })
  test('a verified email links to a reader whose identity has it verified', () => {
    expect(chooseReader({ provider: 'wordpress', subject: 'w-1', email: 'ADA@example.org ', emailVerified: true }, null, [ada])).toEqual({ kind: 'link', readerId: 'r1' })
  })
  test('an unverified email on either side never links', () => {
    expect(chooseReader({ provider: 'wordpress', subject: 'w-1', email: 'ada@example.org', emailVerified: false }, null, [ada])).toEqual({ kind: 'new' })
    expect(chooseReader({ provider: 'google', subject: 'g-2', email: 'bob@example.org', emailVerified: true }, null, [unverified])).toEqual({ kind: 'new' })
  })
  test('no email: a new reader', () => {
    expect(chooseReader({ provider: 'twitter', subject: 't-1', email: null, emailVerified: false }, null, [ada])).toEqual({ kind: 'new' })
  })
  test('identity keys keep providers apart', () => {
    expect(identityKey('twitter', '12345')).not.toBe(identityKey('wordpress', '12345'))
  })
})

describe('profiles in each provider’s own shape', () => {
  test('WordPress.com', () => {
    expect(
      wordpressProfile({
        ID: 42,
        display_name: 'Ada',
        email: 'Ada@Example.org',
        email_verified: true,
        avatar_URL: 'https://gravatar.example/a.png',
        profile_URL: 'https://ada.example',
      }),
    ).toEqual({ subject: '42', displayName: 'Ada', email: 'ada@example.org', emailVerified: true, profileUrl: 'https://ada.example/', avatarUrl: 'https://gravatar.example/a.png' })
  })
  test('X', () => {
    expect(twitterProfile({ data: { id: '99', name: 'Ada', username: 'ada_l', profile_image_url: 'https://pbs.example/a.jpg' } })).toEqual({
      subject: '99',
      displayName: 'Ada',
      email: null,
      emailVerified: false,
      profileUrl: 'https://x.com/ada_l',
      avatarUrl: 'https://pbs.example/a.jpg',
    })
  })
  test('Facebook (whose email is never treated as verified)', () => {
    expect(facebookProfile({ id: '7', name: 'Ada', email: 'ada@example.org', picture: { data: { url: 'https://fb.example/p.jpg' } } })).toMatchObject({
      subject: '7',
      email: 'ada@example.org',
      emailVerified: false,
      avatarUrl: 'https://fb.example/p.jpg',
    })
  })
  test('OpenID Connect claims; hostile values are dropped', () => {
    expect(profileFromClaims({ sub: 's', name: 'Ada', email: 'a@example.org', email_verified: 'true', picture: 'javascript:alert(1)', profile: 'https://ada.example' })).toEqual({
      subject: 's',
      displayName: 'Ada',
      email: 'a@example.org',
      emailVerified: false,
      profileUrl: 'https://ada.example/',
      avatarUrl: null,
    })
  })
  test('names arrive as one plain line: no control, invisible or text-direction characters', () => {
    expect(profileFromClaims({ sub: 's', name: 'Ada\u202E\u200B Love\nlace\u0007' })?.displayName).toBe('Ada Love lace')
    expect(twitterProfile({ data: { id: '1', name: '\u2066\u2069', username: 'ada' } })?.displayName).toBe('@ada')
  })
  test('no account id: no profile', () => {
    expect(wordpressProfile({})).toBeNull()
    expect(twitterProfile({ data: {} })).toBeNull()
    expect(facebookProfile({ id: {} })).toBeNull()
    expect(profileFromClaims({})).toBeNull()
  })
})

test('notices: a fixed vocabulary, never text from the link', () => {
  const text = noticeTexts([{ id: 'google', label: 'Google' }], 'http://localhost:3000')
  expect(text('signin-denied.google')).toBe('You cancelled signing in with Google. You can comment as a guest, or click an icon to try again.')
  for (const key of ['signin-denied.myspace', 'signin-whatever.google', 'constructor', '__proto__', 'toString', 'signin-constructor.google', '<script>'])
    expect(text(key)).toBeNull()
})
