/** The comment-policy global: the moderation pipeline's settings, in the admin's words. */
import type { GlobalConfig } from 'payload'

import { canPublish, isStaffMember } from '../src/editorial/roles'
import { DEFAULT_POLICY } from '../src/moderation/policy'
import { bumpContentVersion } from '../src/database/contentVersion'
import { GLOBAL_SLUGS, type NewsroomContext } from '../src/types'
import { staffUser } from './access'

export function commentPolicyGlobal({ staffSlug }: NewsroomContext): GlobalConfig {
  const number = (name: string, label: string, defaultValue: number, min: number, max: number, description: string) =>
    ({ name, label, type: 'number', required: true, defaultValue, min, max, admin: { description, step: 1 } }) as const
  return {
    slug: GLOBAL_SLUGS.commentPolicy,
    label: 'Comment policy',
    admin: { group: 'Comments', description: 'How replies are moderated. Every hold and every decision is explained in the moderation queue.' },
    // Not public: spammers would tune their messages to the word lists.
    access: { read: ({ req }) => isStaffMember(staffUser(req, staffSlug)), update: ({ req }) => canPublish(staffUser(req, staffSlug)) },
    // Order, page size and depth shape the comment threads on cached pages.
    hooks: {
      afterChange: [
        async ({ doc, req }) => {
          await bumpContentVersion(req.payload, req)
          return doc
        },
      ],
    },
    fields: [
      {
        name: 'mode',
        type: 'select',
        required: true,
        defaultValue: DEFAULT_POLICY.mode,
        options: [
          { value: 'pre-moderate', label: 'Pre-moderate: hold every comment' },
          { value: 'hold-until-approved', label: 'Hold a commenter’s comments until one has been approved' },
          { value: 'post-moderate', label: 'Post-moderate: publish at once, review afterwards' },
        ],
      },
      { name: 'allowGuests', label: 'Allow comments without signing in', type: 'checkbox', defaultValue: DEFAULT_POLICY.allowGuests },
      {
        name: 'mailCommenterOutcomes',
        label: 'Tell commenters by mail when a moderator approves or rejects their comment',
        type: 'checkbox',
        defaultValue: false,
        admin: {
          description:
            'Only to addresses their owner has confirmed (a "notify me" confirmation, or a sign-in provider that verified it). The rejection mail names the reason chosen in the queue.',
        },
      },
      { name: 'requireNameAndEmail', label: 'Guests must give a name and email', type: 'checkbox', defaultValue: DEFAULT_POLICY.requireNameAndEmail },
      number('maxLinks', 'Hold a comment with this many links or more', DEFAULT_POLICY.maxLinks, 0, 100, '0 turns this check off.'),
      { name: 'moderationWords', type: 'textarea', admin: { description: 'One word or phrase per line. A comment containing one (in its text, name, email or website) is held.' } },
      { name: 'disallowedWords', type: 'textarea', admin: { description: 'One word or phrase per line. A comment containing one is marked as spam.' } },
      number('floodSeconds', 'Minimum seconds between two comments from the same person', DEFAULT_POLICY.floodSeconds, 0, 3600, 'Faster comments are refused with “too quickly”.'),
      number(
        'duplicateWindowHours',
        'Duplicate window (hours)',
        DEFAULT_POLICY.duplicateWindowHours,
        0,
        24 * 365,
        'The same text from the same person on the same article within this time is refused. 0: at any time.',
      ),
      number(
        'minSecondsBeforeSubmit',
        'Minimum seconds between opening the page and sending',
        DEFAULT_POLICY.minSecondsBeforeSubmit,
        0,
        600,
        'Faster submissions are treated as spam (bots fill forms instantly).',
      ),
      number('editWindowMinutes', 'Minutes a signed-in reader may edit their comment', DEFAULT_POLICY.editWindowMinutes, 0, 24 * 60, ''),
      number('closeAfterDays', 'Close comments this many days after publication', DEFAULT_POLICY.closeAfterDays, 0, 3650, '0: never.'),
      number('maxDepth', 'Maximum thread depth', DEFAULT_POLICY.maxDepth, 1, 10, ''),
      number('perPage', 'Top-level comments per page', DEFAULT_POLICY.perPage, 1, 200, ''),
      {
        name: 'order',
        type: 'select',
        required: true,
        defaultValue: DEFAULT_POLICY.order,
        options: [
          { value: 'oldest', label: 'Oldest first' },
          { value: 'newest', label: 'Newest first' },
        ],
      },
      number('maxBodyBytes', 'Longest comment (bytes)', DEFAULT_POLICY.maxBodyBytes, 1, DEFAULT_POLICY.maxBodyBytes, 'WordPress’s limit is 65,525.'),
    ],
  }
}
