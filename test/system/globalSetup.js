/** Before the system tests: the browser they drive, and the production build they run. */
import buildOnce from './buildOnce.js'
import ensureChromium from './chromium.js'

export default function globalSetup() {
  try {
    ensureChromium()
  } catch (error) {
    // One line that says what to do, not a stack trace: nothing else can run without a browser.
    process.stderr.write(`\nnpm test: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
  buildOnce()
}
