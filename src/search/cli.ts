/** `npm run search:reindex`: empties the search index and indexes every published story again, with a progress bar. */
import { getPayload } from 'payload'

import { ConfigurationError, readSettings } from '../config/environment'
import { rebuildSearchIndex } from './documents'

const WIDTH = 30

function bar(done: number, total: number): string {
  const share = total === 0 ? 1 : done / total
  const filled = Math.round(share * WIDTH)
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total} stories (${Math.round(share * 100)}%)`
}

async function main(): Promise<void> {
  readSettings(process.env, process.cwd())
  const { default: config } = await import('../payload.config')
  const payload = await getPayload({ config })
  try {
    const started = Date.now()
    const interactive = process.stderr.isTTY
    let last = ''
    const count = await rebuildSearchIndex(payload, (done, total) => {
      const line = bar(done, total)
      if (line === last) return
      last = line
      process.stderr.write(interactive ? `\r${line}` : `${line}\n`)
    })
    if (interactive) process.stderr.write('\n')
    console.log(`Search index rebuilt: ${count} published ${count === 1 ? 'story' : 'stories'} in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
  } finally {
    await payload.destroy()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof ConfigurationError) console.error(`search:reindex: ${error.message}`)
    else console.error('search:reindex: failed:', error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
