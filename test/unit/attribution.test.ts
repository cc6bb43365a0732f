import { attributionLine, attributionLineProblems, attributionTemplateProblem, joinNames } from '../../src/editorial/attribution'

const reuters = { name: 'Reuters' }
const ap = { name: 'AP' }

describe('attributionLine', () => {
  test('one source: "Adapted from Reuters"', () => {
    expect(attributionLine([reuters])).toBe('Adapted from Reuters')
  })

  test('two sources share one sentence: "Adapted from Reuters and AP"', () => {
    expect(attributionLine([reuters, ap])).toBe('Adapted from Reuters and AP')
  })

  test('three sources: a list without a serial comma', () => {
    expect(attributionLine([reuters, ap, { name: 'AFP' }])).toBe('Adapted from Reuters, AP and AFP')
  })

  test('a source cited twice (two reports) is named once', () => {
    expect(attributionLine([reuters, { name: 'Reuters ' }])).toBe('Adapted from Reuters')
  })

  test('sources with their own templates become separate clauses', () => {
    expect(attributionLine([reuters, { name: 'CISA', attributionTemplate: 'Based on an advisory by {name}' }, ap])).toBe(
      'Adapted from Reuters and AP; Based on an advisory by CISA',
    )
  })

  test('no sources, no line', () => {
    expect(attributionLine([])).toBe('')
    expect(joinNames([])).toBe('')
  })
})

describe('attributionTemplateProblem', () => {
  test.each(['Adapted from {name}', 'Reporting by {name}', 'Source: {name} (wire)', 'From a Reuters report'])('accepts %j', (template) => {
    expect(attributionTemplateProblem(template)).toBeNull()
  })

  test.each([
    ['Adapted from {source}', /Only the placeholder \{name\}.*"\{source\}"/],
    ['Adapted from %s', /"%s"/],
    ['Adapted from {name} ({date}', /"\{date\}"/],
    ['(Adapted from {name}', /unclosed "\("/],
    ['Adapted from {name})', /closes nothing/],
    ['Adapted from {name', /"\{name"/],
    ['   ', /needed/],
  ])('refuses %j with a clear message', (template, message) => {
    expect(attributionTemplateProblem(template)).toMatch(message)
  })
})

describe('attributionLineProblems', () => {
  test('a generated line passes', () => {
    expect(attributionLineProblems('Adapted from Reuters and AP', ['Reuters', 'AP'])).toEqual([])
  })

  test('the seed page’s "(Adapted form" is caught three ways', () => {
    const problems = attributionLineProblems('(Adapted form', ['Reuters'])
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/unclosed "\("/), expect.stringMatching(/did you mean "Adapted from"/), expect.stringMatching(/does not name Reuters/)]),
    )
  })

  test('a line that stops before the source name', () => {
    expect(attributionLineProblems('Adapted from', [])).toEqual([expect.stringMatching(/ends with "from"/)])
  })

  test('placeholders and empty lines', () => {
    expect(attributionLineProblems('Adapted from {name}', ['Reuters'])[0]).toMatch(/template placeholder "\{name\}"/)
    expect(attributionLineProblems('Connecting to %s', [])[0]).toMatch(/"%s"/)
    expect(attributionLineProblems('  ', ['Reuters'])).toEqual([expect.stringMatching(/empty/)])
  })

  test('an override must name every source', () => {
    expect(attributionLineProblems('Adapted from Reuters', ['Reuters', 'AP'])).toEqual([expect.stringMatching(/does not name AP/)])
  })
})
