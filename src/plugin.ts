/**
 * securityNewsroom(options): the Payload plugin. It adds the newsroom's collections, admin
 * pieces and endpoints to any Payload 3 config, merging with what the host already has.
 */
import path from 'node:path'

import type { AfterErrorHook, CollectionAfterChangeHook, CollectionAfterDeleteHook, CollectionConfig, Config, Endpoint, Field, GlobalConfig } from 'payload'

import { articlesCollection, DRAFT_SAVE } from '../collections/Articles'
import { commentPolicyGlobal } from '../collections/CommentPolicy'
import { siteStateGlobal } from '../collections/SiteState'
import { commentsCollection } from '../collections/Comments'
import { refuseWrongGlobalTypes, refuseWrongTypes } from '../collections/hooks/fieldTypes'
import { validationInPlainWords } from '../collections/hooks/fieldLabels'
import { keepsSearchCurrent } from '../collections/hooks/search'
import { guestCommentersCollection } from '../collections/GuestCommenters'
import { importOriginsCollection, importRunsCollection } from '../collections/Imports'
import { redirectsCollection } from '../collections/Redirects'
import { readersCollection } from '../collections/Readers'
import { readerSessionsCollection, signInAttemptsCollection } from '../collections/ReaderSessions'
import { readerSessionStrategy } from './auth/readerSessions'
import { moderationEndpoints } from './comments/endpoints'
import { commentChangesCollection, reactionsTask } from './comments/reactions'
import { digestTask, moderationAlertsField, moderatorAlerts } from './mail/alerts'
import { mailLogCollection, mailSuppressionsCollection, sendMailTask } from './mail/ledger'
import { announcesNewPosts, newPostTask, postsDigestTask } from './mail/newPosts'
import { replyNotifications } from './mail/notifications'
import { tellsOfReview } from './mail/review'
import { commenterOutcomes } from './mail/outcomes'
import { mailAddressesCollection, mailOff, subscriptionsCollection, type MailContext } from './mail/subscriptions'
import { mediaCollection } from '../collections/Media'
import { sourcesCollection } from '../collections/Sources'
import { threatActorsCollection } from '../collections/ThreatActors'
import { topicsCollection } from '../collections/Topics'
import { keepAnAdmin, refuseRoleChangesByNonAdmins, rolesField, staffCollection } from '../collections/Users'
import { adminsOnly } from '../collections/access'
import { MAX_UPLOAD_BYTES, TOO_LARGE_MESSAGE } from './media/imageType'
import { countInit, initCount, instanceId } from './instance'
import { trackCommits } from './database/afterCommit'
import { keepConcurrentSessions } from './database/staffSessions'
import { bumpContentVersion } from './database/contentVersion'
import { BUSY_SENTENCE, isTransientDatabaseError, RETRY_AFTER_SECONDS } from './database/transient'
import type { NewsroomContext, SecurityNewsroomOptions } from './types'

/** The plugin's admin server components, as the import map names them (the package's own export). */
const ADMIN_SERVER = 'payload-security-newsroom/admin/rsc'

const hasField = (fields: Field[], name: string): boolean => fields.some((field) => 'name' in field && field.name === name)

/** A draft save writes only a version, never what readers see; everything else may change a page. */
const bumpAfterChange: CollectionAfterChangeHook = async ({ doc, req }) => {
  if ((req.context as Record<string, unknown>)[DRAFT_SAVE] !== true) await bumpContentVersion(req.payload, req)
  return doc
}
const bumpAfterDelete: CollectionAfterDeleteHook = async ({ doc, req }) => {
  await bumpContentVersion(req.payload, req)
  return doc
}

/** Any write to a collection the public site shows makes cached pages stale at once. */
function invalidatesPages(collection: CollectionConfig): CollectionConfig {
  return {
    ...collection,
    hooks: {
      ...collection.hooks,
      afterChange: [...(collection.hooks?.afterChange ?? []), bumpAfterChange],
      afterDelete: [...(collection.hooks?.afterDelete ?? []), bumpAfterDelete],
    },
  }
}

/** Values of the wrong kind are refused first, before any of the collection's own hooks (fieldTypes.ts). */
function checksTypes(collection: CollectionConfig): CollectionConfig {
  return { ...collection, hooks: { ...collection.hooks, beforeOperation: [refuseWrongTypes, ...(collection.hooks?.beforeOperation ?? [])] } }
}

const globalChecksTypes = (global: GlobalConfig): GlobalConfig => ({
  ...global,
  hooks: { ...global.hooks, beforeOperation: [refuseWrongGlobalTypes(global), ...(global.hooks?.beforeOperation ?? [])] },
})

/** The host's staff collection gains the newsroom's roles; a host without one gets ours. */
function withStaff(collections: CollectionConfig[], context: NewsroomContext, secureCookies: boolean): CollectionConfig[] {
  const existing = collections.find((collection) => collection.slug === context.staffSlug)
  if (!existing) return [...collections, staffCollection(context, secureCookies)]
  if (!existing.auth) {
    throw new Error(`securityNewsroom: the staff collection "${context.staffSlug}" must have auth enabled (or pass another staffCollection).`)
  }
  if (hasField(existing.fields, 'roles')) return collections
  const extended: CollectionConfig = {
    ...existing,
    fields: [...existing.fields, rolesField(context.staffSlug), ...(hasField(existing.fields, 'moderationAlerts') ? [] : [moderationAlertsField])],
    hooks: {
      ...existing.hooks,
      beforeOperation: [...(existing.hooks?.beforeOperation ?? []), refuseRoleChangesByNonAdmins(context.staffSlug)],
      beforeChange: [...(existing.hooks?.beforeChange ?? []), keepAnAdmin(context.staffSlug)],
    },
  }
  return collections.map((collection) => (collection === existing ? extended : collection))
}

/**
 * The database was too busy for a moment (past the retry bound): 503 with Retry-After and a
 * sentence, not Payload's 500 "Something went wrong". GraphQL keeps its 200 with the error.
 */
const busyAnswer: AfterErrorHook = ({ error, req, graphqlResult }) => {
  if (!isTransientDatabaseError(error)) return
  if (graphqlResult) return { graphqlResult: { ...graphqlResult, message: BUSY_SENTENCE, extensions: { ...graphqlResult.extensions, statusCode: 503 } } }
  const headers = req.responseHeaders ?? new Headers()
  headers.set('Retry-After', String(RETRY_AFTER_SECONDS))
  req.responseHeaders = headers
  return { status: 503, response: { errors: [{ message: BUSY_SENTENCE }] } }
}

const healthEndpoint: Endpoint = {
  path: '/newsroom/health',
  method: 'get',
  handler: (req) => Response.json({ status: 'ok', instance: instanceId(req.payload), inits: initCount() }, { headers: { 'Cache-Control': 'no-store' } }),
}

export const securityNewsroom =
  (options: SecurityNewsroomOptions = {}) =>
  (incoming: Config): Config => {
    if (options.enabled === false) return incoming

    const context: NewsroomContext = {
      staffSlug: options.staffCollection ?? 'users',
      mediaDir: options.mediaDir ?? path.join(process.cwd(), 'data', 'media'),
    }
    const mail: MailContext = options.mail ?? mailOff({ name: 'Security Newsroom', origin: incoming.serverURL || 'http://localhost:3000' })
    const secureCookies = process.env.NODE_ENV === 'production' && (process.env.SERVER_URL ?? '').startsWith('https:')
    const ours = [
      ...[
        tellsOfReview(announcesNewPosts(articlesCollection(context), mail), mail, context.staffSlug),
        sourcesCollection(context),
        threatActorsCollection(context),
        topicsCollection(context),
        mediaCollection(context),
      ]
        .map(invalidatesPages)
        .map(keepsSearchCurrent),
      // Comments invalidate pages themselves, and only when the published set changes.
      commentsCollection(context),
      readersCollection(context, readerSessionStrategy),
      guestCommentersCollection(context),
      readerSessionsCollection(),
      signInAttemptsCollection(),
      mailLogCollection(context.staffSlug),
      mailSuppressionsCollection(context.staffSlug),
      mailAddressesCollection(context.staffSlug),
      subscriptionsCollection(context.staffSlug),
      commentChangesCollection(),
      redirectsCollection(context),
      importOriginsCollection(context),
      importRunsCollection(context),
    ].map(checksTypes)
    const reactions = [replyNotifications(mail), moderatorAlerts(mail, context.staffSlug), commenterOutcomes(mail), ...(options.reactions ?? [])]
    const globals = [commentPolicyGlobal(context), siteStateGlobal()].map(globalChecksTypes)
    const hostCollections = incoming.collections ?? []
    for (const collection of ours) {
      if (hostCollections.some((existing) => existing.slug === collection.slug)) {
        throw new Error(`securityNewsroom: the host config already has a collection "${collection.slug}"; the newsroom needs that slug for its own ${collection.slug}.`)
      }
    }

    for (const global of globals) {
      if ((incoming.globals ?? []).some((existing) => existing.slug === global.slug)) {
        throw new Error(`securityNewsroom: the host config already has a global "${global.slug}"; the newsroom needs that slug.`)
      }
    }

    const hostOnInit = incoming.onInit
    return {
      ...incoming,
      admin: {
        ...incoming.admin,
        user: incoming.admin?.user ?? context.staffSlug,
        components: {
          ...incoming.admin?.components,
          afterNavLinks: [...(incoming.admin?.components?.afterNavLinks ?? []), `${ADMIN_SERVER}#ModerationNavLink`, `${ADMIN_SERVER}#ImportNavLink`],
          // The desk: what needs each staff member, at the top of the dashboard.
          beforeDashboard: [`${ADMIN_SERVER}#Desk`, ...(incoming.admin?.components?.beforeDashboard ?? [])],
          views: {
            ...incoming.admin?.components?.views,
            moderation: { Component: `${ADMIN_SERVER}#ModerationView`, path: '/moderation' },
            import: { Component: `${ADMIN_SERVER}#ImportView`, path: '/import' },
          },
        },
      },
      // Staff names appear in bylines, so staff changes invalidate pages too.
      collections: [
        ...withStaff(hostCollections, context, secureCookies).map((collection) => (collection.slug === context.staffSlug ? checksTypes(invalidatesPages(collection)) : collection)),
        ...ours,
      ],
      globals: [...(incoming.globals ?? []), ...globals],
      hooks: { ...incoming.hooks, afterError: [...(incoming.hooks?.afterError ?? []), busyAnswer, validationInPlainWords] },
      jobs: {
        ...incoming.jobs,
        // Payload lets anyone signed in set its job runner off through REST (GET /api/payload-jobs/run and
        // /handle-schedules), readers included, by a plain GET any page could make their browser send. Staff
        // admins only, unless the host decides otherwise.
        access: { ...incoming.jobs?.access, run: incoming.jobs?.access?.run ?? adminsOnly(context.staffSlug) },
        tasks: [...(incoming.jobs?.tasks ?? []), reactionsTask(reactions), sendMailTask(), digestTask(mail, context.staffSlug), newPostTask(mail), postsDigestTask(mail)],
      },
      endpoints: [...(incoming.endpoints ?? []), healthEndpoint, ...moderationEndpoints(context.staffSlug)],
      upload: {
        ...incoming.upload,
        // A little headroom so a file of exactly the limit passes; the media collection checks precisely.
        limits: { ...incoming.upload?.limits, fileSize: incoming.upload?.limits?.fileSize ?? MAX_UPLOAD_BYTES + 1 },
        responseOnLimit: incoming.upload?.responseOnLimit ?? TOO_LARGE_MESSAGE,
      },
      onInit: async (payload) => {
        // Before anything else writes: work that waits for a commit (afterCommit) needs to see commits.
        trackCommits(payload.db, (error) => payload.logger.error({ err: error, msg: 'A follow-up to a committed change failed' }))
        keepConcurrentSessions(payload.db, context.staffSlug)
        if (hostOnInit) await hostOnInit(payload)
        countInit()
        instanceId(payload)
      },
    }
  }
