/**
 * Raw placeholders are template or copy-desk markers that leaked into published text:
 * the seed page showed readers "Connecting to %s". Published text and public pages are
 * checked for them.
 */

type Marker = { readonly pattern: RegExp; readonly describe: (found: string) => string }

const EDITORIAL_MARKERS: Marker[] = [
  { pattern: /%[sdif@]/g, describe: (found) => `a format placeholder "${found}"` },
  { pattern: /\{\{?\s*[A-Za-z_][\w.]*\s*\}?\}/g, describe: (found) => `a template placeholder "${found}"` },
  { pattern: /\b(?:TK)+\b/g, describe: () => 'the copy-desk marker "TK" (to come)' },
  { pattern: /\[object \w+\]/g, describe: (found) => `"${found}", a programming value` },
]

/** On rendered public pages, leaked programming values are as bad as template markers. */
const PAGE_MARKERS: Marker[] = [
  ...EDITORIAL_MARKERS,
  { pattern: /\bundefined\b/g, describe: () => 'the programming value "undefined"' },
  { pattern: /\bNaN\b/g, describe: () => 'the programming value "NaN"' },
]

function find(markers: Marker[], text: string): string[] {
  const found: string[] = []
  for (const marker of markers) {
    for (const match of text.matchAll(marker.pattern)) {
      const description = marker.describe(match[0])
      if (!found.includes(description)) found.push(description)
    }
  }
  return found
}

/** Descriptions of each raw placeholder in editorial text (headline, dek, body, attribution). */
export const findPlaceholders = (text: string): string[] => find(EDITORIAL_MARKERS, text)

/** Descriptions of each raw placeholder or leaked programming value in a rendered page's text. */
export const findPageLeaks = (text: string): string[] => find(PAGE_MARKERS, text)
