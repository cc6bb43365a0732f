/**
 * Access building blocks shared by the collections. A request's user counts as staff only
 * when it comes from the staff collection: readers (a separate auth collection) never pass
 * these checks, whatever fields they carry.
 */
import type { Access, PayloadRequest } from 'payload'

import { canEditReference, canPublish, isAdmin, isStaffMember, STAFF_ROLES, type StaffRole } from '../src/editorial/roles'

export type StaffUser = { id: string | number; roles: StaffRole[]; collection: string }

export function staffUser(req: Pick<PayloadRequest, 'user'>, staffSlug: string): StaffUser | null {
  const user = req.user as (Record<string, unknown> & { id: string | number; collection?: string }) | null
  if (!user || user.collection !== staffSlug) return null
  const roles = Array.isArray(user.roles) ? (user.roles.filter((role) => (STAFF_ROLES as readonly string[]).includes(role as string)) as StaffRole[]) : []
  return { id: user.id, roles, collection: staffSlug }
}

export const anyone: Access = () => true
export const nobody: Access = () => false

export const staffOnly =
  (staffSlug: string): Access =>
  ({ req }) =>
    isStaffMember(staffUser(req, staffSlug))

/** A yes or no (never a query), so it serves wherever Payload asks for one, not only collection access (the job runner's, say). */
export const adminsOnly =
  (staffSlug: string) =>
  ({ req }: { req: Pick<PayloadRequest, 'user'> }): boolean =>
    isAdmin(staffUser(req, staffSlug))

export const publishersOnly =
  (staffSlug: string): Access =>
  ({ req }) =>
    canPublish(staffUser(req, staffSlug))

export const referenceEditors =
  (staffSlug: string): Access =>
  ({ req }) =>
    canEditReference(staffUser(req, staffSlug))

/** Reference collections (sources, threat actors, media): public to read, staff to write. */
export const referenceAccess = (staffSlug: string) => ({
  read: anyone,
  create: referenceEditors(staffSlug),
  update: referenceEditors(staffSlug),
  delete: publishersOnly(staffSlug),
  readVersions: staffOnly(staffSlug),
})

/** Field-level read access for fields that are internal to the newsroom. */
export const staffOnlyField =
  (staffSlug: string) =>
  ({ req }: { req: PayloadRequest }): boolean =>
    isStaffMember(staffUser(req, staffSlug))
