/** Before the system tests: the browser they drive, and the production build they run. */
import buildOnce from './buildOnce.js'
import ensureChromium from './chromium.js'

export default function globalSetup() {
  ensureChromium()
  buildOnce()
}
