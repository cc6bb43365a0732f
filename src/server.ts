/**
 * The newsroom's entry point: `npm run dev` and `npm start`. Checks the environment first so
 * that a bad setting ends in one clear line and exit code 1, never a stack trace.
 */
import { ConfigurationError, readSettings } from './config/environment'

async function main(): Promise<void> {
  let settings
  try {
    settings = readSettings(process.env, process.cwd())
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(`newsroom: ${error.message}`)
      process.exit(1)
    }
    throw error
  }
  process.env.NEXT_TELEMETRY_DISABLED ??= '1'
  // Payload's own hot reload listens to Next's websocket; `npm run dev` restarts the process on change instead.
  process.env.DISABLE_PAYLOAD_HMR ??= 'true'

  const { startNewsroom } = await import('./newsroom')
  const dev = settings.mode !== 'production'
  const newsroom = await startNewsroom(settings, { dev, seedWhenEmpty: settings.mode === 'development' })
  console.log(`Newsroom ready on ${newsroom.url} (admin: ${newsroom.url}/admin, database: ${settings.database.kind}, ${settings.mode})`)

  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: finishing requests in flight, then closing the database…`)
    newsroom.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`newsroom: shutdown failed: ${error instanceof Error ? error.message : String(error)}`)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) console.error(`newsroom: ${error.message}`)
  else console.error('newsroom: could not start:', error)
  process.exit(1)
})
