/**
 * A commenter's standing with the moderators and their record, shared by signed-in readers and
 * guest commenters: one definition serves both, so the queue treats them alike.
 */
import type { Field, PayloadRequest } from 'payload'

import { STANDING_OPTIONS } from '../src/moderation/vocabulary'

const systemOnly = { create: () => false, update: () => false }

export function standingFields(canSee: (args: { req: PayloadRequest }) => boolean): Field[] {
  const moderatorsOnly = { read: canSee }
  return [
    { name: 'status', type: 'select', required: true, defaultValue: 'active', options: STANDING_OPTIONS, index: true, access: moderatorsOnly },
    {
      name: 'suspendedUntil',
      type: 'date',
      access: moderatorsOnly,
      admin: { condition: (_data, sibling) => sibling?.status === 'suspended', date: { pickerAppearance: 'dayAndTime' } },
      validate: (value: unknown, { siblingData }: { siblingData: Record<string, unknown> }) =>
        siblingData.status === 'suspended' && !value ? 'Give the date the suspension ends.' : true,
    },
    { name: 'statusReason', type: 'text', maxLength: 500, access: moderatorsOnly, admin: { description: 'Shown to the commenter when they are refused.' } },
    { name: 'approvedCount', type: 'number', defaultValue: 0, access: { ...moderatorsOnly, ...systemOnly }, admin: { readOnly: true } },
    {
      name: 'rejectedCount',
      type: 'number',
      defaultValue: 0,
      access: { ...moderatorsOnly, ...systemOnly },
      admin: { readOnly: true, description: 'Comments marked spam or rejected.' },
    },
    { name: 'lastCommentAt', type: 'date', access: { ...moderatorsOnly, ...systemOnly }, admin: { readOnly: true } },
  ]
}
