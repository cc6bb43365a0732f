/**
 * Demo content: the seed article with its source and facts, a hero image, a draft, and one
 * staff account per role. Safe to run again: everything is looked up by its natural key
 * first, so nothing is duplicated.
 */
import { randomBytes } from 'node:crypto'

import type { Payload, PayloadRequest } from 'payload'

import { CommentService, type SubmittedAuthor } from '../comments/service'
import { paragraphs } from '../editorial/richText'
import { policyFromSettings } from '../moderation/settings'
import { COLLECTION_SLUGS, GLOBAL_SLUGS } from '../types'
import * as demo from './fixtures/namArticle'
import { drawNetworkIllustration } from './heroImage'

export const DEMO_STAFF = [
  { email: 'admin@newsroom.test', name: 'Ada Admin', roles: ['admin'] },
  { email: 'editor@newsroom.test', name: 'Eddie Editor', roles: ['editor'] },
  { email: 'author@newsroom.test', name: 'Alex Author', roles: ['author'] },
  { email: 'moderator@newsroom.test', name: 'Mo Moderator', roles: ['moderator'] },
] as const

export type SeedOptions = {
  /** Password for demo staff created now; default SEED_PASSWORD, else generated and printed once. */
  readonly password?: string
  /** Also set the password of demo staff that already exist. */
  readonly resetPasswords?: boolean
  readonly staffSlug?: string
  readonly log?: (line: string) => void
}

export type SeedReport = { created: string[]; password: { value: string; generated: boolean } | null }

type Doc = { id: string | number } & Record<string, unknown>

export class SeedRefused extends Error {}

/** Demo replies, through the real moderation policy (its demo word lists included) and a real moderator's decisions. */
async function seedComments(payload: Payload, article: Doc, staff: Record<string, Doc>, staffSlug: string): Promise<void> {
  const settings = await payload.updateGlobal({
    slug: GLOBAL_SLUGS.commentPolicy,
    data: { moderationWords: demo.demoComments.moderationWords, disallowedWords: demo.demoComments.disallowedWords },
    overrideAccess: true,
  })
  // Demo readers post in quick succession; the flood limit is for real ones.
  const policy = { ...policyFromSettings(settings as Record<string, unknown>), floodSeconds: 0 }
  const service = new CommentService(payload, staffSlug)
  const ref = { id: String(article.id), commentsOpen: true, publishedAt: typeof article.publishedAt === 'string' ? article.publishedAt : null }
  const moderatorDoc = staff.moderator as Doc
  const moderator = { id: String(moderatorDoc.id), name: String(moderatorDoc.name), roles: ['moderator'] }
  let address = 10
  const submit = (author: SubmittedAuthor, body: string, parentId: string | null = null) =>
    service.submit({ article: ref, parentId, body, author, honeypot: '', secondsOnPage: 40, ip: `192.0.2.${address++}`, userAgent: 'Demo seed' }, policy)

  const ids: Record<string, string> = {}
  for (const entry of demo.demoComments.thread) {
    const parent = 'parent' in entry ? (ids[entry.parent] ?? null) : null
    const author: SubmittedAuthor =
      'staff' in entry
        ? { kind: 'staff', staff: { id: String((staff[entry.staff] as Doc).id), name: String((staff[entry.staff] as Doc).name), roles: [entry.staff] } }
        : { kind: 'guest', ...entry.author }
    const result = await submit(author, entry.body, parent)
    if (!result.comment) throw new Error(`demo comment refused: ${result.verdict.reasons.map((reason) => reason.text).join('; ')}`)
    ids[entry.key] = result.comment.id
    if ('approve' in entry && entry.approve) await service.decide({ ids: [result.comment.id], decision: 'approve', moderator })
  }
  for (const entry of [...demo.demoComments.pending, ...demo.demoComments.spam]) await submit({ kind: 'guest', ...entry.author }, entry.body)
}

async function findOne(payload: Payload, collection: string, field: string, value: string, draft = false): Promise<Doc | null> {
  const { docs } = await payload.find({ collection, where: { [field]: { equals: value } }, limit: 1, depth: 0, draft, overrideAccess: true })
  return (docs[0] as Doc | undefined) ?? null
}

export async function databaseIsEmpty(payload: Payload, staffSlug = 'users'): Promise<boolean> {
  const [staff, articles] = await Promise.all([
    payload.count({ collection: staffSlug, overrideAccess: true }),
    payload.count({ collection: COLLECTION_SLUGS.articles, overrideAccess: true }),
  ])
  return staff.totalDocs === 0 && articles.totalDocs === 0
}

export async function seedDemoContent(payload: Payload, options: SeedOptions = {}): Promise<SeedReport> {
  if (process.env.NODE_ENV === 'production') {
    throw new SeedRefused('Demo seeding is refused with NODE_ENV=production: it would create accounts with a known password.')
  }
  const log = options.log ?? (() => {})
  const staffSlug = options.staffSlug ?? 'users'
  const created: string[] = []
  const fromEnv = options.password ?? process.env.SEED_PASSWORD?.trim()
  const chosen: { password: SeedReport['password'] } = { password: null }
  const passwordForNewAccounts = () => (chosen.password ??= fromEnv ? { value: fromEnv, generated: false } : { value: randomBytes(9).toString('base64url'), generated: true }).value

  // Staff, one per role. The first account created is made admin by the staff collection itself.
  const staff: Record<string, Doc> = {}
  for (const member of DEMO_STAFF) {
    let doc = await findOne(payload, staffSlug, 'email', member.email)
    if (!doc) {
      doc = (await payload.create({ collection: staffSlug, data: { ...member, roles: [...member.roles], password: passwordForNewAccounts() }, overrideAccess: true })) as Doc
      created.push(`staff ${member.email}`)
    } else if (options.resetPasswords) {
      await payload.update({ collection: staffSlug, id: doc.id, data: { password: passwordForNewAccounts() }, overrideAccess: true })
      created.push(`new password for ${member.email}`)
    }
    staff[member.roles[0]] = doc
  }
  const editor = staff.editor as Doc
  const author = staff.author as Doc
  const asUser = async (user: Doc): Promise<Partial<PayloadRequest>> => ({ user: { ...user, collection: staffSlug } as PayloadRequest['user'] })

  let reuters = await findOne(payload, COLLECTION_SLUGS.sources, 'name', demo.source.name)
  if (!reuters) {
    reuters = (await payload.create({ collection: COLLECTION_SLUGS.sources, data: { ...demo.source }, overrideAccess: true })) as Doc
    created.push('source Reuters')
  }

  let actor = await findOne(payload, COLLECTION_SLUGS.threatActors, 'name', demo.threatActor.name)
  if (!actor) {
    actor = (await payload.create({ collection: COLLECTION_SLUGS.threatActors, data: { ...demo.threatActor }, overrideAccess: true })) as Doc
    created.push('threat actor')
  }

  let hero = await findOne(payload, COLLECTION_SLUGS.media, 'filename', demo.heroImage.filename)
  if (!hero) {
    const data = await drawNetworkIllustration()
    hero = (await payload.create({
      collection: COLLECTION_SLUGS.media,
      data: { alt: demo.heroImage.alt, caption: demo.heroImage.caption, credit: demo.heroImage.credit },
      file: { data, mimetype: 'image/jpeg', name: demo.heroImage.filename, size: data.length },
      overrideAccess: true,
    })) as Doc
    created.push('hero image')
  }

  if (!(await findOne(payload, COLLECTION_SLUGS.articles, 'title', demo.title, true))) {
    const story = {
      title: demo.title,
      dek: demo.dek,
      heroImage: hero.id,
      authors: [editor.id],
      adaptedFrom: [{ source: reuters.id, originalUrl: demo.originalUrl, usage: 'licensed', retrievedAt: demo.dates.retrievedAt }],
      incident: {
        ...demo.incident,
        victims: [...demo.incident.victims],
        sectors: [...demo.incident.sectors],
        attackTypes: [...demo.incident.attackTypes],
        threatActors: [actor.id],
      },
      comments: 'open',
    }
    // First as it arrived from the wire desk, copy errors and all, then fixed and published by the editor.
    const draft = (await payload.create({
      collection: COLLECTION_SLUGS.articles,
      data: { ...story, body: paragraphs(demo.draftBody), _status: 'draft' },
      draft: true,
      overrideAccess: false,
      req: await asUser(editor),
    })) as Doc
    await payload.update({
      collection: COLLECTION_SLUGS.articles,
      id: draft.id,
      data: { body: paragraphs(demo.body), publishedAt: demo.dates.publishedAt, _status: 'published' },
      overrideAccess: false,
      req: await asUser(editor),
    })
    // The story keeps its own dates, as an import keeps a source's: it arrived from the wire and was
    // published that day (the versions keep the real history of this database).
    await payload.db.updateOne({
      collection: COLLECTION_SLUGS.articles,
      id: draft.id,
      data: { createdAt: demo.dates.retrievedAt, updatedAt: demo.dates.publishedAt, firstPublishedAt: demo.dates.publishedAt },
      returning: false,
    })
    created.push('article (published)')
  }

  if (!(await findOne(payload, COLLECTION_SLUGS.articles, 'title', demo.draftArticle.title, true))) {
    await payload.create({
      collection: COLLECTION_SLUGS.articles,
      data: {
        ...demo.draftArticle,
        incident: { attackTypes: [...demo.draftArticle.incident.attackTypes], attackTechniques: [...demo.draftArticle.incident.attackTechniques] },
        body: paragraphs(demo.draftArticle.body),
        _status: 'draft',
      },
      draft: true,
      overrideAccess: false,
      req: await asUser(author),
    })
    created.push('article (draft)')
  }

  const article = await findOne(payload, COLLECTION_SLUGS.articles, 'title', demo.title)
  if (article && (await payload.count({ collection: COLLECTION_SLUGS.comments, where: { article: { equals: article.id } }, overrideAccess: true })).totalDocs === 0) {
    await seedComments(payload, article, staff, staffSlug)
    created.push('comments (approved thread, pending, spam)')
  }

  if (created.length) log(`Seeded: ${created.join(', ')}.`)
  else log('Demo content already present: nothing to add.')
  const { password } = chosen
  if (password?.generated) {
    log('')
    log('  ┌───────────────────────────────────────────────────────────────')
    log(`  │ Demo staff password (shown once): ${password.value}`)
    log(`  │ Accounts: ${DEMO_STAFF.map((member) => member.email).join(', ')}`)
    log('  │ Set SEED_PASSWORD to choose it; `npm run seed -- --reset-passwords` sets a new one.')
    log('  └───────────────────────────────────────────────────────────────')
  }
  return { created, password }
}
