import { isAbandonedDraft, isAutomaticSlug, numberedSlug, SLUG_MAX_LENGTH, slugify, slugProblem } from '../../src/editorial/slug'

describe('slugify', () => {
  test('turns the seed headline into a readable, URL-safe slug', () => {
    expect(slugify('Chinese Groups Hacked US Manufacturing Group’s Server During Trade Talks: Reuters')).toBe(
      'chinese-groups-hacked-us-manufacturing-groups-server-during-trade-talks-reuters',
    )
  })

  test('folds accents, drops apostrophes, spells out ampersands', () => {
    expect(slugify('Équipe « Rouge » & the hacker’s café')).toBe('equipe-rouge-and-the-hackers-cafe')
  })

  test('never leaves leading, trailing or doubled hyphens', () => {
    expect(slugify('  --Zero-day!!  in   "Exchange"-- ')).toBe('zero-day-in-exchange')
  })

  test('cuts long headlines at a word boundary', () => {
    const slug = slugify('word '.repeat(60))
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH)
    expect(slug.endsWith('word')).toBe(true)
  })

  test('yields an empty slug for text with no letters or digits', () => {
    expect(slugify('!!! ??? —')).toBe('')
  })
})

describe('slugProblem', () => {
  test('accepts lower-case words joined by single hyphens', () => {
    expect(slugProblem('ransomware-hits-city-hall-2')).toBeNull()
  })

  test.each([
    ['', /needed/],
    ['Upper-Case', /lower-case/],
    ['two--hyphens', /single hyphens/],
    ['spaces here', /lower-case/],
    ['x'.repeat(SLUG_MAX_LENGTH + 1), /at most/],
  ])('explains what is wrong with %j', (slug, message) => {
    expect(slugProblem(slug)).toMatch(message)
  })
})

describe('numbered slugs', () => {
  test('the first candidate is the slug itself, then -2, -3', () => {
    expect(numberedSlug('breach', 1)).toBe('breach')
    expect(numberedSlug('breach', 2)).toBe('breach-2')
    expect(numberedSlug('breach', 3)).toBe('breach-3')
  })

  test('stays within the length limit', () => {
    expect(numberedSlug('a'.repeat(SLUG_MAX_LENGTH), 12).length).toBe(SLUG_MAX_LENGTH)
  })

  test('recognises slugs generated from a headline, numbered or not', () => {
    expect(isAutomaticSlug('data-breach', 'Data breach')).toBe(true)
    expect(isAutomaticSlug('data-breach-4', 'Data breach')).toBe(true)
    expect(isAutomaticSlug('my-own-slug', 'Data breach')).toBe(false)
    expect(isAutomaticSlug('anything', '')).toBe(false)
  })
})

describe('isAbandonedDraft', () => {
  const now = new Date('2026-12-02T12:00:00Z')
  test('never published and last saved more than 30 days ago', () => {
    expect(isAbandonedDraft({ firstPublishedAt: null, updatedAt: '2026-11-01T11:59:59Z' }, now)).toBe(true)
    expect(isAbandonedDraft({ firstPublishedAt: null, updatedAt: '2026-11-02T12:00:01Z' }, now)).toBe(false)
    expect(isAbandonedDraft({ firstPublishedAt: '2020-01-01T00:00:00Z', updatedAt: '2021-01-01T00:00:00Z' }, now)).toBe(false)
    expect(isAbandonedDraft({ firstPublishedAt: null, updatedAt: null }, now)).toBe(false)
    expect(isAbandonedDraft({ updatedAt: 'not a date' }, now)).toBe(false)
  })
})
