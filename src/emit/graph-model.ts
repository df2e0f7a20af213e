/**
 * The link graph as JSON Graph Format v2 (https://jsongraphformat.info/).
 * Shared contract between the core (which builds it) and the emitters.
 *
 * Node keys: note ids (path from the root without `.md`), attachment paths
 * (`img/a.png`), folder paths with a trailing `/`, or, for missing targets,
 * the wanted id. One edge per link occurrence, so parallel edges exist.
 * Edges to missing nodes have `resolved: false`.
 */

/** The formats `kb-lint graph` writes (cli/graph.ts); JSON is this model as it is. */
export const GRAPH_FORMATS = ['json', 'dot', 'graphml', 'mermaid', 'html'] as const
export type GraphFormat = (typeof GRAPH_FORMATS)[number]

export type NodeType = 'note' | 'attachment' | 'folder' | 'missing'
export interface GraphNode {
  label: string
  metadata: {type: NodeType; path?: string; description?: string; tags?: string[]; missing?: true; backlinks?: number}
}
export type Relation = 'wikilink' | 'embed' | 'markdown' | 'frontmatter'
export interface GraphEdge {
  source: string
  target: string
  relation: Relation
  metadata: {line: number; column: number; anchor?: string; resolved: boolean}
}
export interface JsonGraph {
  graph: {directed: true; type: 'kb-lint'; label?: string; nodes: Record<string, GraphNode>; edges: GraphEdge[]}
}
