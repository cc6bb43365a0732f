/**
 * Reads or queues work in a newsroom's database from outside its server, through Payload's
 * Local API (run by inspect.ts as its own process, with the server's environment). Prints one
 * line `RESULT:<json>`.
 *
 *   state                                  what the comments, commenters and articles hold
 *   reset-token <email>                    whether a staff member has a reset token stored
 *   queue-publish <articleId> <userId> <iso>   queue the scheduled publication of a draft
 *   lease                                  which instance holds the job runner's lease
 *   job <jobId> <articleId>                whether the job is still pending, and the article's published versions
 *   reader-session <displayName>           a signed-in reader: the Cookie header their browser sends
 *   runner                                 jobs marked processing, and the mail ledger's rows (purpose, status)
 */
import { getPayload } from 'payload'

import { READER_COOKIE, startReaderSession } from '../../src/auth/readerSessions'
import config from '../../src/payload.config'
import { CSRF_COOKIE, newCsrfSecret } from '../../src/security/csrf'

type Doc = Record<string, unknown> & { id: string | number }
const idOf = (value: unknown): string | null =>
  value && typeof value === 'object' && 'id' in value ? String((value as Doc).id) : typeof value === 'string' || typeof value === 'number' ? String(value) : null

async function main(): Promise<unknown> {
  const [command, ...args] = process.argv.slice(2)
  const payload = await getPayload({ config })
  const all = async (collection: string) => (await payload.find({ collection, pagination: false, depth: 0, overrideAccess: true, limit: 0 })).docs as Doc[]
  switch (command) {
    case 'state': {
      const [comments, guests, articles] = await Promise.all([all('comments'), all('guest-commenters'), all('articles')])
      return {
        comments: comments.map((doc) => ({ id: String(doc.id), status: doc.status, article: idOf(doc.article), guest: idOf(doc.guestCommenter), createdAt: doc.createdAt })),
        guests: guests.map((doc) => ({ id: String(doc.id), approvedCount: doc.approvedCount, rejectedCount: doc.rejectedCount, lastCommentAt: doc.lastCommentAt })),
        articles: articles.map((doc) => ({ id: String(doc.id), commentCount: doc.commentCount })),
      }
    }
    case 'reset-token': {
      const { docs } = await payload.find({ collection: 'users', where: { email: { equals: args[0] } }, showHiddenFields: true, overrideAccess: true, depth: 0 })
      const user = docs[0] as Doc | undefined
      return { found: Boolean(user), token: typeof user?.resetPasswordToken === 'string' && user.resetPasswordToken.length > 0, expires: user?.resetPasswordExpiration ?? null }
    }
    case 'queue-publish': {
      const [articleId, userId, waitUntil] = args
      const job = await payload.jobs.queue({
        task: 'schedulePublish',
        input: { type: 'publish', doc: { relationTo: 'articles', value: articleId! }, user: { relationTo: 'users', value: userId! } },
        waitUntil: new Date(waitUntil!),
      })
      return { jobId: String(job.id) }
    }
    case 'job': {
      // Payload deletes a job once it has completed; a job still there reports how it went.
      const job = (await payload.findByID({ collection: 'payload-jobs', id: args[0]!, overrideAccess: true, depth: 0, disableErrors: true })) as Doc | null
      const versions = (await payload.findVersions({ collection: 'articles', where: { parent: { equals: args[1] } }, pagination: false, limit: 0, overrideAccess: true, depth: 0 }))
        .docs as Doc[]
      return {
        pending: job ? { hasError: job.hasError ?? false, totalTried: job.totalTried ?? 0 } : null,
        publishedVersions: versions.filter((version) => (version.version as { _status?: string })?._status === 'published').length,
      }
    }
    case 'lease': {
      const state = (await payload.findGlobal({ slug: 'site-state', overrideAccess: true, depth: 0 })) as Doc
      return { jobRunner: state.jobRunner ?? null, jobRunnerUntil: state.jobRunnerUntil ?? null }
    }
    case 'runner': {
      const processing = await payload.count({ collection: 'payload-jobs', where: { processing: { equals: true } }, overrideAccess: true })
      const mail = await all('mail-log')
      return { processing: processing.totalDocs, mail: mail.map((row) => ({ purpose: row.purpose, status: row.status, subject: row.subject })) }
    }
    case 'reader-session': {
      const reader = await payload.create({ collection: 'readers', data: { displayName: args[0] ?? 'Bench Reader' }, overrideAccess: true })
      const session = await startReaderSession(payload, String(reader.id), { provider: 'google' })
      return { cookie: `${READER_COOKIE}=${session.token}; ${CSRF_COOKIE}=${newCsrfSecret()}` }
    }
    default:
      throw new Error(`unknown command ${command}`)
  }
}

main().then(
  // Exit only once the (possibly long) line is written: writes to a pipe are asynchronous.
  (result) => process.stdout.write(`\nRESULT:${JSON.stringify(result)}\n`, () => process.exit(0)),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
