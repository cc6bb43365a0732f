/** Debian's Chromium driven by playwright-core: a real browser, with nothing reaching the internet. */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium package (.ci/run does) or set CHROMIUM_PATH.`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/**
 * axe-core's serious and critical violations on the page, as "rule (impact, N nodes)". The
 * site's CSP forbids inline scripts: use a context with bypassCSP to inject the checker.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath })
  type Results = { passes: unknown[]; violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }
  const results = await page.evaluate(async () => (window as unknown as { axe: { run(context: Document): Promise<Results> } }).axe.run(document))
  // The checker really ran: dozens of rules pass on any page with content.
  if (results.passes.length <= 15) throw new Error(`axe-core ran only ${results.passes.length} passing rules`)
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}, ${violation.nodes.length} nodes)`)
}
