/**
 * Graphviz DOT output of the link graph (`dot -Tsvg graph.dot > graph.svg`).
 *
 * - Folders become nested `subgraph "cluster_<folder>/"` blocks (one per
 *   folder segment of the node ids), labelled with the folder's own name.
 * - Folder nodes (`a/b/`) sit inside their own cluster, drawn as `shape=folder`.
 * - Missing targets sit at the top level, `style=dashed color=red`; edges to
 *   them (`resolved: false`) are red and dashed too.
 * - One DOT edge per link occurrence (the graph is not `strict`), so parallel
 *   edges are kept.
 *
 * Every ID and attribute value is a quoted DOT string (see {@link dotString}),
 * so note ids and titles cannot break out of the syntax; non-ASCII text is kept
 * as is (DOT input is UTF-8).
 */
import type {GraphEdge, GraphNode, JsonGraph, Relation} from './graph-model.js'
import {displayLabel, folderSegments, isMissing, normalisedNodes} from './graph-util.js'

export interface DotOptions {
  /** Graph direction; default `LR`. */
  rankdir?: 'LR' | 'RL' | 'TB' | 'BT'
  /** Group nodes into folder clusters; default true. */
  clusters?: boolean
}

/**
 * Quote a string as a DOT double-quoted string. Backslashes and quotes are
 * escaped, and line breaks become `\n` (DOT's centred line break in labels).
 * The mapping is injective, so distinct node keys stay distinct IDs.
 */
export function dotString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n|\u2028|\u2029/g, '\\n')
    // Other C0 controls are not meaningful in labels; keep them out of the file.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD')
  return `"${escaped}"`
}

function attrs(list: Record<string, string | undefined>): string {
  const parts: string[] = []
  for (const [name, value] of Object.entries(list)) {
    if (value !== undefined) parts.push(`${name}=${dotString(value)}`)
  }
  return parts.length === 0 ? '' : ` [${parts.join(', ')}]`
}

interface Cluster {
  name: string
  path: string
  children: Map<string, Cluster>
  lines: string[]
}

function newCluster(name: string, path: string): Cluster {
  return {name, path, children: new Map(), lines: []}
}

function clusterFor(root: Cluster, segments: string[]): Cluster {
  let current = root
  for (const segment of segments) {
    let child = current.children.get(segment)
    if (child === undefined) {
      child = newCluster(segment, `${current.path}${segment}/`)
      current.children.set(segment, child)
    }
    current = child
  }
  return current
}

function nodeLine(key: string, node: GraphNode): string {
  const type = node.metadata.type
  const tooltip = [node.metadata.path ?? key, node.metadata.description].filter((x) => x !== undefined && x !== '').join('\n')
  const common = {label: displayLabel(key, node), tooltip}
  if (isMissing(node)) {
    return `${dotString(key)}${attrs({...common, style: 'dashed', color: 'red', fontcolor: 'red'})};`
  }
  if (type === 'folder') {
    return `${dotString(key)}${attrs({...common, shape: 'folder', fillcolor: '#f3e9c6'})};`
  }
  if (type === 'attachment') {
    return `${dotString(key)}${attrs({...common, shape: 'note', fillcolor: '#eeeeee'})};`
  }
  return `${dotString(key)}${attrs(common)};`
}

const relationStyle: Record<Relation, Record<string, string>> = {
  wikilink: {},
  markdown: {color: '#1f77b4'},
  embed: {arrowhead: 'odiamond', color: '#2ca02c'},
  frontmatter: {style: 'dotted', color: '#7f7f7f'}
}

function edgeLine(edge: GraphEdge): string {
  const where = `${edge.relation} at ${edge.metadata.line}:${edge.metadata.column}${edge.metadata.anchor === undefined ? '' : ` #${edge.metadata.anchor}`}`
  const style: Record<string, string | undefined> = {...relationStyle[edge.relation], tooltip: where}
  if (!edge.metadata.resolved) {
    style.color = 'red'
    style.style = 'dashed'
  }
  return `${dotString(edge.source)} -> ${dotString(edge.target)}${attrs(style)};`
}

function renderCluster(cluster: Cluster, indent: string, out: string[]): void {
  out.push(`${indent}subgraph ${dotString(`cluster_${cluster.path}`)} {`)
  const inner = `${indent}  `
  out.push(`${inner}label=${dotString(cluster.name)};`)
  for (const line of cluster.lines) out.push(`${inner}${line}`)
  for (const child of [...cluster.children.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    renderCluster(child, inner, out)
  }
  out.push(`${indent}}`)
}

/** Render the graph as Graphviz DOT text. */
export function graphToDot(graph: JsonGraph, options: DotOptions = {}): string {
  const useClusters = options.clusters ?? true
  const root = newCluster('', '')
  for (const [key, node] of normalisedNodes(graph)) {
    const line = nodeLine(key, node)
    if (!useClusters || isMissing(node)) {
      root.lines.push(line)
    } else {
      clusterFor(root, folderSegments(key)).lines.push(line)
    }
  }

  const out: string[] = []
  out.push(`digraph ${dotString(graph.graph.label ?? 'kb-lint')} {`)
  out.push(
    `  graph${attrs({charset: 'UTF-8', rankdir: options.rankdir ?? 'LR', fontname: 'Helvetica', style: 'rounded', color: '#999999'})};`
  )
  out.push(`  node${attrs({shape: 'box', style: 'rounded,filled', fillcolor: '#ffffff', fontname: 'Helvetica'})};`)
  out.push(`  edge${attrs({color: '#555555', fontname: 'Helvetica'})};`)
  for (const line of root.lines) out.push(`  ${line}`)
  for (const child of [...root.children.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    renderCluster(child, '  ', out)
  }
  for (const edge of graph.graph.edges) out.push(`  ${edgeLine(edge)}`)
  out.push(...legend(graph.graph.edges))
  out.push('}')
  return `${out.join('\n')}\n`
}

const RELATION_NAMES: Record<Relation, string> = {
  wikilink: 'wiki link',
  markdown: 'Markdown link',
  embed: 'embed',
  frontmatter: 'frontmatter link'
}

/**
 * A `cluster_legend` box that explains the edge styles the graph uses: one
 * sample arrow per relation present, and one for unresolved links. Its
 * nodes are plain text (`shape=plaintext`) with ids no note can have
 * (a note id never starts with a space).
 */
function legend(edges: GraphEdge[]): string[] {
  const relations = (Object.keys(relationStyle) as Relation[]).filter((relation) => edges.some((edge) => edge.relation === relation))
  const unresolved = edges.some((edge) => !edge.metadata.resolved)
  if (relations.length === 0) return []
  const lines = [
    '  subgraph "cluster_legend" {',
    `    label=${dotString('Legend')};`,
    `    node${attrs({shape: 'plaintext', style: '', fontsize: '10'})};`
  ]
  const sample = (name: string, style: Record<string, string | undefined>) => {
    const from = ` legend ${name} from`
    const to = ` legend ${name} to`
    lines.push(`    ${dotString(from)}${attrs({label: ''})};`, `    ${dotString(to)}${attrs({label: name})};`)
    lines.push(`    ${dotString(from)} -> ${dotString(to)}${attrs(style)};`)
  }
  for (const relation of relations) sample(RELATION_NAMES[relation], relationStyle[relation])
  if (unresolved) sample('unresolved (missing target)', {color: 'red', style: 'dashed'})
  lines.push('  }')
  return lines
}

/**
 * Above this many nodes Graphviz `dot` (hierarchical layout with clusters)
 * takes minutes or runs out of memory; `sfdp` or the HTML viewer still work.
 * Measured on generated bases (docs/graph-formats.md).
 */
export const DOT_LAYOUT_MAX_NODES = 500

/** Why a graph is too large for `dot` layout, or undefined when it is not. */
export function dotLayoutWarning(graph: JsonGraph): string | undefined {
  const nodes = Object.keys(graph.graph.nodes).length
  if (nodes <= DOT_LAYOUT_MAX_NODES) return undefined
  return `the graph has ${nodes} nodes: Graphviz \`dot\` lays out more than ${DOT_LAYOUT_MAX_NODES} slowly or not at all; use \`--format html\` (interactive viewer), or lay this file out with \`sfdp\``
}
