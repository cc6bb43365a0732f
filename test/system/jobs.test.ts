/**
 * The job runner when its process ends: a mail in hand at SIGTERM is sent before the process
 * exits; one in hand at kill -9, or still in hand when the shutdown's bound runs out, is sent by
 * the next instance to run jobs; each once. Payload marks a job "processing" when a runner takes
 * it; a runner that is gone must not leave it so.
 */
import { rm } from 'node:fs/promises'

import { testDatabaseUri } from '../helpers/database'
import { formTokens, postGuestComments } from '../helpers/guestLoad'
import { inspect } from '../helpers/inspect'
import { boot, publishArticle, setPolicy, within, type Newsroom } from '../helpers/newsroomServer'
import { serverPid } from '../helpers/processStats'
import { freshDataDir, stopServer } from '../helpers/serverProcess'
import { startMailServer, type TestMailServer } from '../helpers/smtp'

const MODERATOR = 'moderator-on-call@newsroom.test'

type Runner = { processing: number; mail: Array<{ purpose: string; status: string; subject: string }> }

let dataDir: string
let databaseUri: string
let smtp: TestMailServer
let newsroom: Newsroom
let slug: string
const env = () => ({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Jobs Newsroom <news@jobs.test>', JOBS_INTERVAL_SECONDS: '1' })

beforeAll(async () => {
  dataDir = await freshDataDir()
  databaseUri = testDatabaseUri(dataDir)
  smtp = await startMailServer()
  newsroom = await boot(dataDir, databaseUri, env())
  slug = await publishArticle(newsroom, 'A story with a moderator on call')
  await setPolicy(newsroom)
  // A moderator is mailed about each held comment at once (their default).
  const created = await newsroom.api('POST', '/api/users', { email: MODERATOR, password: 'a long moderator password', name: 'On call', roles: ['moderator'] })
  expect(created.status).toBe(201)
}, 180_000)
// Each test starts with a running newsroom, whatever the one before left.
beforeEach(async () => {
  if (newsroom.server.child.exitCode !== null || newsroom.server.child.signalCode !== null) newsroom = await boot(dataDir, databaseUri, env())
}, 120_000)
afterAll(async () => {
  await stopServer(newsroom?.server)
  await smtp?.close()
  await rm(dataDir, { recursive: true, force: true })
})

/** A guest's comment, held for moderation: the moderator's alert is a mail the job runner sends. */
async function heldComment(n: number): Promise<string> {
  const tokens = await formTokens(`${newsroom.server.url}/articles/${slug}`)
  const posted = await postGuestComments({ url: newsroom.server.url, slug, tokens, count: 1, concurrency: 1, firstGuest: n })
  expect(posted.statuses).toEqual({ 201: 1 })
  return `Comment ${n}:`
}
const alertsAbout = (text: string) => smtp.to(MODERATOR).filter((mail) => String(mail.text).includes(text))

/** A new instance on the database: the alert left in hand goes, once, and no job is left marked processing. */
async function restartedSendsOnce(about: string): Promise<Runner> {
  newsroom = await boot(dataDir, databaseUri, env())
  expect(await within(20_000, async () => alertsAbout(about).length > 0)).toBeLessThan(20_000)
  // More ticks of the new runner: none sends it again.
  await new Promise((resolve) => setTimeout(resolve, 3000))
  expect(alertsAbout(about)).toHaveLength(1)
  const runner = await inspect<Runner>(newsroom.env, 'runner')
  expect(runner.processing).toBe(0)
  return runner
}

test('SIGTERM while a mail is being sent: the send finishes before the process exits, exit 0, and it is not sent again', async () => {
  const hold = smtp.holdRecipients()
  const about = await heldComment(1)
  await hold.reached
  newsroom.server.child.kill('SIGTERM')
  // Well past the drain (1 s here): a process that did not wait for its runner would be gone.
  await new Promise((resolve) => setTimeout(resolve, 3000))
  expect(newsroom.server.child.exitCode).toBeNull()
  hold.release()
  expect(await newsroom.server.exited).toBe(0)
  expect(alertsAbout(about)).toHaveLength(1)

  newsroom = await boot(dataDir, databaseUri, env())
  const runner = await inspect<Runner>(newsroom.env, 'runner')
  expect(runner.processing).toBe(0)
  expect(runner.mail.filter((row) => row.purpose === 'moderation-alert').map((row) => row.status)).toEqual(['sent'])
  // Ticks of the new runner: none sends it again.
  await new Promise((resolve) => setTimeout(resolve, 3000))
  expect(alertsAbout(about)).toHaveLength(1)
}, 120_000)

test('kill -9 while a mail is being sent: the next runner takes the job up again and the mail goes once', async () => {
  const hold = smtp.holdRecipients()
  const about = await heldComment(2)
  await hold.reached
  process.kill(serverPid(newsroom.server), 'SIGKILL')
  await newsroom.server.exited
  hold.release()
  expect(alertsAbout(about)).toHaveLength(0)

  // The dead runner's lease runs out (3 s at a 1 s interval); the next holder hands its job back to the queue.
  const runner = await restartedSendsOnce(about)
  expect(runner.mail.filter((row) => row.purpose === 'moderation-alert').map((row) => row.status)).toEqual(['sent', 'sent'])
}, 120_000)

test('SIGTERM while a send outlasts the shutdown bound: exit 0 without it, and the next instance sends it once', async () => {
  const hold = smtp.holdRecipients()
  const about = await heldComment(3)
  await hold.reached
  newsroom.server.child.kill('SIGTERM')
  // The drain (1 s), then at most 10 s for the run in hand.
  expect(await newsroom.server.exited).toBe(0)
  expect(newsroom.server.output()).toContain("The job runner's run did not finish in time")
  hold.release()
  expect(alertsAbout(about)).toHaveLength(0)

  // The stopped instance kept its lease to run out, so the next holder knows the job was left in hand.
  await restartedSendsOnce(about)
}, 120_000)
