/** Public types of the securityNewsroom plugin. */
import type { CommentReaction } from './comments/reactions'
import type { MailContext } from './mail/subscriptions'

export type SecurityNewsroomOptions = {
  /**
   * false leaves the host config exactly as it was (to switch the plugin off in one
   * environment); the data it stored stays in the database. Default true.
   */
  enabled?: boolean
  /**
   * Slug of the staff (admin users) collection. When the host already has a collection with
   * this slug it must be auth-enabled; the plugin adds the newsroom's `roles` field to it.
   * Otherwise the plugin adds a complete staff collection. Default 'users'.
   */
  staffCollection?: string
  /** Folder where uploaded images and their resized copies are stored. Default ./data/media. */
  mediaDir?: string
  /**
   * What else follows a stored comment change (a webhook, say): run by the job runner after the
   * change commits, whichever write made it (the form, the moderation queue, the admin, REST).
   * Each must be idempotent: a failed job is retried with all its reactions.
   */
  reactions?: ReadonlyArray<CommentReaction>
  /** Who mail comes from and where its links point; without it (or with `enabled: false`) no subscription is offered. */
  mail?: MailContext
}

/** What every collection factory needs to know about the host setup. */
export type NewsroomContext = {
  readonly staffSlug: string
  readonly mediaDir: string
}

export const COLLECTION_SLUGS = {
  articles: 'articles',
  sources: 'sources',
  threatActors: 'threat-actors',
  topics: 'topics',
  media: 'media',
  comments: 'comments',
  readers: 'readers',
  guestCommenters: 'guest-commenters',
  readerSessions: 'reader-sessions',
  signInAttempts: 'sign-in-attempts',
  redirects: 'redirects',
  importOrigins: 'import-origins',
  importRuns: 'import-runs',
} as const

/** What a document id looks like here: uuids on SQLite, ObjectIds on MongoDB. Anything else in a URL or request is bad input. */
export const DOCUMENT_ID_PATTERN = /^[0-9a-zA-Z-]{1,64}$/

export const GLOBAL_SLUGS = {
  commentPolicy: 'comment-policy',
  siteState: 'site-state',
} as const
