/**
 * Helpers shared by the graph emitters (DOT, GraphML, Mermaid, HTML, stats).
 */
import type {GraphEdge, GraphNode, JsonGraph} from './graph-model.js'

/** Name used for the top folder of ids that live at the root of the base. */
export const ROOT_FOLDER = '(root)'

/**
 * The folder segments of a node key: `a/b/c` → `['a', 'b']`, a folder key
 * `a/b/` → `['a', 'b']`, a root note `c` → `[]`.
 */
export function folderSegments(key: string): string[] {
  const trimmed = key.endsWith('/') ? key.slice(0, -1) : key
  const parts = trimmed.split('/').filter((part) => part !== '')
  return key.endsWith('/') ? parts : parts.slice(0, -1)
}

/** The first folder segment of a key, or {@link ROOT_FOLDER}. */
export function topFolder(key: string): string {
  return folderSegments(key)[0] ?? ROOT_FOLDER
}

export function isMissing(node: GraphNode | undefined): boolean {
  return node === undefined || node.metadata.type === 'missing' || node.metadata.missing === true
}

/**
 * Nodes in a stable order (sorted by key, code-point order), plus a node
 * for every edge endpoint the graph does not declare (typed `missing`), so
 * emitters never produce an edge to an undeclared node.
 */
export function normalisedNodes(graph: JsonGraph): Array<[string, GraphNode]> {
  const nodes = new Map<string, GraphNode>(Object.entries(graph.graph.nodes))
  for (const edge of graph.graph.edges) {
    for (const key of [edge.source, edge.target]) {
      if (!nodes.has(key)) {
        nodes.set(key, {label: key, metadata: {type: 'missing', missing: true}})
      }
    }
  }
  return [...nodes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/** Edges grouped by (source, target), keeping first-seen order. */
export function groupParallelEdges(edges: GraphEdge[]): Array<{source: string; target: string; edges: GraphEdge[]}> {
  const groups = new Map<string, {source: string; target: string; edges: GraphEdge[]}>()
  for (const edge of edges) {
    const id = JSON.stringify([edge.source, edge.target])
    let group = groups.get(id)
    if (group === undefined) {
      group = {source: edge.source, target: edge.target, edges: []}
      groups.set(id, group)
    }
    group.edges.push(edge)
  }
  return [...groups.values()]
}

/** The label to show for a node: its label, or its key when the label is empty. */
export function displayLabel(key: string, node: GraphNode): string {
  return node.label.trim() === '' ? key : node.label
}

/**
 * How deep the folders of a graph agree: the number of leading folder
 * segments every note, attachment and folder shares (missing targets do not
 * count). For `devops/docker/a` and `devops/kubernetes/b` it is 1.
 */
export function sharedFolderDepth(graph: JsonGraph): number {
  let shared: string[] | undefined
  for (const [key, node] of Object.entries(graph.graph.nodes)) {
    if (isMissing(node)) continue
    const segments = folderSegments(key)
    if (shared === undefined) shared = segments
    else {
      let depth = 0
      while (depth < shared.length && depth < segments.length && shared[depth] === segments[depth]) depth++
      shared = shared.slice(0, depth)
    }
    if (shared.length === 0) return 0
  }
  return shared?.length ?? 0
}

/**
 * The colour group of a key: its folder at the first level where the base's
 * folders differ (`devops/docker`, `devops/kubernetes` when everything is in
 * `devops/`), so a base kept in one top folder is not drawn in one colour.
 * Keys right in the shared folder form the group of that folder itself
 * (`(root)` at the root).
 */
export function folderGroup(key: string, depth: number): string {
  const segments = folderSegments(key)
  if (segments.length <= depth) return depth === 0 ? ROOT_FOLDER : segments.slice(0, depth).join('/')
  return segments.slice(0, depth + 1).join('/')
}
