import { effectiveAttribution, publishProblems, type PublishCandidate } from '../../src/editorial/publishRules'

const ready: PublishCandidate = {
  title: 'Suspected Chinese hackers breached manufacturers’ group',
  dek: 'The intrusion came during trade talks.',
  bodyText: 'The server of an industry group…',
  adaptedFrom: [{ source: { name: 'Reuters' }, originalUrl: 'https://www.reuters.com/article', usage: 'licensed' }],
  heroImage: { alt: 'A network diagram' },
}

const paths = (candidate: PublishCandidate) => publishProblems(candidate).map((problem) => problem.path)

describe('publishProblems', () => {
  test('a complete adapted article may be published', () => {
    expect(publishProblems(ready)).toEqual([])
  })

  test('an article that is not adapted needs no sources', () => {
    expect(publishProblems({ ...ready, adaptedFrom: [] })).toEqual([])
  })

  test('needs a headline and a body', () => {
    expect(paths({ ...ready, title: '  ', bodyText: '' })).toEqual(['title', 'body'])
  })

  test('each adapted-from entry needs a source, an original URL and usage terms', () => {
    const problems = publishProblems({ ...ready, adaptedFrom: [{ source: null, originalUrl: '', usage: null }] })
    expect(problems.map((problem) => problem.path)).toEqual(['adaptedFrom.0.source', 'adaptedFrom.0.originalUrl', 'adaptedFrom.0.usage'])
    expect(problems[1]?.message).toMatch(/link to the original report/)
  })

  test('the original URL must be http or https', () => {
    const [problem] = publishProblems({ ...ready, adaptedFrom: [{ ...ready.adaptedFrom[0]!, originalUrl: 'javascript:alert(1)' }] })
    expect(problem).toEqual({ path: 'adaptedFrom.0.originalUrl', message: expect.stringMatching(/Only http and https/) })
  })

  test('an override like the seed page’s "(Adapted form" is refused on the override field', () => {
    const problems = publishProblems({ ...ready, attributionOverride: '(Adapted form' })
    expect(problems.length).toBeGreaterThanOrEqual(3)
    expect(new Set(problems.map((problem) => problem.path))).toEqual(new Set(['attributionOverride']))
  })

  test('a good override replaces the generated line', () => {
    expect(publishProblems({ ...ready, attributionOverride: 'Adapted from an exclusive Reuters report' })).toEqual([])
    expect(effectiveAttribution({ ...ready, attributionOverride: ' Adapted from an exclusive Reuters report ' })).toBe('Adapted from an exclusive Reuters report')
    expect(effectiveAttribution(ready)).toBe('Adapted from Reuters')
  })

  test.each([
    ['title', { title: 'Hackers hit %s' }],
    ['dek', { dek: 'Victims: {victims}' }],
    ['body', { bodyText: 'Quote from spokesperson TK' }],
    ['body', { bodyText: 'The attacker was [object Object]' }],
  ])('refuses a raw placeholder in the %s', (path, change) => {
    expect(paths({ ...ready, ...change })).toEqual([path])
  })

  test('a hero image needs alt text, and must exist', () => {
    expect(publishProblems({ ...ready, heroImage: { alt: ' ' } })).toEqual([{ path: 'heroImage', message: expect.stringMatching(/no alt text/) }])
    expect(publishProblems({ ...ready, heroImage: null })).toEqual([{ path: 'heroImage', message: expect.stringMatching(/could not be found/) }])
    expect(publishProblems({ ...ready, heroImage: undefined })).toEqual([])
  })
})
