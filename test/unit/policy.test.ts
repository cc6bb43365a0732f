import { CHECKS, DEFAULT_POLICY, moderate, moderateEdit, type CommentPolicy, type History, type Submission } from '../../src/moderation/policy'
import { countLinks } from '../../src/moderation/text'

const now = new Date('2026-11-27T12:00:00Z')
const guest = { kind: 'guest' as const, name: 'Jane Reader', email: 'jane@example.org', url: '' }
const base: Submission = {
  body: 'Good reporting, thanks.',
  author: guest,
  article: { commentsOpen: true, publishedAt: '2026-11-20T00:00:00Z' },
  parent: undefined,
  honeypot: '',
  secondsOnPage: 30,
}
const trusted: History = { lastCommentAt: null, duplicate: false, approvedBefore: 1 }
const run = (change: Partial<Submission> = {}, history: Partial<History> = {}, policy: Partial<CommentPolicy> = {}) =>
  moderate({ ...base, ...change }, { ...trusted, ...history }, { ...DEFAULT_POLICY, ...policy }, now)
const codes = (verdict: ReturnType<typeof run>) => verdict.reasons.map((reason) => reason.code)

describe('WordPress parity', () => {
  test('a previously approved author is approved', () => {
    expect(run()).toEqual({ outcome: 'approve', reasons: [] })
  })

  test('a first comment is held until one is approved (hold-until-approved)', () => {
    expect(run({}, { approvedBefore: 0 })).toEqual({ outcome: 'hold', reasons: [{ code: 'first-comment', text: 'first comment by this commenter' }] })
  })

  test('2 links hold (comment_max_links = 2); 1 link does not', () => {
    expect(run({ body: 'See https://a.example and www.b.example' })).toEqual({ outcome: 'hold', reasons: [{ code: 'links', text: '2 links (comments with 2 or more are held)' }] })
    expect(run({ body: 'See https://a.example' }).outcome).toBe('approve')
    expect(run({ body: 'x https://a.example https://b.example https://c.example' }, {}, { maxLinks: 0 }).outcome).toBe('approve')
  })

  test('a comment within 15 s of the last one is a flood: 429', () => {
    expect(run({}, { lastCommentAt: new Date(now.getTime() - 14_000) })).toMatchObject({
      outcome: 'refuse',
      status: 429,
      reasons: [{ code: 'flood', text: expect.stringMatching(/wait 1 second/) }],
    })
    expect(run({}, { lastCommentAt: new Date(now.getTime() - 15_000) }).outcome).toBe('approve')
  })

  test('an exact duplicate: 409', () => {
    expect(run({}, { duplicate: true })).toMatchObject({ outcome: 'refuse', status: 409, field: 'comment', reasons: [{ code: 'duplicate' }] })
  })

  test.each([
    ['author', { ...guest, name: 'x'.repeat(246) }, /at most 245/],
    ['email', { ...guest, email: `${'x'.repeat(92)}@example.org` }, /at most 100/],
    ['url', { ...guest, url: `https://example.org/${'x'.repeat(181)}` }, /at most 200/],
  ])('field limit: %s', (field, author, message) => {
    expect(run({ author })).toMatchObject({ outcome: 'refuse', status: 400, field, reasons: [{ text: expect.stringMatching(message) }] })
  })

  test('field limits are inclusive: 245, 100 and 200 characters pass', () => {
    const author = { kind: 'guest' as const, name: 'x'.repeat(245), email: `${'x'.repeat(88)}@example.org`, url: `https://example.org/${'x'.repeat(180)}` }
    expect([author.email.length, author.url.length]).toEqual([100, 200])
    expect(run({ author }).outcome).toBe('approve')
  })

  test('the body may be 65,525 bytes, not one more', () => {
    expect(run({ body: 'é'.repeat(32_762) + 'x' }).outcome).toBe('approve')
    expect(run({ body: 'x'.repeat(65_526) })).toMatchObject({
      outcome: 'refuse',
      status: 400,
      field: 'comment',
      reasons: [{ text: expect.stringMatching(/65,526 bytes, the limit is 65,525 bytes/) }],
    })
  })
})

describe('each check', () => {
  test('name and email are required for guests unless the policy says otherwise', () => {
    expect(run({ author: { ...guest, name: '' } })).toMatchObject({ status: 400, field: 'author' })
    expect(run({ author: { ...guest, email: '' } })).toMatchObject({ status: 400, field: 'email' })
    expect(run({ author: { ...guest, email: 'not-an-address' } })).toMatchObject({ status: 400, field: 'email' })
    expect(run({ author: { ...guest, name: '', email: '' } }, {}, { requireNameAndEmail: false }).outcome).toBe('approve')
  })

  test('websites must be http(s)', () => {
    expect(run({ author: { ...guest, url: 'javascript:alert(1)' } })).toMatchObject({ status: 400, field: 'url' })
    expect(run({ author: { ...guest, url: 'https://jane.example' } }).outcome).toBe('approve')
  })

  test('control characters and direction overrides are refused where they could deceive', () => {
    expect(run({ body: 'bell\u0007' })).toMatchObject({ status: 400, field: 'comment' })
    expect(run({ author: { ...guest, name: 'Admin\u202Etset' } })).toMatchObject({ status: 400, field: 'author', reasons: [{ text: expect.stringMatching(/text-direction/) }] })
    expect(run({ body: 'Arabic and English: مرحبا hello\nsecond line\ttab' }).outcome).toBe('approve')
  })

  test('an empty comment is refused', () => {
    expect(run({ body: '   \n ' })).toMatchObject({ outcome: 'refuse', status: 400, reasons: [{ text: 'Please type a comment.' }] })
  })

  test('closed articles and auto-close after N days', () => {
    expect(run({ article: { commentsOpen: false, publishedAt: null } })).toMatchObject({ status: 403, reasons: [{ code: 'closed' }] })
    expect(run({}, {}, { closeAfterDays: 7 })).toMatchObject({ status: 403, reasons: [{ text: expect.stringMatching(/7 days after publication/) }] })
    expect(run({}, {}, { closeAfterDays: 14 }).outcome).toBe('approve')
  })

  test('replies: only to published comments, and at most maxDepth deep', () => {
    expect(run({ parent: null })).toMatchObject({ status: 400, field: 'comment_parent' })
    expect(run({ parent: { depth: 4 } }).outcome).toBe('approve')
    expect(run({ parent: { depth: 5 } })).toMatchObject({ status: 400, reasons: [{ code: 'depth' }] })
  })

  test('banned and suspended commenters are refused; a lapsed suspension is not', () => {
    const reader = (status: 'banned' | 'suspended', suspendedUntil?: string) => ({
      kind: 'reader' as const,
      name: 'R',
      standing: { status, suspendedUntil, statusReason: 'abuse' },
    })
    expect(run({ author: reader('banned') })).toMatchObject({ status: 403, reasons: [{ code: 'banned', text: expect.stringMatching(/Reason: abuse/) }] })
    expect(run({ author: reader('suspended', '2026-12-01T00:00:00Z') })).toMatchObject({ status: 403, reasons: [{ code: 'suspended' }] })
    expect(run({ author: reader('suspended', '2026-11-01T00:00:00Z') }).outcome).toBe('approve')
    expect(run({ author: { ...guest, standing: { status: 'banned' } } })).toMatchObject({ status: 403, reasons: [{ code: 'banned' }] })
  })

  test('honeypot, missing form timestamp and too-fast submits are spam', () => {
    expect(run({ honeypot: 'http://spam.example' })).toMatchObject({ outcome: 'spam', reasons: [{ code: 'honeypot' }] })
    expect(run({ secondsOnPage: null })).toMatchObject({ outcome: 'spam', reasons: [{ code: 'no-form' }] })
    expect(run({ secondsOnPage: 1.2 })).toEqual({ outcome: 'spam', reasons: [{ code: 'too-fast', text: 'sent 1 second after the page loaded (minimum 3)' }] })
  })

  test('disallowed words are spam; moderation words hold; both match name, email and url too', () => {
    expect(run({ body: 'Get FREE MONEY now' }, {}, { disallowedWords: ['free money'] })).toEqual({
      outcome: 'spam',
      reasons: [{ code: 'disallowed-word', text: "disallowed word 'free money'" }],
    })
    expect(run({ body: 'Crypto tips inside' }, {}, { moderationWords: ['crypto'] })).toEqual({
      outcome: 'hold',
      reasons: [{ code: 'moderation-word', text: "moderation word 'crypto'" }],
    })
    expect(run({ author: { ...guest, url: 'https://casino.example' } }, {}, { moderationWords: ['casino'] }).outcome).toBe('hold')
  })

  test('holds accumulate every reason', () => {
    expect(codes(run({ body: 'crypto https://a.example https://b.example' }, { approvedBefore: 0 }, { moderationWords: ['crypto'] }))).toEqual([
      'links',
      'moderation-word',
      'first-comment',
    ])
  })

  test('premoderated readers and pre-moderation hold; post-moderation publishes a first comment', () => {
    expect(codes(run({ author: { kind: 'reader', name: 'R', standing: { status: 'premoderated' } } }))).toEqual(['premoderated'])
    expect(codes(run({ author: { ...guest, standing: { status: 'premoderated' } } }))).toEqual(['premoderated'])
    expect(codes(run({}, {}, { mode: 'pre-moderate' }))).toEqual(['pre-moderation'])
    expect(run({}, { approvedBefore: 0 }, { mode: 'post-moderate' }).outcome).toBe('approve')
  })

  test('staff replies are approved, but never skip field limits or bans on closed articles', () => {
    expect(run({ author: { kind: 'staff', name: 'Eddie' }, secondsOnPage: null }, { approvedBefore: 0, lastCommentAt: now })).toEqual({
      outcome: 'approve',
      reasons: [{ code: 'staff', text: 'reply by newsroom staff' }],
    })
    expect(run({ author: { kind: 'staff', name: 'Eddie' }, article: { commentsOpen: false, publishedAt: null } }).outcome).toBe('refuse')
  })

  test('guests can be turned away when sign-in is required', () => {
    expect(run({}, {}, { allowGuests: false })).toMatchObject({ status: 403, reasons: [{ code: 'sign-in-required' }] })
  })

  test('the pipeline is a readable list of named steps', () => {
    expect(CHECKS.map((check) => check.name)).toEqual([
      'field limits',
      'guests allowed',
      'closed article',
      'thread depth',
      'banned or suspended commenter',
      'staff reply',
      'flood',
      'duplicate',
      'honeypot',
      'too-fast submit',
      'disallowed words',
      'link count',
      'moderation words',
      'always-held commenter',
      'first-time commenter',
      'pre-moderation',
    ])
  })
})

describe('edits within the edit window', () => {
  test('re-run the content checks only', () => {
    const author = { kind: 'reader' as const, name: 'R', standing: { status: 'active' as const } }
    expect(moderateEdit('Fixed a typo', author).outcome).toBe('approve')
    expect(moderateEdit('now https://a.example https://b.example', author).outcome).toBe('hold')
    expect(moderateEdit('free money', author, { ...DEFAULT_POLICY, disallowedWords: ['free money'] }).outcome).toBe('spam')
    expect(moderateEdit('', author)).toMatchObject({ outcome: 'refuse', status: 400 })
  })
})

test('links are counted as readers write them', () => {
  expect(countLinks('see https://a.example/x?y=1, http://b.example and www.c.example; not d.example')).toBe(3)
})
