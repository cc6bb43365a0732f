import { canModerate, canPublish, canWrite, isAdmin, isStaffMember } from '../../src/editorial/roles'

const as = (...roles: string[]) => ({ roles })

describe('staff roles', () => {
  test.each([
    ['admin', { isAdmin: true, canPublish: true, canWrite: true, canModerate: true }],
    ['editor', { isAdmin: false, canPublish: true, canWrite: true, canModerate: true }],
    ['author', { isAdmin: false, canPublish: false, canWrite: true, canModerate: false }],
    ['moderator', { isAdmin: false, canPublish: false, canWrite: false, canModerate: true }],
  ])('%s', (role, expected) => {
    const user = as(role)
    expect({ isAdmin: isAdmin(user), canPublish: canPublish(user), canWrite: canWrite(user), canModerate: canModerate(user) }).toEqual(expected)
  })

  test('roles combine', () => {
    expect(canPublish(as('author', 'moderator'))).toBe(false)
    expect(canWrite(as('author', 'moderator'))).toBe(true)
    expect(canModerate(as('author', 'moderator'))).toBe(true)
  })

  test('nobody, no roles or unknown roles get nothing', () => {
    for (const user of [null, undefined, as(), as('reader'), { roles: null }]) {
      expect(isStaffMember(user)).toBe(false)
      expect(canWrite(user)).toBe(false)
    }
  })
})
