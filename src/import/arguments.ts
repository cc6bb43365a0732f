/**
 * The import command's arguments, read without side effects so every mistake gets one line
 * that says what to type instead.
 */

export type ImportArguments = {
  readonly file: string
  readonly uploadsDir?: string
  readonly dryRun: boolean
  readonly authorMapFile?: string
  readonly pingbacks: 'keep' | 'skip'
}

export const IMPORT_USAGE = 'Usage: npm run import:wordpress -- export.xml [--uploads DIR] [--dry-run] [--author-map FILE] [--skip-pingbacks]'

export class ArgumentProblem extends Error {
  override readonly name = 'ArgumentProblem'
}

export function parseImportArguments(argv: ReadonlyArray<string>): ImportArguments {
  let file: string | undefined
  let uploadsDir: string | undefined
  let authorMapFile: string | undefined
  let dryRun = false
  let pingbacks: 'keep' | 'skip' = 'keep'
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!
    const value = () => {
      const next = argv[index + 1]
      if (next === undefined || next.startsWith('--')) throw new ArgumentProblem(`${argument} needs a value. ${IMPORT_USAGE}`)
      index += 1
      return next
    }
    if (argument === '--uploads') uploadsDir = value()
    else if (argument === '--author-map') authorMapFile = value()
    else if (argument === '--dry-run') dryRun = true
    else if (argument === '--skip-pingbacks') pingbacks = 'skip'
    else if (argument.startsWith('--')) throw new ArgumentProblem(`Unknown option ${argument}. ${IMPORT_USAGE}`)
    else if (file) throw new ArgumentProblem(`One export file at a time (got ${file} and ${argument}). ${IMPORT_USAGE}`)
    else file = argument
  }
  if (!file) throw new ArgumentProblem(`Which export file? ${IMPORT_USAGE}`)
  return { file, uploadsDir, authorMapFile, dryRun, pingbacks }
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
