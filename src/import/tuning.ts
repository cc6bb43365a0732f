/**
 * How an import process uses memory, measured by `npm run bench:import`:
 * - every image is resized once, so sharp's operation cache only holds memory;
 * - glibc's per-thread malloc arenas (libvips resizes on several threads) keep what they once
 *   held: two arenas are enough;
 * - V8 lets a long run's heap grow far past what is live (about 100 MB: one post at a time and
 *   bounded caches); a ceiling on the old generation makes it collect instead.
 * The last two must be set before the process starts: `npm run import:*` sets IMPORT_ENV (see
 * package.json; a unit test keeps the two the same). A single post with tens of thousands of
 * comments needs more heap: raise --max-old-space-size in NODE_OPTIONS for that run.
 */
import sharp from 'sharp'

export const IMPORT_ENV = { MALLOC_ARENA_MAX: '2', NODE_OPTIONS: '--max-old-space-size=256' } as const

export function tuneForImport(): void {
  sharp.cache(false)
}
