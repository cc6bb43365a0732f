import { mergeSessions } from '../../src/database/staffSessions'

const NOW = Date.parse('2026-12-02T12:00:00Z')
const session = (id: string, hoursLeft = 2) => ({ id, expiresAt: new Date(NOW + hoursLeft * 3_600_000).toISOString() })

test('a login keeps every stored session still valid and adds its own; one revoked meanwhile stays revoked', () => {
  // Read before another login added "b" and a logout removed "r": the stale list still has "r".
  const stored = [session('a'), session('b'), session('old', -1)]
  const written = [session('a'), session('r'), session('new')]
  expect(mergeSessions(stored, written, NOW).map((entry) => entry.id)).toEqual(['a', 'b', 'new'])
})

test('a logout (a list read in its transaction, one session removed) is stored as written', () => {
  const stored = [session('a'), session('b'), session('c')]
  expect(mergeSessions(stored, [session('a'), session('c')], NOW).map((entry) => entry.id)).toEqual(['a', 'c'])
  expect(mergeSessions(stored, [], NOW)).toEqual([])
})
