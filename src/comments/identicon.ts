/**
 * Avatars drawn here rather than fetched from an avatar service: a symmetric 5×5 pattern in a
 * colour, both derived from the commenter's avatar key. The SVG holds nothing but shapes.
 */
import { createHash } from 'node:crypto'

export function identiconSvg(key: string, size = 64): string {
  const bytes = createHash('sha256').update(key).digest()
  const hue = Math.round(((bytes[0] ?? 0) / 255) * 360)
  const colour = `hsl(${hue} 55% 45%)`
  const cell = size / 5
  const cells: string[] = []
  for (let row = 0; row < 5; row += 1) {
    for (let column = 0; column < 3; column += 1) {
      if (((bytes[1 + row * 3 + column] ?? 0) & 1) === 0) continue
      for (const x of new Set([column, 4 - column])) cells.push(`<rect x="${x * cell}" y="${row * cell}" width="${cell}" height="${cell}"/>`)
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}"><rect width="${size}" height="${size}" fill="hsl(${hue} 30% 92%)"/><g fill="${colour}">${cells.join('')}</g></svg>`
}

export const AVATAR_KEY_PATTERN = /^[0-9a-f]{20}$/
export const avatarPath = (key: string): string => `/avatars/${key}.svg`
