/**
 * Staff roles and what each may do. Collection access functions ask these questions,
 * so the newsroom's permission model reads in one place.
 */

export const STAFF_ROLES = ['admin', 'editor', 'author', 'moderator'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

export const ROLE_LABELS: Record<StaffRole, string> = {
  admin: 'Admin — manages staff and settings',
  editor: 'Editor — edits and publishes any article',
  author: 'Author — writes own drafts',
  moderator: 'Moderator — reviews reader comments',
}

type WithRoles = { roles?: ReadonlyArray<string> | null } | null | undefined

const has = (user: WithRoles, ...wanted: StaffRole[]): boolean => Boolean(user?.roles?.some((role) => (wanted as string[]).includes(role)))

export const isAdmin = (user: WithRoles): boolean => has(user, 'admin')
/** May publish, unpublish and edit any article. */
export const canPublish = (user: WithRoles): boolean => has(user, 'admin', 'editor')
/** May write articles (their own, if only an author). */
export const canWrite = (user: WithRoles): boolean => has(user, 'admin', 'editor', 'author')
/** May maintain reference records: sources, threat actors, media. */
export const canEditReference = canWrite
export const canModerate = (user: WithRoles): boolean => has(user, 'admin', 'editor', 'moderator')
export const isStaffMember = (user: WithRoles): boolean => has(user, ...STAFF_ROLES)

export const isStaffRole = (value: unknown): value is StaffRole => typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value)
