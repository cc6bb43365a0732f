/** `npm run seed`: loads the demo newsroom into the configured database and exits. */
import { getPayload } from 'payload'

import { ConfigurationError, readSettings } from '../config/environment'
import { SeedRefused, seedDemoContent } from './seed'

async function main(): Promise<void> {
  readSettings(process.env, process.cwd())
  if (process.env.NODE_ENV === 'production') throw new SeedRefused('Demo seeding is refused with NODE_ENV=production: it would create accounts with a known password.')
  const { default: config } = await import('../payload.config')
  const payload = await getPayload({ config })
  try {
    await seedDemoContent(payload, { resetPasswords: process.argv.includes('--reset-passwords'), log: (line) => console.log(line) })
  } finally {
    await payload.destroy()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof ConfigurationError || error instanceof SeedRefused) console.error(`seed: ${error.message}`)
    else console.error('seed: failed:', error)
    process.exit(1)
  },
)
