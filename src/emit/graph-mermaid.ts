/**
 * Mermaid `flowchart LR` output of the link graph (paste into a Markdown
 * fence ```` ```mermaid ```` on GitHub, GitLab, Obsidian…).
 *
 * - Node ids are synthetic (`n0, n1, …`, in sorted key order), labels are
 *   quoted; `"` becomes `#quot;` and `# < > & \`` become numeric entity codes
 *   (`#35;` …), so a title can neither end the label nor inject HTML/Markdown.
 * - Parallel links between the same two nodes are drawn as ONE arrow labelled
 *   with the count (`-->|3|`), since Mermaid's limit is on drawn edges.
 * - Missing targets use the `missing` class: red, dashed.
 *
 * ## Size limit
 * Mermaid renderers refuse big diagrams: the default `maxEdges` is 500 ("Too
 * many edges") and `maxTextSize` is 50 000 characters ("Maximum text size in
 * diagram exceeded"); layout also becomes unreadable long before that. So by
 * default more than 500 nodes, more than 500 drawn edges, or more than 50 000
 * characters of output throws {@link GraphTooLargeError}. With
 * `summarise: true` the function instead emits a folder-level summary: one
 * node per folder at the first level where the base's folders differ (plus
 * one for missing targets), one arrow per pair of folders, labelled with the
 * number of links.
 */
import type {JsonGraph} from './graph-model.js'
import {displayLabel, folderGroup, groupParallelEdges, isMissing, normalisedNodes, sharedFolderDepth} from './graph-util.js'

/** Mermaid's default `maxEdges`. */
export const MERMAID_MAX_EDGES = 500
/** Mermaid's default `maxTextSize`. */
export const MERMAID_MAX_TEXT_SIZE = 50_000
/** Above this many nodes a flowchart is unreadable; our own limit. */
export const MERMAID_MAX_NODES = 500

export interface MermaidOptions {
  /** Emit a folder-level summary instead of throwing when the graph is too large. */
  summarise?: boolean
  /** Overrides of the limits (defaults: 500 nodes, 500 edges, 50 000 characters). */
  maxNodes?: number
  maxEdges?: number
  maxTextSize?: number
}

/** Thrown when a graph is too large to render as a Mermaid diagram. */
export class GraphTooLargeError extends Error {
  override readonly name = 'GraphTooLargeError'
  readonly nodes: number
  readonly edges: number
  readonly textSize: number | undefined
  readonly limits: {maxNodes: number; maxEdges: number; maxTextSize: number}

  constructor(
    nodes: number,
    edges: number,
    textSize: number | undefined,
    limits: {maxNodes: number; maxEdges: number; maxTextSize: number}
  ) {
    const what =
      textSize === undefined
        ? `${nodes} nodes and ${edges} distinct links (limits: ${limits.maxNodes} nodes, ${limits.maxEdges} edges — Mermaid's default maxEdges is ${MERMAID_MAX_EDGES})`
        : `${textSize} characters of Mermaid text (limit: ${limits.maxTextSize}, Mermaid's default maxTextSize)`
    super(
      `The link graph is too large for a Mermaid diagram: ${what}. ` +
        'Use `--format html` (interactive viewer) or `--format dot` (Graphviz) instead, ' +
        'or ask for a folder-level summary (summarise).'
    )
    this.nodes = nodes
    this.edges = edges
    this.textSize = textSize
    this.limits = limits
  }
}

/** Escape text for a quoted Mermaid label. */
export function mermaidLabel(value: string): string {
  const escaped = value
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/&/g, '#38;')
    .replace(/</g, '#60;')
    .replace(/>/g, '#62;')
    .replace(/`/g, '#96;')
    .replace(/[\u0000-\u001F\u007F\u2028\u2029]+/g, ' ')
  return `"${escaped}"`
}

const CLASS_DEFS = [
  '  classDef missing stroke:#d62728,stroke-width:2px,stroke-dasharray:5 5,color:#d62728,fill:#fff5f5',
  '  classDef folder fill:#f3e9c6,stroke:#b59b4a',
  '  classDef attachment fill:#eeeeee,stroke:#999999'
]

function classLines(classes: Map<string, string[]>): string[] {
  const out: string[] = []
  for (const [name, ids] of classes) {
    if (ids.length > 0) out.push(`  class ${ids.join(',')} ${name}`)
  }
  return out
}

function arrow(from: string, to: string, count: number, dashed: boolean): string {
  const shaft = dashed ? '-.->' : '-->'
  return count > 1 ? `  ${from} ${shaft}|${count}| ${to}` : `  ${from} ${shaft} ${to}`
}

function fullDiagram(graph: JsonGraph): {text: string; nodes: number; edges: number} {
  const ids = new Map<string, string>()
  const classes = new Map<string, string[]>([
    ['missing', []],
    ['folder', []],
    ['attachment', []]
  ])
  const lines = ['flowchart LR']
  for (const [key, node] of normalisedNodes(graph)) {
    const id = `n${ids.size}`
    ids.set(key, id)
    lines.push(`  ${id}[${mermaidLabel(displayLabel(key, node))}]`)
    const cls = isMissing(node) ? 'missing' : node.metadata.type
    classes.get(cls)?.push(id)
  }
  const groups = groupParallelEdges(graph.graph.edges)
  for (const group of groups) {
    const unresolved = group.edges.some((edge) => !edge.metadata.resolved)
    lines.push(arrow(ids.get(group.source) ?? '', ids.get(group.target) ?? '', group.edges.length, unresolved))
  }
  lines.push(...CLASS_DEFS, ...classLines(classes))
  return {text: `${lines.join('\n')}\n`, nodes: ids.size, edges: groups.length}
}

/** The folder-level summary diagram (see the module comment). */
export function mermaidFolderSummary(graph: JsonGraph): string {
  const nodes = new Map(normalisedNodes(graph))
  const MISSING = '\u0000missing'
  const depth = sharedFolderDepth(graph)
  const groupOf = (key: string): string => (isMissing(nodes.get(key)) ? MISSING : folderGroup(key, depth))
  const stats = new Map<string, {notes: number; internal: number}>()
  const stat = (group: string) => {
    let s = stats.get(group)
    if (s === undefined) {
      s = {notes: 0, internal: 0}
      stats.set(group, s)
    }
    return s
  }
  for (const [key, node] of nodes) {
    const s = stat(groupOf(key))
    if (node.metadata.type === 'note' || isMissing(node)) s.notes++
  }
  const pairs = new Map<string, {from: string; to: string; count: number}>()
  for (const edge of graph.graph.edges) {
    const from = groupOf(edge.source)
    const to = groupOf(edge.target)
    if (from === to) {
      stat(from).internal++
      continue
    }
    const id = JSON.stringify([from, to])
    const pair = pairs.get(id) ?? {from, to, count: 0}
    pair.count++
    pairs.set(id, pair)
  }
  const groups = [...stats.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const ids = new Map(groups.map((group, index) => [group, `f${index}`]))
  const lines = ['flowchart LR']
  for (const group of groups) {
    const s = stats.get(group) ?? {notes: 0, internal: 0}
    const name = group === MISSING ? 'missing targets' : group
    const noun = group === MISSING ? 'target' : 'note'
    const label = `${name} (${s.notes} ${noun}${s.notes === 1 ? '' : 's'}${s.internal > 0 ? `, ${s.internal} internal link${s.internal === 1 ? '' : 's'}` : ''})`
    lines.push(`  ${ids.get(group)}[${mermaidLabel(label)}]`)
  }
  const sortedPairs = [...pairs.values()].sort((a, b) => b.count - a.count || (a.from + a.to < b.from + b.to ? -1 : 1))
  for (const pair of sortedPairs) {
    lines.push(`  ${ids.get(pair.from)} -->|${pair.count}| ${ids.get(pair.to)}`)
  }
  lines.push(CLASS_DEFS[0] ?? '')
  if (stats.has(MISSING)) lines.push(`  class ${ids.get(MISSING)} missing`)
  return `${lines.join('\n')}\n`
}

/**
 * Render the graph as a Mermaid flowchart. Throws {@link GraphTooLargeError}
 * above the size limit unless `options.summarise` is set.
 */
export function graphToMermaid(graph: JsonGraph, options: MermaidOptions = {}): string {
  const limits = {
    maxNodes: options.maxNodes ?? MERMAID_MAX_NODES,
    maxEdges: options.maxEdges ?? MERMAID_MAX_EDGES,
    maxTextSize: options.maxTextSize ?? MERMAID_MAX_TEXT_SIZE
  }
  const full = fullDiagram(graph)
  let error: GraphTooLargeError | undefined
  if (full.nodes > limits.maxNodes || full.edges > limits.maxEdges) {
    error = new GraphTooLargeError(full.nodes, full.edges, undefined, limits)
  } else if (full.text.length > limits.maxTextSize) {
    error = new GraphTooLargeError(full.nodes, full.edges, full.text.length, limits)
  }
  if (error === undefined) return full.text
  if (options.summarise === true) return mermaidFolderSummary(graph)
  throw error
}
