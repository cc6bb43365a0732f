/**
 * Articles: cyber-news stories, often adapted from wire sources, with structured incident
 * facts. The judgement (slug, attribution and publish rules) lives in src/editorial; the
 * hooks here only gather what those rules need and report their verdicts.
 */
import { slateEditor } from '@payloadcms/richtext-slate'
import {
  APIError,
  ValidationError,
  type Access,
  type CollectionBeforeChangeHook,
  type CollectionBeforeOperationHook,
  type CollectionBeforeValidateHook,
  type CollectionConfig,
  type FieldHook,
  type PayloadRequest,
  type Where,
} from 'payload'

import { effectiveAttribution } from '../src/editorial/publishRules'
import { IMPORT_PROBLEMS, IMPORTING } from '../src/import/model'
import { canPublish, canWrite, isStaffMember } from '../src/editorial/roles'
import { ABANDONED_DRAFT_DAYS, isAbandonedDraft, isAutomaticSlug, numberedSlug, slugify, slugProblem } from '../src/editorial/slug'
import { ATTACK_TYPES, ATTRIBUTION_CONFIDENCE, COMMENT_SETTINGS, CORRECTION_KINDS, INCIDENT_STATUS, SECTORS, USAGE_TERMS } from '../src/editorial/taxonomy'
import { previewLink } from '../src/site/preview'
import { COLLECTION_SLUGS, type NewsroomContext } from '../src/types'
import { staffOnly, staffUser } from './access'
import { articleCommentCounts } from './hooks/commentCounts'
import { labelledErrors } from './hooks/fieldLabels'
import { articleProblems, livePublished } from './hooks/publishCheck'
import { recordReview, reviewEndpoint, reviewLogField, reviewStateField } from './hooks/review'
import { relationId, resolveSource } from './hooks/sourceLookup'
import { attackTechniqueList, cveList, httpUrl, normaliseIdentifiers, trimmed } from './validators'

const SLUG = COLLECTION_SLUGS.articles
/** Where the admin components live, as the import map names them (the package's own export). */
const ADMIN_COMPONENTS = 'payload-security-newsroom/admin'
/** Request-context flag: this create/update only saves a draft (readers' version unchanged). */
export const DRAFT_SAVE = 'newsroom:draftSave'

type ArticleData = Record<string, unknown> & {
  id?: string | number
  title?: string | null
  slug?: string | null
  dek?: string | null
  body?: unknown
  heroImage?: unknown
  adaptedFrom?: Array<Record<string, unknown>> | null
  attributionOverride?: string | null
  authors?: unknown[] | null
  publishedAt?: string | null
  firstPublishedAt?: string | null
  _status?: 'draft' | 'published' | null
}

/** What the public may see: published articles whose publication time has come. */
export const publiclyVisible = (now = new Date()): Where => ({
  and: [{ _status: { equals: 'published' } }, { publishedAt: { less_than_equal: now.toISOString() } }],
})

function articleAccess(staffSlug: string) {
  const read: Access = ({ req }) => (isStaffMember(staffUser(req, staffSlug)) ? true : publiclyVisible())
  const create: Access = ({ req, data }) => {
    const user = staffUser(req, staffSlug)
    return canPublish(user) || (canWrite(user) && (data as ArticleData | undefined)?._status !== 'published')
  }
  // Payload asks this with data._status = 'published' to decide whether to offer "Publish".
  const update: Access = ({ req, data }) => {
    const user = staffUser(req, staffSlug)
    if (canPublish(user)) return true
    if (!user || !canWrite(user) || (data as ArticleData | undefined)?._status === 'published') return false
    return { authors: { equals: user.id } }
  }
  const remove: Access = ({ req }) => {
    const user = staffUser(req, staffSlug)
    if (canPublish(user)) return true
    if (!user || !canWrite(user)) return false
    const own: Where[] = [{ authors: { equals: user.id } }, { firstPublishedAt: { exists: false } }]
    return { and: own }
  }
  return { read, create, update, delete: remove, readVersions: staffOnly(staffSlug) }
}

/** Payload's hooks do not say whether an update saves a draft; the operation's arguments do. */
const rememberDraftSave: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (operation === 'create' || operation === 'update') (req.context as Record<string, unknown>)[DRAFT_SAVE] = Boolean((args as { draft?: boolean }).draft)
  return args
}

type SlugOwner = { id: string | number; title?: string; firstPublishedAt?: string | null; updatedAt?: string }

async function slugOwner(req: PayloadRequest, slug: string, exceptId: string | number | undefined): Promise<SlugOwner | null> {
  const conditions: Where[] = [{ slug: { equals: slug } }]
  if (exceptId !== undefined) conditions.push({ id: { not_equals: exceptId } })
  const where: Where = { and: conditions }
  // draft: true reads each article's latest version, so unpublished drafts hold their slugs too.
  const { docs } = await req.payload.find({
    collection: SLUG,
    where,
    draft: true,
    limit: 1,
    depth: 0,
    overrideAccess: true,
    req,
    select: { title: true, firstPublishedAt: true, updatedAt: true },
  })
  return (docs[0] as SlugOwner | undefined) ?? null
}

/**
 * A draft never published and not saved for ABANDONED_DRAFT_DAYS gives its slug up to an article
 * that wants it: it moves to "<slug>-draft" (numbered if need be), in its row and its latest
 * version (where the admin reads a draft), and its sidebar says why. Its own date is kept.
 */
async function giveUpSlug(req: PayloadRequest, owner: SlugOwner, slug: string, takerTitle: string): Promise<void> {
  let moved: string | null = null
  for (let n = 1; n < 100 && !moved; n += 1) {
    const candidate = numberedSlug(`${slug}-draft`, n)
    if (!(await slugOwner(req, candidate, owner.id))) moved = candidate
  }
  if (!moved) throw new APIError('Could not move an abandoned draft out of the way of this slug; please type another.', 400, undefined, true)
  const day = new Date().toISOString().slice(0, 10)
  const note = `Its address /articles/${slug} went to “${takerTitle || 'another article'}” on ${day}: this draft had not been saved for ${ABANDONED_DRAFT_DAYS} days and was never published. It is now /articles/${moved}.`
  await req.payload.db.updateOne({ collection: SLUG, id: owner.id, data: { slug: moved, slugNote: note, updatedAt: owner.updatedAt }, req, returning: false })
  const { docs } = await req.payload.db.findVersions({
    collection: SLUG,
    where: { and: [{ parent: { equals: owner.id } }, { latest: { equals: true } }] },
    limit: 1,
    pagination: false,
    req,
  })
  for (const latest of docs as unknown as Array<{ id: string | number; version: Record<string, unknown> }>) {
    await req.payload.db.updateVersion({
      collection: SLUG,
      id: latest.id,
      versionData: { ...latest, version: { ...latest.version, slug: moved, slugNote: note } },
      req,
      returning: false,
    })
  }
}

/** Who holds `slug` (none when only an abandoned draft did: it gives the slug up). */
async function slugHolder(req: PayloadRequest, slug: string, exceptId: string | number | undefined, takerTitle: string): Promise<SlugOwner | null> {
  const owner = await slugOwner(req, slug, exceptId)
  if (!owner || !isAbandonedDraft(owner, new Date())) return owner
  await giveUpSlug(req, owner, slug, takerTitle)
  return null
}

/** The first free slug from `base` ("x", "x-2", …), an abandoned draft's included: for the slug hook and the importer alike. */
export async function freeSlug(req: PayloadRequest, base: string, exceptId: string | number | undefined, takerTitle: string): Promise<string> {
  for (let n = 1; n < 100; n += 1) {
    const candidate = numberedSlug(base, n)
    if (!(await slugHolder(req, candidate, exceptId, takerTitle))) return candidate
  }
  throw new APIError('Could not find a free slug for this headline; please type one.', 400, undefined, true)
}

/**
 * Slugs come from the headline and follow it while the article is unpublished, are
 * normalised when typed, never clash, and are fixed from the first publication on.
 */
const settleSlug: CollectionBeforeValidateHook = async ({ collection, data, originalDoc, req }) => {
  if (!data) return data
  const article = data as ArticleData
  const original = originalDoc as ArticleData | undefined
  const typed = typeof article.slug === 'string' ? slugify(article.slug) : undefined
  const kept = original?.slug || undefined

  if (original?.firstPublishedAt) {
    if (typed && typed !== kept) {
      throw new ValidationError({
        collection: SLUG,
        errors: labelledErrors(collection.flattenedFields, [
          { path: 'slug', message: `The slug is fixed once an article has been published, so links to it keep working. It stays "${kept}".` },
        ]),
      })
    }
    if (kept) article.slug = kept
    return data
  }

  if (typed && typed !== kept) {
    const owner = await slugHolder(req, typed, original?.id, String(article.title ?? original?.title ?? ''))
    if (owner)
      throw new ValidationError({
        collection: SLUG,
        errors: labelledErrors(collection.flattenedFields, [
          { path: 'slug', message: `The slug "${typed}" is already used by "${owner.title ?? 'another article'}". Choose another.` },
        ]),
      })
    article.slug = typed
    return data
  }

  const titleChanged = article.title !== undefined && article.title !== original?.title
  const followTitle = kept !== undefined && isAutomaticSlug(kept, original?.title ?? '') && titleChanged
  if (kept && typed !== '' && !followTitle) return data
  const title = String(article.title ?? original?.title ?? '').trim()
  if (!title) return data
  article.slug = await freeSlug(req, slugify(title) || 'article', original?.id, title)
  return data
}

/** Authors always stay on the byline of what they write, so they keep access to it. */
function keepAuthorOnByline(staffSlug: string): CollectionBeforeValidateHook {
  return ({ data, originalDoc, req, operation }) => {
    const user = staffUser(req, staffSlug)
    if (!data || !user || canPublish(user)) return data
    const current = (data.authors ?? (originalDoc as ArticleData | undefined)?.authors ?? []) as unknown[]
    const ids = current.map(relationId).filter((id) => id !== null)
    if (operation === 'create' || data.authors !== undefined) {
      if (!ids.some((id) => String(id) === String(user.id))) data.authors = [...ids, user.id]
    }
    return data
  }
}

/** A source chosen without usage terms takes the source's default terms. */
const fillDefaultUsage: CollectionBeforeValidateHook = async ({ data, req }) => {
  const rows = (data as ArticleData | undefined)?.adaptedFrom
  if (!Array.isArray(rows)) return data
  for (const row of rows) {
    const id = relationId(row.source)
    if (row.usage || id === null) continue
    const source = (await req.payload.findByID({
      collection: COLLECTION_SLUGS.sources,
      id,
      depth: 0,
      overrideAccess: true,
      req,
      disableErrors: true,
      select: { defaultUsage: true },
    })) as { defaultUsage?: string | null } | null
    if (source?.defaultUsage) row.usage = source.defaultUsage
  }
  return data
}

/**
 * Publishing is where the newsroom's rules bite: only editors publish, authors cannot touch
 * the published version, and nothing goes out that fails the publish rules.
 */
function guardPublication(staffSlug: string): CollectionBeforeChangeHook {
  return async ({ collection, data, originalDoc, req }) => {
    const article = { ...(originalDoc as ArticleData | undefined), ...(data as ArticleData) }
    const user = staffUser(req, staffSlug)
    const draftSave = Boolean((req.context as Record<string, unknown>)[DRAFT_SAVE])

    if (user && !canPublish(user) && originalDoc?.id !== undefined && !draftSave) {
      if (await livePublished(req, originalDoc.id)) {
        throw new APIError('This article is published: save your changes as a draft and an editor will publish them.', 403, undefined, true)
      }
    }
    if (data._status !== 'published') return data

    const problems = await articleProblems(req, article)
    // An import brings in what was already public elsewhere: it keeps it public, with its own
    // dates, and reports what the rules would refuse so an editor can mend it.
    const importing = Boolean((req.context as Record<string, unknown>)[IMPORTING])
    if (problems.length > 0) {
      if (!importing) throw new ValidationError({ collection: SLUG, errors: labelledErrors(collection.flattenedFields, problems) })
      ;(req.context as Record<string, unknown>)[IMPORT_PROBLEMS] = problems
    }

    const now = new Date().toISOString()
    data.firstPublishedAt = (originalDoc as ArticleData | undefined)?.firstPublishedAt ?? (importing && article.publishedAt ? article.publishedAt : now)
    data.publishedAt = article.publishedAt || now
    // A draft carries the count from when it was saved; the published version gets today's.
    if (originalDoc?.id !== undefined) Object.assign(data, await articleCommentCounts(req.payload, originalDoc.id, req))
    return data
  }
}

/** The line readers see, computed on every read from the current source records. */
const computeAttributionLine: FieldHook = async ({ data, req }) => {
  const article = data as ArticleData | undefined
  const rows = article?.adaptedFrom ?? []
  if (!article || (!article.attributionOverride?.trim() && rows.length === 0)) return null
  const adaptedFrom = await Promise.all(rows.map(async (row) => ({ source: await resolveSource(req, row.source) })))
  return effectiveAttribution({ adaptedFrom, attributionOverride: article.attributionOverride }) || null
}

const incidentWindowOrder = (value: unknown, { siblingData }: { siblingData: Record<string, unknown> }): string | true => {
  const start = siblingData.start ? Date.parse(String(siblingData.start)) : NaN
  const end = value ? Date.parse(String(value)) : NaN
  return Number.isFinite(start) && Number.isFinite(end) && end < start ? 'The incident window ends before it starts.' : true
}

export function articlesCollection({ staffSlug }: NewsroomContext): CollectionConfig {
  return {
    slug: SLUG,
    labels: { singular: 'Article', plural: 'Articles' },
    admin: {
      useAsTitle: 'title',
      // Staff see the latest draft as readers would, through a signed link that expires in an hour.
      preview: (doc, { req }) => (doc?.id ? `${req.payload.config.serverURL}${previewLink(req.payload.secret, String(doc.id))}` : null),
      defaultColumns: ['title', 'reviewState', '_status', 'publishedAt', 'authors', 'updatedAt'],
      group: 'Newsroom',
      listSearchableFields: ['title', 'dek', 'slug'],
    },
    access: articleAccess(staffSlug),
    versions: {
      maxPerDoc: 100,
      drafts: { autosave: { interval: 2000 }, schedulePublish: true },
    },
    hooks: {
      beforeOperation: [rememberDraftSave],
      beforeValidate: [settleSlug, keepAuthorOnByline(staffSlug), fillDefaultUsage],
      beforeChange: [guardPublication(staffSlug), recordReview(staffSlug, DRAFT_SAVE)],
    },
    endpoints: [reviewEndpoint(staffSlug)],
    fields: [
      {
        type: 'tabs',
        tabs: [
          {
            label: 'Story',
            fields: [
              { name: 'title', label: 'Headline', type: 'text', required: true, maxLength: 200, hooks: { beforeValidate: [trimmed] } },
              {
                name: 'dek',
                label: 'Dek',
                type: 'textarea',
                maxLength: 300,
                admin: { description: 'The one- or two-sentence summary under the headline, also used as the page description.' },
              },
              { name: 'heroImage', type: 'upload', relationTo: COLLECTION_SLUGS.media },
              {
                name: 'body',
                type: 'richText',
                editor: slateEditor({
                  admin: {
                    elements: ['h2', 'h3', 'h4', 'ul', 'ol', 'blockquote', 'link', 'upload'],
                    leaves: ['bold', 'italic', 'underline', 'strikethrough', 'code'],
                    upload: { collections: { [COLLECTION_SLUGS.media]: { fields: [] } } },
                  },
                }),
              },
            ],
          },
          {
            label: 'Sources',
            description: 'Where this story comes from. The attribution line is generated from these entries.',
            fields: [
              {
                name: 'adaptedFrom',
                label: 'Adapted from',
                type: 'array',
                labels: { singular: 'Source', plural: 'Sources' },
                fields: [
                  { name: 'source', type: 'relationship', relationTo: COLLECTION_SLUGS.sources },
                  { name: 'originalUrl', label: 'Original report URL', type: 'text', validate: httpUrl, hooks: { beforeValidate: [trimmed] } },
                  { name: 'originalHeadline', type: 'text', maxLength: 300 },
                  { name: 'retrievedAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
                  { name: 'usage', label: 'Usage terms', type: 'select', options: USAGE_TERMS },
                ],
              },
              {
                name: 'attributionLine',
                type: 'text',
                virtual: true,
                admin: { readOnly: true, description: 'What readers see, generated from the sources above (after saving).' },
                hooks: { afterRead: [computeAttributionLine] },
              },
              {
                name: 'attributionOverride',
                type: 'text',
                maxLength: 300,
                admin: { description: 'Leave empty to use the generated line. An override must still name every source.' },
              },
            ],
          },
          {
            label: 'Incident facts',
            fields: [
              {
                name: 'incident',
                type: 'group',
                label: false,
                fields: [
                  { name: 'threatActors', type: 'relationship', relationTo: COLLECTION_SLUGS.threatActors, hasMany: true },
                  { name: 'attributedTo', type: 'text', maxLength: 200, admin: { description: 'Who is blamed, as reported: "China (state-linked groups)".' } },
                  { name: 'attributionConfidence', type: 'select', options: ATTRIBUTION_CONFIDENCE, defaultValue: 'unknown' },
                  { name: 'victims', type: 'text', hasMany: true, admin: { description: 'Organisations affected.' } },
                  { name: 'sectors', type: 'select', hasMany: true, options: SECTORS },
                  { name: 'attackTypes', type: 'select', hasMany: true, options: ATTACK_TYPES },
                  {
                    name: 'cves',
                    label: 'CVEs',
                    type: 'text',
                    hasMany: true,
                    validate: cveList,
                    hooks: { beforeValidate: [normaliseIdentifiers] },
                    admin: { description: 'e.g. CVE-2019-0708' },
                  },
                  {
                    name: 'attackTechniques',
                    label: 'ATT&CK techniques',
                    type: 'text',
                    hasMany: true,
                    validate: attackTechniqueList,
                    hooks: { beforeValidate: [normaliseIdentifiers] },
                    admin: { description: 'MITRE ATT&CK ids, e.g. T1566 or T1566.001' },
                  },
                  {
                    name: 'incidentWindow',
                    type: 'group',
                    fields: [
                      { name: 'start', type: 'date' },
                      { name: 'end', type: 'date', validate: incidentWindowOrder },
                      { name: 'approximateLabel', type: 'text', maxLength: 80, admin: { description: 'When exact dates are unknown: "Summer 2019".' } },
                    ],
                  },
                  { name: 'status', label: 'Incident status', type: 'select', options: INCIDENT_STATUS, defaultValue: 'unknown' },
                ],
              },
            ],
          },
          {
            label: 'Review',
            description: 'The story’s way through review. Authors submit it from the sidebar; editors request changes, approve and publish.',
            fields: [reviewLogField(staffSlug)],
          },
          {
            label: 'Corrections',
            fields: [
              {
                name: 'corrections',
                type: 'array',
                labels: { singular: 'Correction', plural: 'Corrections' },
                fields: [
                  { name: 'date', type: 'date', required: true, defaultValue: () => new Date().toISOString() },
                  { name: 'kind', type: 'select', required: true, options: CORRECTION_KINDS, defaultValue: 'correction' },
                  { name: 'text', type: 'textarea', required: true, maxLength: 2000 },
                ],
              },
            ],
          },
        ],
      },
      {
        name: 'publishChecklist',
        type: 'ui',
        admin: { position: 'sidebar', components: { Field: `${ADMIN_COMPONENTS}#PublishChecklist` } },
      },
      reviewStateField(staffSlug, `${ADMIN_COMPONENTS}#ReviewPanel`),
      {
        name: 'slug',
        type: 'text',
        unique: true,
        index: true,
        maxLength: 96,
        validate: (value: unknown) => (typeof value === 'string' ? (slugProblem(value) ?? true) : true),
        admin: { position: 'sidebar', description: 'The article’s web address. Made from the headline; fixed once published.' },
      },
      {
        // Set when an abandoned draft gave its slug up to another article.
        name: 'slugNote',
        type: 'text',
        access: { create: () => false, update: () => false },
        admin: { position: 'sidebar', readOnly: true, condition: (data) => Boolean((data as ArticleData | undefined)?.slugNote) },
      },
      {
        name: 'authors',
        type: 'relationship',
        relationTo: staffSlug,
        hasMany: true,
        defaultValue: ({ user }: { user?: { id: string | number; collection?: string } | null }) => (user && user.collection === staffSlug ? [user.id] : []),
        admin: { position: 'sidebar' },
      },
      {
        name: 'section',
        type: 'relationship',
        relationTo: COLLECTION_SLUGS.topics,
        index: true,
        filterOptions: { kind: { equals: 'section' } },
        admin: { position: 'sidebar', description: 'The one section this story belongs to.' },
      },
      {
        name: 'tags',
        type: 'relationship',
        relationTo: COLLECTION_SLUGS.topics,
        hasMany: true,
        filterOptions: { kind: { equals: 'tag' } },
        admin: { position: 'sidebar' },
      },
      {
        name: 'publishedAt',
        type: 'date',
        index: true,
        admin: {
          position: 'sidebar',
          date: { pickerAppearance: 'dayAndTime' },
          description: 'Set automatically on first publication. A future time keeps a published article hidden until then.',
        },
      },
      {
        name: 'firstPublishedAt',
        type: 'date',
        access: { create: () => false, update: () => false },
        admin: { position: 'sidebar', readOnly: true, date: { pickerAppearance: 'dayAndTime' } },
      },
      { name: 'comments', type: 'select', options: COMMENT_SETTINGS, defaultValue: 'open', required: true, admin: { position: 'sidebar' } },
      {
        name: 'commentCount',
        label: 'Approved comments',
        type: 'number',
        defaultValue: 0,
        access: { create: () => false, update: () => false },
        admin: { position: 'sidebar', readOnly: true },
      },
      {
        // Published comments shown at the top level: how many pages the thread has.
        name: 'threadCount',
        type: 'number',
        defaultValue: 0,
        access: { create: () => false, update: () => false },
        admin: { hidden: true },
      },
    ],
  }
}
