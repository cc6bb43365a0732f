/**
 * The development mailbox is a real SMTP server in the newsroom's process: a client that breaks
 * its connection mid-message (killed while sending) costs that message, never the process, and
 * the next client's mail is kept.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

import nodemailer from 'nodemailer'

import { startDevMailbox, type DevMailbox } from '../../src/mail/devMailbox'

let dir: string
let mailbox: DevMailbox

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dev-mailbox-'))
  mailbox = await startDevMailbox(dir, 'development')
})
afterAll(async () => {
  await mailbox.close()
  await rm(dir, { recursive: true, force: true })
})

/**
 * Speaks SMTP into the message, sends half of it, then resets the connection (RST), as a sender's
 * kernel does when the sender is killed mid-message: the mailbox's next read fails ECONNRESET.
 */
function resetMidMessage(port: number): Promise<void> {
  const commands = ['EHLO sender.test', 'MAIL FROM:<news@newsroom.test>', 'RCPT TO:<reader@readers.example>', 'DATA']
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.on('error', reject)
    socket.on('data', () => {
      const command = commands.shift()
      if (command) return socket.write(`${command}\r\n`)
      socket.write('Subject: half a message\r\n\r\nThe first lines, and then')
      // Once the mailbox has read the half; then give it a moment to meet the reset.
      setTimeout(() => {
        socket.resetAndDestroy()
        setTimeout(resolve, 100)
      }, 50)
    })
  })
}

test('connections reset mid-message lose only their own message; the next mail is kept', async () => {
  for (let i = 0; i < 3; i += 1) await resetMidMessage(mailbox.port)
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mailbox.port, secure: false, ignoreTLS: true })
  await transport.sendMail({ from: 'news@newsroom.test', to: 'reader@readers.example', subject: 'Whole', text: 'Arrived whole.' })
  transport.close()
  const kept = (await readdir(dir)).filter((name) => name.endsWith('.eml'))
  expect(kept).toHaveLength(1)
})
