import { findPageLeaks, findPlaceholders } from '../../src/editorial/placeholders'

describe('findPlaceholders', () => {
  test.each([
    ['Connecting to %s', /"%s"/],
    ['Dear {name},', /"\{name\}"/],
    ['Hello {{ user.name }}', /template placeholder/],
    ['Quote from the CEO: TK', /"TK"/],
    ['TKTK add figures', /"TK"/],
    ['Victim: [object Object]', /\[object Object\]/],
  ])('finds the marker in %j', (text, description) => {
    expect(findPlaceholders(text)).toEqual([expect.stringMatching(description)])
  })

  test('leaves ordinary news copy alone', () => {
    expect(findPlaceholders('TKO: the 40% rise in attacks, {not closed and tk lower-case; the Stockholm office')).toEqual([])
  })

  test('reports each kind once', () => {
    expect(findPlaceholders('%s and %s')).toHaveLength(1)
  })
})

describe('findPageLeaks', () => {
  test('also catches programming values leaked into a page', () => {
    expect(findPageLeaks('Published undefined, NaN comments')).toEqual([expect.stringMatching(/undefined/), expect.stringMatching(/NaN/)])
  })
})
