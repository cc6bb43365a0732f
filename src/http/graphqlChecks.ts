/**
 * What makes a GraphQL query dangerous before it is even run: fragments that spread each
 * other in a cycle, nesting so deep that anything walking it recursively runs out of stack,
 * and sheer size. Payload's own handler walks queries recursively (its complexity count), so
 * these are refused first, with a sentence; every other problem is left to GraphQL's own
 * validation, in its own words. Iterative throughout, so no query can overflow this check.
 */
import { Kind, parse, type DocumentNode, type SelectionSetNode } from 'graphql'

export const MAX_QUERY_TOKENS = 20_000
export const MAX_QUERY_DEPTH = 64

/** The fragments a selection set spreads (each at the level it is spread), and how deeply its own selections nest. */
function walk(root: SelectionSetNode): { spreads: Array<{ name: string; level: number }>; depth: number } {
  const spreads: Array<{ name: string; level: number }> = []
  let depth = 0
  const stack: Array<{ set: SelectionSetNode; level: number }> = [{ set: root, level: 1 }]
  while (stack.length) {
    const { set, level } = stack.pop()!
    depth = Math.max(depth, level)
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) spreads.push({ name: selection.name.value, level })
      else if (selection.selectionSet) stack.push({ set: selection.selectionSet, level: selection.kind === Kind.FIELD ? level + 1 : level })
    }
  }
  return { spreads, depth }
}

type Walked = ReturnType<typeof walk>

function fragmentsOf(document: DocumentNode): Map<string, Walked> {
  const fragments = new Map<string, Walked>()
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, walk(definition.selectionSet))
  }
  return fragments
}

/** How deeply each fragment nests once the fragments it spreads are spread in (the graph has no cycle). */
function fragmentDepths(fragments: Map<string, Walked>): Map<string, number> {
  const depths = new Map<string, number>()
  for (const start of fragments.keys()) {
    const stack = [start]
    while (stack.length) {
      const name = stack[stack.length - 1]!
      if (depths.has(name)) {
        stack.pop()
        continue
      }
      const walked = fragments.get(name)!
      const pending = walked.spreads.filter((spread) => fragments.has(spread.name) && !depths.has(spread.name))
      if (pending.length) {
        stack.push(...pending.map((spread) => spread.name))
        continue
      }
      depths.set(name, Math.max(walked.depth, ...walked.spreads.map((spread) => spread.level - 1 + (depths.get(spread.name) ?? 0))))
      stack.pop()
    }
  }
  return depths
}

/** A cycle among the fragments (as names, first repeated last), or null. */
export function fragmentCycle(document: DocumentNode): string[] | null {
  const graph = new Map([...fragmentsOf(document)].map(([name, walked]) => [name, new Set(walked.spreads.map((spread) => spread.name))]))
  const state = new Map<string, 'visiting' | 'done'>()
  for (const start of graph.keys()) {
    if (state.get(start) === 'done') continue
    const path: string[] = [start]
    const iterators = [graph.get(start)!.values()]
    state.set(start, 'visiting')
    while (iterators.length) {
      const next = iterators[iterators.length - 1]!.next()
      if (next.done) {
        state.set(path.pop()!, 'done')
        iterators.pop()
        continue
      }
      const name = next.value
      if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name]
      if (state.get(name) === 'done' || !graph.has(name)) continue
      state.set(name, 'visiting')
      path.push(name)
      iterators.push(graph.get(name)!.values())
    }
  }
  return null
}

/** Why a GraphQL query is refused before it is run, or null to let GraphQL itself judge it. */
export function graphqlQueryProblem(query: string): string | null {
  let document: DocumentNode
  try {
    document = parse(query, { maxTokens: MAX_QUERY_TOKENS, noLocation: true })
  } catch (error) {
    if (error instanceof RangeError) return `The query is nested too deeply (at most ${MAX_QUERY_DEPTH} levels).`
    if (error instanceof Error && /more than \d+ tokens/.test(error.message)) return `The query is too long (at most ${MAX_QUERY_TOKENS.toLocaleString('en')} tokens).`
    return null
  }
  const cycle = fragmentCycle(document)
  if (cycle) return `The query's fragments spread each other in a cycle (${cycle.join(' → ')}), so it could never be completed.`
  const fragments = fragmentsOf(document)
  const depths = fragmentDepths(fragments)
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue
    const walked = walk(definition.selectionSet)
    const depth = Math.max(walked.depth, ...walked.spreads.map((spread) => spread.level - 1 + (depths.get(spread.name) ?? 0)))
    if (depth > MAX_QUERY_DEPTH) return `The query is nested too deeply (at most ${MAX_QUERY_DEPTH} levels).`
  }
  return null
}
