/**
 * Statistics over the link graph (`kb-lint graph --stats`).
 *
 * Definitions (all lists sorted by id, code-point order):
 * - notes: nodes of type `note`.
 * - links: edges, one per link occurrence (parallel edges count each time).
 * - unresolved: edges with `resolved: false`.
 * - orphans: notes with no edge in or out, self links ignored (any relation,
 *   any target type: a note that only embeds an image is not an orphan).
 * - dead ends: notes with no outgoing edge, self links ignored (so orphans
 *   are dead ends too).
 * - most linked: the top 10 notes by number of DISTINCT other nodes linking
 *   to them (`sources`), with the total number of incoming link occurrences
 *   (`links`); ties broken by id.
 * - components: weakly connected components over note nodes and resolved
 *   edges between two notes; `largest` holds the sizes of the 5 largest.
 */
import type {JsonGraph} from './graph-model.js'

export interface GraphStats {
  notes: number
  links: number
  unresolved: number
  orphans: string[]
  deadEnds: string[]
  mostLinked: Array<{id: string; label: string; sources: number; links: number}>
  components: {count: number; largest: number[]}
}

const TOP = 10
const LARGEST = 5

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function graphStats(graph: JsonGraph): GraphStats {
  const nodes = graph.graph.nodes
  const noteIds = Object.keys(nodes)
    .filter((id) => nodes[id]?.metadata.type === 'note')
    .sort(byId)
  const isNote = (id: string) => nodes[id]?.metadata.type === 'note'

  const hasOut = new Set<string>()
  const hasIn = new Set<string>()
  const incomingSources = new Map<string, Set<string>>()
  const incomingLinks = new Map<string, number>()
  let unresolved = 0

  // Union-find over notes for weakly connected components.
  const parent = new Map<string, string>(noteIds.map((id) => [id, id]))
  const find = (id: string): string => {
    let root = id
    while (parent.get(root) !== root) root = parent.get(root) ?? root
    let current = id
    while (current !== root) {
      const next = parent.get(current) ?? root
      parent.set(current, root)
      current = next
    }
    return root
  }

  for (const edge of graph.graph.edges) {
    if (!edge.metadata.resolved) unresolved++
    if (edge.source === edge.target) continue
    hasOut.add(edge.source)
    hasIn.add(edge.target)
    let sources = incomingSources.get(edge.target)
    if (sources === undefined) {
      sources = new Set()
      incomingSources.set(edge.target, sources)
    }
    sources.add(edge.source)
    incomingLinks.set(edge.target, (incomingLinks.get(edge.target) ?? 0) + 1)
    if (edge.metadata.resolved && isNote(edge.source) && isNote(edge.target)) {
      const a = find(edge.source)
      const b = find(edge.target)
      if (a !== b) parent.set(a < b ? b : a, a < b ? a : b)
    }
  }

  const sizes = new Map<string, number>()
  for (const id of noteIds) {
    const root = find(id)
    sizes.set(root, (sizes.get(root) ?? 0) + 1)
  }
  const componentSizes = [...sizes.values()].sort((a, b) => b - a)

  const mostLinked = noteIds
    .filter((id) => (incomingSources.get(id)?.size ?? 0) > 0)
    .map((id) => ({
      id,
      label: nodes[id]?.label ?? id,
      sources: incomingSources.get(id)?.size ?? 0,
      links: incomingLinks.get(id) ?? 0
    }))
    .sort((a, b) => b.sources - a.sources || b.links - a.links || byId(a.id, b.id))
    .slice(0, TOP)

  return {
    notes: noteIds.length,
    links: graph.graph.edges.length,
    unresolved,
    orphans: noteIds.filter((id) => !hasOut.has(id) && !hasIn.has(id)),
    deadEnds: noteIds.filter((id) => !hasOut.has(id)),
    mostLinked,
    components: {count: componentSizes.length, largest: componentSizes.slice(0, LARGEST)}
  }
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}

function list(ids: string[], limit = 20): string[] {
  const shown = ids.slice(0, limit).map((id) => `    ${id}`)
  if (ids.length > limit) shown.push(`    … and ${ids.length - limit} more`)
  return shown
}

/** Human-readable, multi-line rendering of {@link graphStats}. */
export function formatStats(stats: GraphStats): string {
  const lines: string[] = []
  lines.push(`Notes:       ${stats.notes}`)
  lines.push(`Links:       ${stats.links} (${stats.unresolved} unresolved)`)
  lines.push(`Orphans:     ${stats.orphans.length}`)
  lines.push(...list(stats.orphans))
  lines.push(`Dead ends:   ${stats.deadEnds.length}`)
  lines.push(...list(stats.deadEnds))
  const largest = stats.components.largest.length === 0 ? '' : ` (largest: ${stats.components.largest.join(', ')})`
  lines.push(`Components:  ${stats.components.count}${largest}`)
  lines.push(`Most linked:${stats.mostLinked.length === 0 ? ' none' : ''}`)
  const width = Math.max(0, ...stats.mostLinked.map((entry) => String(entry.sources).length))
  for (const entry of stats.mostLinked) {
    const title = entry.label !== entry.id && entry.label !== '' ? ` — ${entry.label.replace(/\s+/g, ' ')}` : ''
    lines.push(
      `  ${String(entry.sources).padStart(width)}  ${entry.id}${title} (${plural(entry.sources, 'note')}, ${plural(entry.links, 'link')})`
    )
  }
  return `${lines.join('\n')}\n`
}
