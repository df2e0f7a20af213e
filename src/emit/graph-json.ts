/**
 * The link graph (JSON Graph Format v2) from the checked base: one node per
 * note, per linked attachment or folder, and per missing target; one edge per
 * link occurrence, except links to a heading of the same note. Reads
 * resolved references only — never parses.
 */
import type {Base, ResolvedReference} from '../kb/model.js'
import type {GraphEdge, GraphNode, JsonGraph, Relation} from './graph-model.js'
import {pathKey} from '../kb/paths.js'

export function buildGraph(base: Base, references: ResolvedReference[]): JsonGraph {
  const nodes: Record<string, GraphNode> = {}
  for (const note of base.notes) {
    nodes[note.id] = {
      label: note.title?.trim() || note.id.slice(note.id.lastIndexOf('/') + 1),
      metadata: {
        type: 'note',
        path: pathKey(note.path),
        ...(note.description ? {description: note.description} : {}),
        ...(note.tags && note.tags.length > 0 ? {tags: note.tags} : {})
      }
    }
  }

  const edges: GraphEdge[] = []
  const backlinks = new Map<string, Set<string>>()
  for (const {from, reference, resolution, wanted} of references) {
    // A link to a heading of the same note (`[[#Setup]]`, `[t](#setup)`) is
    // navigation inside the note, not an edge: drawn, it would be a self-loop
    // on nearly every long note. A note that names itself still gets one.
    if (reference.target === '') continue
    let target: string
    let resolved = false
    if (resolution.status === 'resolved' || resolution.status === 'case-mismatch') {
      resolved = true
      target = resolution.kind === 'folder' ? resolution.id + '/' : resolution.id
      if (!nodes[target]) {
        nodes[target] = {
          label: target,
          metadata: {
            type: resolution.kind === 'folder' ? 'folder' : 'attachment',
            path: resolution.kind === 'folder' ? resolution.id : target
          }
        }
      }
    } else {
      target = wanted
      // A missing target must not take over an existing node of another kind.
      if (nodes[target] && nodes[target]!.metadata.type !== 'missing') target = `${wanted} (missing)`
      nodes[target] ??= {label: wanted, metadata: {type: 'missing', missing: true}}
    }
    if (resolved && target !== from.id) {
      let sources = backlinks.get(target)
      if (!sources) backlinks.set(target, (sources = new Set()))
      sources.add(from.id)
    }
    edges.push({
      source: from.id,
      target,
      relation: relationOf(reference.kind, reference.image),
      metadata: {
        line: reference.position.start.line,
        column: reference.position.start.column,
        ...(reference.anchor !== undefined ? {anchor: reference.anchor} : {}),
        resolved
      }
    })
  }
  for (const [id, sources] of backlinks) nodes[id]!.metadata.backlinks = sources.size
  return {graph: {directed: true, type: 'kb-lint', nodes, edges}}
}

function relationOf(kind: ResolvedReference['reference']['kind'], image: boolean | undefined): Relation {
  if (kind === 'markdown' && image) return 'embed'
  return kind
}
