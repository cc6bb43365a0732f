import { checkLink, signLink } from '../../src/security/signedLinks'

const secret = 'a-secret'
const base = { secret, purpose: 'article-preview', path: '/preview/articles/42' }

function parts(link: string) {
  const url = new URL(link, 'http://x')
  return { expires: url.searchParams.get('expires') ?? undefined, signature: url.searchParams.get('signature') ?? undefined }
}

test('a signed link is valid until it expires', () => {
  const now = new Date('2026-11-27T12:00:00Z')
  const link = signLink({ ...base, expiresAt: new Date(now.getTime() + 60_000) })
  expect(checkLink({ ...base, ...parts(link), now })).toBe('valid')
  expect(checkLink({ ...base, ...parts(link), now: new Date(now.getTime() + 61_000) })).toBe('expired')
})

test('a changed path, expiry, purpose or secret invalidates it', () => {
  const link = signLink({ ...base, expiresAt: new Date(Date.now() + 60_000) })
  const { expires, signature } = parts(link)
  expect(checkLink({ ...base, path: '/preview/articles/43', expires, signature })).toBe('invalid')
  expect(checkLink({ ...base, expires: String(Number(expires) + 3600), signature })).toBe('invalid')
  expect(checkLink({ ...base, purpose: 'other', expires, signature })).toBe('invalid')
  expect(checkLink({ ...base, secret: 'another', expires, signature })).toBe('invalid')
  expect(checkLink({ ...base, expires: ['1'], signature })).toBe('invalid')
  expect(checkLink({ ...base, expires, signature: undefined })).toBe('invalid')
})
