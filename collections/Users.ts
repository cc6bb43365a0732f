/**
 * Staff: the people who run the newsroom. Readers who comment are a separate principal
 * and never appear here.
 */
import {
  APIError,
  ValidationError,
  type CollectionBeforeChangeHook,
  type CollectionBeforeDeleteHook,
  type CollectionBeforeOperationHook,
  type CollectionConfig,
  type Field,
} from 'payload'

import { isAdmin, isStaffMember, isStaffRole, ROLE_LABELS, STAFF_ROLES } from '../src/editorial/roles'
import { moderationAlertsField } from '../src/mail/alerts'
import type { NewsroomContext } from '../src/types'
import { adminsOnly, staffOnly, staffUser } from './access'

export function rolesField(staffSlug: string): Field {
  const onlyAdmins = ({ req }: { req: Parameters<typeof staffUser>[0] }) => isAdmin(staffUser(req, staffSlug))
  return {
    name: 'roles',
    type: 'select',
    hasMany: true,
    required: true,
    defaultValue: ['author'],
    saveToJWT: true,
    options: STAFF_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] })),
    // Only admins assign roles, so nobody can raise their own.
    access: { create: onlyAdmins, update: onlyAdmins },
    admin: { description: 'One or more. Only admins can change roles.' },
    validate: (value: unknown) => (Array.isArray(value) && value.length > 0 && value.every(isStaffRole) ? true : 'Give this person at least one role.'),
  }
}

async function adminCount(req: Parameters<CollectionBeforeChangeHook>[0]['req'], staffSlug: string, exceptId?: string | number): Promise<number> {
  const { totalDocs } = await req.payload.count({
    collection: staffSlug,
    where: { and: [{ roles: { equals: 'admin' } }, ...(exceptId === undefined ? [] : [{ id: { not_equals: exceptId } }])] },
    overrideAccess: true,
    req,
  })
  return totalDocs
}

/** The very first account becomes an admin; afterwards the newsroom always keeps at least one. */
export const keepAnAdmin =
  (staffSlug: string): CollectionBeforeChangeHook =>
  async ({ data, operation, originalDoc, req }) => {
    if (operation === 'create') {
      const { totalDocs } = await req.payload.count({ collection: staffSlug, overrideAccess: true, req })
      if (totalDocs === 0) data.roles = ['admin']
      return data
    }
    const roles: unknown = data.roles ?? originalDoc?.roles
    const wasAdmin = Array.isArray(originalDoc?.roles) && originalDoc.roles.includes('admin')
    if (wasAdmin && Array.isArray(roles) && !roles.includes('admin') && (await adminCount(req, staffSlug, originalDoc?.id)) === 0) {
      throw new ValidationError({ collection: staffSlug, errors: [{ path: 'roles', message: 'This is the last admin: make someone else an admin before removing this role.' }] })
    }
    return data
  }

export const refuseDeletingLastAdmin =
  (staffSlug: string): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    const doc = await req.payload.findByID({ collection: staffSlug, id, depth: 0, overrideAccess: true, req, disableErrors: true })
    const roles = (doc as { roles?: unknown } | null)?.roles
    if (Array.isArray(roles) && roles.includes('admin') && (await adminCount(req, staffSlug, id)) === 0) {
      throw new APIError('This is the last admin account and cannot be deleted: make someone else an admin first.', 409, undefined, true)
    }
  }

/**
 * Field access alone would silently drop a role change made by a non-admin; the person is
 * told instead. Unchanged roles (the admin form sends them back as they were) pass.
 */
export const refuseRoleChangesByNonAdmins =
  (staffSlug: string): CollectionBeforeOperationHook =>
  async ({ args, operation, req }) => {
    if (operation !== 'create' && operation !== 'update') return args
    const data = (args as { data?: { roles?: unknown } }).data
    const user = staffUser(req, staffSlug)
    if (data?.roles === undefined || isAdmin(user) || (args as { overrideAccess?: boolean }).overrideAccess) return args
    const id = (args as { id?: string | number }).id
    const current =
      id === undefined
        ? null
        : ((await req.payload.findByID({ collection: staffSlug, id, depth: 0, overrideAccess: true, req, disableErrors: true, select: { roles: true } })) as {
            roles?: string[]
          } | null)
    const same = (a: unknown, b: unknown) => Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((role) => b.includes(role))
    if (!current || !same(data.roles, current.roles)) throw new APIError('Only admins can change roles.', 403, undefined, true)
    return args
  }

export function staffCollection({ staffSlug }: NewsroomContext, secureCookies: boolean): CollectionConfig {
  return {
    slug: staffSlug,
    labels: { singular: 'Staff member', plural: 'Staff' },
    auth: {
      tokenExpiration: 8 * 60 * 60,
      maxLoginAttempts: 5,
      lockTime: 10 * 60 * 1000,
      cookies: { sameSite: 'Lax', secure: secureCookies },
    },
    admin: {
      useAsTitle: 'name',
      defaultColumns: ['name', 'email', 'roles'],
      group: 'Newsroom',
    },
    access: {
      admin: ({ req }) => isStaffMember(staffUser(req, staffSlug)),
      read: staffOnly(staffSlug),
      create: adminsOnly(staffSlug),
      update: ({ req }) => {
        const user = staffUser(req, staffSlug)
        if (isAdmin(user)) return true
        return user ? { id: { equals: user.id } } : false
      },
      delete: adminsOnly(staffSlug),
      unlock: ({ req }) => isAdmin(staffUser(req, staffSlug)),
    },
    hooks: {
      beforeOperation: [refuseRoleChangesByNonAdmins(staffSlug)],
      beforeChange: [keepAnAdmin(staffSlug)],
      beforeDelete: [refuseDeletingLastAdmin(staffSlug)],
    },
    fields: [{ name: 'name', type: 'text', required: true, maxLength: 120, admin: { description: 'Shown in bylines.' } }, rolesField(staffSlug), moderationAlertsField],
  }
}
