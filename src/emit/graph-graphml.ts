/**
 * GraphML output of the link graph, for Gephi, yEd, Cytoscape desktop, NetworkX…
 *
 * GraphML node ids must be XML NMTOKENs, which note ids (with `/`, spaces…)
 * are not, so nodes get synthetic ids `n0, n1, …` (in sorted key order) and the
 * note id travels in the `key` data. Edges are `e0, e1, …`, one per link
 * occurrence, in the graph's edge order.
 *
 * Node data: label, key, type, path, description, tags (comma separated),
 * backlinks (int), missing (boolean). Edge data: relation, line (int),
 * column (int), anchor, resolved (boolean). Gephi shows `label` as the label.
 */
import type {JsonGraph} from './graph-model.js'
import {displayLabel, isMissing, normalisedNodes} from './graph-util.js'

/**
 * Escape text for XML 1.0 content and attribute values. Characters that XML
 * 1.0 forbids outright (most C0 controls, lone surrogates, U+FFFE/U+FFFF)
 * become U+FFFD, since no escape can carry them.
 */
export function xmlEscape(value: string): string {
  return value
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD'
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;')
}

interface KeyDef {
  id: string
  for: 'node' | 'edge' | 'graph'
  name: string
  type: 'string' | 'int' | 'boolean'
}

const KEYS: KeyDef[] = [
  {id: 'd_label', for: 'node', name: 'label', type: 'string'},
  {id: 'd_key', for: 'node', name: 'key', type: 'string'},
  {id: 'd_type', for: 'node', name: 'type', type: 'string'},
  {id: 'd_path', for: 'node', name: 'path', type: 'string'},
  {id: 'd_description', for: 'node', name: 'description', type: 'string'},
  {id: 'd_tags', for: 'node', name: 'tags', type: 'string'},
  {id: 'd_backlinks', for: 'node', name: 'backlinks', type: 'int'},
  {id: 'd_missing', for: 'node', name: 'missing', type: 'boolean'},
  {id: 'd_relation', for: 'edge', name: 'relation', type: 'string'},
  {id: 'd_line', for: 'edge', name: 'line', type: 'int'},
  {id: 'd_column', for: 'edge', name: 'column', type: 'int'},
  {id: 'd_anchor', for: 'edge', name: 'anchor', type: 'string'},
  {id: 'd_resolved', for: 'edge', name: 'resolved', type: 'boolean'},
  {id: 'd_graph_label', for: 'graph', name: 'label', type: 'string'}
]

function data(key: string, value: string | number | boolean | undefined): string {
  if (value === undefined) return ''
  return `<data key="${key}">${xmlEscape(String(value))}</data>`
}

/** Render the graph as a GraphML document. */
export function graphToGraphml(graph: JsonGraph): string {
  const out: string[] = []
  out.push('<?xml version="1.0" encoding="UTF-8"?>')
  out.push(
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
  )
  for (const key of KEYS) {
    out.push(`  <key id="${key.id}" for="${key.for}" attr.name="${key.name}" attr.type="${key.type}"/>`)
  }
  out.push('  <graph id="G" edgedefault="directed">')
  if (graph.graph.label !== undefined) out.push(`    ${data('d_graph_label', graph.graph.label)}`)

  const ids = new Map<string, string>()
  for (const [key, node] of normalisedNodes(graph)) {
    const id = `n${ids.size}`
    ids.set(key, id)
    const meta = node.metadata
    const fields = [
      data('d_label', displayLabel(key, node)),
      data('d_key', key),
      data('d_type', meta.type),
      data('d_path', meta.path),
      data('d_description', meta.description),
      data('d_tags', meta.tags === undefined ? undefined : meta.tags.join(',')),
      data('d_backlinks', meta.backlinks),
      data('d_missing', isMissing(node) ? true : undefined)
    ].filter((x) => x !== '')
    out.push(`    <node id="${id}">${fields.join('')}</node>`)
  }

  graph.graph.edges.forEach((edge, index) => {
    const meta = edge.metadata
    const fields = [
      data('d_relation', edge.relation),
      data('d_line', meta.line),
      data('d_column', meta.column),
      data('d_anchor', meta.anchor),
      data('d_resolved', meta.resolved)
    ].filter((x) => x !== '')
    out.push(`    <edge id="e${index}" source="${ids.get(edge.source)}" target="${ids.get(edge.target)}">${fields.join('')}</edge>`)
  })

  out.push('  </graph>')
  out.push('</graphml>')
  return `${out.join('\n')}\n`
}
