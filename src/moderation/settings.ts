/** The comment-policy settings as stored (the admin's form) → the policy the pipeline runs. */
import { DEFAULT_POLICY, MODERATION_MODES, type CommentPolicy, type ModerationMode } from './policy'

/** One word or phrase per line, as WordPress's discussion settings take them. */
export const wordList = (value: unknown): string[] =>
  typeof value === 'string'
    ? value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
    : []

const whole = (value: unknown, fallback: number, min: number, max: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback

const flag = (value: unknown, fallback: boolean): boolean => (typeof value === 'boolean' ? value : fallback)

export function policyFromSettings(settings: Record<string, unknown> | null | undefined): CommentPolicy {
  const s = settings ?? {}
  const mode = MODERATION_MODES.includes(s.mode as ModerationMode) ? (s.mode as ModerationMode) : DEFAULT_POLICY.mode
  return {
    mode,
    allowGuests: flag(s.allowGuests, DEFAULT_POLICY.allowGuests),
    requireNameAndEmail: flag(s.requireNameAndEmail, DEFAULT_POLICY.requireNameAndEmail),
    maxLinks: whole(s.maxLinks, DEFAULT_POLICY.maxLinks, 0, 100),
    moderationWords: wordList(s.moderationWords),
    disallowedWords: wordList(s.disallowedWords),
    floodSeconds: whole(s.floodSeconds, DEFAULT_POLICY.floodSeconds, 0, 3600),
    duplicateWindowHours: whole(s.duplicateWindowHours, DEFAULT_POLICY.duplicateWindowHours, 0, 24 * 365),
    minSecondsBeforeSubmit: whole(s.minSecondsBeforeSubmit, DEFAULT_POLICY.minSecondsBeforeSubmit, 0, 600),
    editWindowMinutes: whole(s.editWindowMinutes, DEFAULT_POLICY.editWindowMinutes, 0, 24 * 60),
    closeAfterDays: whole(s.closeAfterDays, DEFAULT_POLICY.closeAfterDays, 0, 3650),
    maxDepth: whole(s.maxDepth, DEFAULT_POLICY.maxDepth, 1, 10),
    perPage: whole(s.perPage, DEFAULT_POLICY.perPage, 1, 200),
    order: s.order === 'newest' ? 'newest' : 'oldest',
    maxBodyBytes: whole(s.maxBodyBytes, DEFAULT_POLICY.maxBodyBytes, 1, DEFAULT_POLICY.maxBodyBytes),
  }
}
