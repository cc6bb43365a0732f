import { attackTechniqueProblem, attackTechniqueReferenceUrl, cveProblem, cveReferenceUrl, normaliseIdentifier } from '../../src/editorial/identifiers'

describe('CVE ids', () => {
  test.each(['CVE-2019-0708', 'CVE-2021-44228', 'CVE-2024-1234567'])('accepts %s', (id) => {
    expect(cveProblem(id)).toBeNull()
  })

  test.each([
    ['CVE-2019-70', /not a CVE id/],
    ['CVE 2019 0708', /not a CVE id/],
    ['2019-0708', /not a CVE id/],
    ['CVE-19-0708', /not a CVE id/],
    ['CVE-1988-0001', /before the first CVE ids/],
  ])('refuses %s with a reason', (id, message) => {
    expect(cveProblem(id)).toMatch(message)
  })

  test('are normalised before checking', () => {
    expect(normaliseIdentifier('  cve-2019-0708 ')).toBe('CVE-2019-0708')
  })

  test('link to the public CVE record', () => {
    expect(cveReferenceUrl('CVE-2019-0708')).toBe('https://www.cve.org/CVERecord?id=CVE-2019-0708')
  })
})

describe('ATT&CK technique ids', () => {
  test.each(['T1566', 'T1566.001', 'T1059'])('accepts %s', (id) => {
    expect(attackTechniqueProblem(id)).toBeNull()
  })

  test.each(['T156', 'T1566.1', '1566', 'TA0001', 'T1566.0011'])('refuses %s', (id) => {
    expect(attackTechniqueProblem(id)).toMatch(/not a MITRE ATT&CK technique id/)
  })

  test('link to MITRE, sub-techniques included', () => {
    expect(attackTechniqueReferenceUrl('T1566')).toBe('https://attack.mitre.org/techniques/T1566/')
    expect(attackTechniqueReferenceUrl('T1566.001')).toBe('https://attack.mitre.org/techniques/T1566/001/')
  })
})
