import { compactCatalogue } from '../../src/editorial/attackBuild'
import { parseFactParam, rankRelated, relatedness, type StoryFacts } from '../../src/editorial/facts'

test('fact addresses: canonical ids pass, other spellings redirect, what cannot be an id is malformed, a slug outside the vocabulary is unknown', () => {
  expect(parseFactParam('cve', 'CVE-2024-3400')).toEqual({ id: 'CVE-2024-3400' })
  expect(parseFactParam('cve', 'cve-2024-3400')).toEqual({ redirect: 'CVE-2024-3400' })
  // A link pasted with a trailing space still finds its page.
  expect(parseFactParam('cve', 'CVE-2024-3400 ')).toEqual({ redirect: 'CVE-2024-3400' })
  expect(parseFactParam('technique', 'T1566.001')).toEqual({ id: 'T1566.001' })
  expect(parseFactParam('technique', 't1566')).toEqual({ redirect: 'T1566' })
  expect(parseFactParam('sector', 'energy')).toEqual({ id: 'energy' })
  expect(parseFactParam('sector', 'ENERGY')).toEqual({ redirect: 'energy' })
  expect(parseFactParam('attack-type', 'ransomware')).toEqual({ id: 'ransomware' })
  for (const [kind, raw] of [
    ['cve', 'CVE-2024-1'],
    ['cve', ''],
    ['technique', 'T1566.01'],
    ['technique', 'TA0001'],
    ['sector', 'energy_'],
    ['sector', 'a'.repeat(41)],
    ['attack-type', '-ransomware'],
  ] as const)
    expect({ kind, raw, parsed: parseFactParam(kind, raw) }).toEqual({ kind, raw, parsed: 'malformed' })
  expect(parseFactParam('sector', 'outer-space')).toBe('unknown')
  expect(parseFactParam('attack-type', 'sorcery')).toBe('unknown')
})

const story = (id: string, publishedAt: string, facts: Partial<StoryFacts> = {}): StoryFacts => ({ id, publishedAt, actors: [], cves: [], techniques: [], topics: [], ...facts })

test('related stories: weighted by what they share, newer first among equals, at most five, never the story itself or one that shares nothing', () => {
  const main = story('m', '2026-11-20', { actors: ['a1'], cves: ['CVE-2024-3400'], techniques: ['T1190'], topics: ['t1'] })
  const candidates = [
    story('m', '2026-11-20', main),
    story('topic-old', '2026-11-01', { topics: ['t1'] }),
    story('topic-new', '2026-11-15', { topics: ['t1'] }),
    story('technique', '2026-11-02', { techniques: ['T1190'] }),
    story('cve', '2026-10-01', { cves: ['CVE-2024-3400'] }),
    story('cve-and-actor', '2026-09-01', { cves: ['CVE-2024-3400'], actors: ['a1'] }),
    story('nothing', '2026-11-21', { actors: ['a2'], topics: ['t2'] }),
    story('technique-and-topic', '2026-11-03', { techniques: ['T1190'], topics: ['t1'] }),
  ]
  expect(relatedness(main, candidates[5]!)).toBe(8)
  expect(rankRelated(main, candidates).map((entry) => entry.id)).toEqual(['cve-and-actor', 'cve', 'technique-and-topic', 'technique', 'topic-new'])
  expect(rankRelated(main, candidates, 2).map((entry) => entry.id)).toEqual(['cve-and-actor', 'cve'])
  // Duplicated values count once.
  expect(relatedness(main, story('d', '2026-01-01', { cves: ['CVE-2024-3400', 'CVE-2024-3400'] }))).toBe(4)
})

test('the ATT&CK catalogue is built from MITRE’s STIX objects: techniques with tactics, parents, revoked and deprecated flags; tactics by short name', () => {
  const reference = (id: string) => [{ source_name: 'mitre-attack', external_id: id }]
  const phase = (name: string) => ({ kill_chain_name: 'mitre-attack', phase_name: name })
  const catalogue = compactCatalogue(
    [
      { type: 'x-mitre-tactic', name: 'Initial Access', x_mitre_shortname: 'initial-access' },
      { type: 'attack-pattern', name: 'Spearphishing Attachment', external_references: reference('T1566.001'), kill_chain_phases: [phase('initial-access')] },
      {
        type: 'attack-pattern',
        name: 'Phishing',
        external_references: reference('T1566'),
        kill_chain_phases: [phase('initial-access'), { kill_chain_name: 'other', phase_name: 'x' }],
      },
      { type: 'attack-pattern', name: 'PowerShell', external_references: reference('T1086'), revoked: true },
      { type: 'attack-pattern', name: 'Old one', external_references: reference('T1000'), x_mitre_deprecated: true },
      { type: 'attack-pattern', name: 'Not ATT&CK', external_references: [{ source_name: 'capec', external_id: 'CAPEC-1' }] },
      { type: 'malware', name: 'Not a technique', external_references: reference('S0001') },
    ],
    '18.1',
  )
  expect(catalogue).toEqual({
    version: '18.1',
    tactics: { 'initial-access': 'Initial Access' },
    techniques: [
      { id: 'T1000', name: 'Old one', tactics: [], deprecated: true },
      { id: 'T1086', name: 'PowerShell', tactics: [], revoked: true },
      { id: 'T1566', name: 'Phishing', tactics: ['initial-access'] },
      { id: 'T1566.001', name: 'Spearphishing Attachment', tactics: ['initial-access'], parent: 'T1566' },
    ],
  })
})
