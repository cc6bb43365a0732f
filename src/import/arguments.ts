/**
 * The import command's arguments, read without side effects so every mistake gets one line
 * that says what to type instead.
 */

export type ImportArguments = {
  readonly file: string
  readonly uploadsDir?: string
  readonly dryRun: boolean
  readonly authorMapFile?: string
  readonly urlMapFile?: string
  readonly pingbacks: 'keep' | 'skip'
  readonly fetchMedia: boolean
}

export type ImportFormat = 'wordpress' | 'disqus'

export const IMPORT_USAGE: Record<ImportFormat, string> = {
  wordpress: 'Usage: npm run import:wordpress -- export.xml [--uploads DIR] [--fetch-media] [--dry-run] [--author-map FILE] [--skip-pingbacks]',
  disqus: 'Usage: npm run import:disqus -- export.xml [--url-map FILE] [--dry-run]',
}

/** Which options each command takes, and whether each takes a value. */
const OPTIONS: Record<ImportFormat, Record<string, boolean>> = {
  wordpress: { '--uploads': true, '--fetch-media': false, '--author-map': true, '--dry-run': false, '--skip-pingbacks': false },
  disqus: { '--url-map': true, '--dry-run': false },
}

export class ArgumentProblem extends Error {
  override readonly name = 'ArgumentProblem'
}

export function parseImportArguments(argv: ReadonlyArray<string>, format: ImportFormat = 'wordpress'): ImportArguments {
  const usage = IMPORT_USAGE[format]
  const options = OPTIONS[format]
  let file: string | undefined
  const given = new Map<string, string>()
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!
    if (argument.startsWith('--')) {
      if (!(argument in options)) throw new ArgumentProblem(`Unknown option ${argument}. ${usage}`)
      if (!options[argument]) {
        given.set(argument, '')
        continue
      }
      const next = argv[index + 1]
      if (next === undefined || next.startsWith('--')) throw new ArgumentProblem(`${argument} needs a value. ${usage}`)
      given.set(argument, next)
      index += 1
    } else if (file) throw new ArgumentProblem(`One export file at a time (got ${file} and ${argument}). ${usage}`)
    else file = argument
  }
  if (!file) throw new ArgumentProblem(`Which export file? ${usage}`)
  return {
    file,
    uploadsDir: given.get('--uploads'),
    authorMapFile: given.get('--author-map'),
    urlMapFile: given.get('--url-map'),
    dryRun: given.has('--dry-run'),
    pingbacks: given.has('--skip-pingbacks') ? 'skip' : 'keep',
    fetchMedia: given.has('--fetch-media'),
  }
}

/**
 * An author map: a line per author, the source login and the staff member's email, separated by
 * a comma, a tab, "=" or spaces; blank lines and lines starting with # are skipped.
 */
export function parseAuthorMap(text: string): Map<string, string> {
  const map = new Map<string, string>()
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim()
    if (!trimmed || trimmed.startsWith('#')) return
    const match = /^(\S+?)\s*(?:[,=\t]|\s)\s*(\S+@\S+)$/.exec(trimmed)
    if (!match) throw new ArgumentProblem(`Author map, line ${index + 1}: expected "login, email@address", got "${trimmed}".`)
    map.set(match[1]!, match[2]!)
  })
  return map
}

/** A URL map: a line per page, its old address and its new one (a path here, or a full URL), separated as in an author map. */
export function parseUrlMap(text: string): Map<string, string> {
  const map = new Map<string, string>()
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim()
    if (!trimmed || trimmed.startsWith('#')) return
    const match = /^(\S+?)\s*(?:[,=\t]|\s)\s*(\S+)$/.exec(trimmed)
    if (!match) throw new ArgumentProblem(`URL map, line ${index + 1}: expected "old address, new address", got "${trimmed}".`)
    map.set(match[1]!, match[2]!)
  })
  return map
}
