/**
 * HTML built by a tagged template that escapes every interpolated value unless it is
 * already markup made here. Reader and editor text can never become markup by accident.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char)

/** Markup produced by `html` (or explicitly trusted); printed as is when interpolated. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

type Interpolation = SafeHtml | string | number | null | undefined | false | ReadonlyArray<Interpolation>

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(String(value))
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? ''
  for (let index = 0; index < values.length; index += 1) out += render(values[index] as Interpolation) + (strings[index + 1] ?? '')
  return new SafeHtml(out)
}

/** JSON inside <script type="application/ld+json">: "<" is escaped so the text can never close the element. */
export const jsonForScript = (value: unknown): SafeHtml =>
  new SafeHtml(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  )

/** XML text and attribute values (feeds, sitemaps). */
export const escapeXml = escapeHtml
