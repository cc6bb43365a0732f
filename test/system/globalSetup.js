/** Before the system tests: the programs they drive (Chromium, nginx), and the production build they run. */
import buildOnce from './buildOnce.js'
import ensureSystemPackages from './systemPackages.js'

export default function globalSetup() {
  try {
    ensureSystemPackages()
  } catch (error) {
    // One line that says what to do, not a stack trace: the system tests cannot run without them.
    process.stderr.write(`\nnpm test: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
  buildOnce()
}
