/** Shared by the table rules: find tables at any depth (lists, block quotes). */
import type {Nodes, Paragraph, Parents, Root, Table} from 'mdast'
import type {Location} from 'vfile-location'
import type {ContentLine} from '../kb/table-syntax.js'
import type {Point} from '../kb/model.js'

export function visitTables(tree: Root, visitor: (table: Table, parent: Parents, index: number) => void): void {
  for (const {table, parent, index} of tablesOf(tree)) visitor(table, parent, index)
}

interface FoundTable {
  table: Table
  parent: Parents
  index: number
}

/**
 * The tables of the tree the file rules are reading, found once for the five
 * table rules that each walk them. Only the last tree is kept: a WeakMap
 * keyed by tree raised the peak of a cold 10,000-note check from 274 to
 * 304 MB (its entries go only in a full collection).
 */
let lastTree: Root | undefined
let lastTables: FoundTable[] = []

function tablesOf(tree: Root): FoundTable[] {
  if (tree === lastTree) return lastTables
  const found: FoundTable[] = []
  const walk = (node: Nodes): void => {
    if (!('children' in node) || node.type === 'paragraph' || node.type === 'heading' || node.type === 'table') return
    node.children.forEach((child, index) => {
      if (child.type === 'table') found.push({table: child, parent: node, index})
      else walk(child as Nodes)
    })
  }
  walk(tree)
  lastTree = tree
  lastTables = found
  return found
}

/**
 * Every paragraph with its container ancestors (outermost first). Code,
 * HTML and tables hold no paragraphs, so nothing written there is visited.
 */
export function visitParagraphs(tree: Root, visitor: (paragraph: Paragraph, ancestors: Parents[]) => void): void {
  const walk = (node: Nodes, ancestors: Parents[]): void => {
    if (node.type === 'paragraph') {
      visitor(node, ancestors)
      return
    }
    if (!('children' in node) || node.type === 'heading' || node.type === 'table') return
    const inside = [...ancestors, node]
    for (const child of node.children) walk(child as Nodes, inside)
  }
  walk(tree, [])
}

/**
 * A paragraph's lines as its container sees them: block-quote markers and
 * list-item indentation removed (a lazy line keeps what it has), leading
 * whitespace measured and cut. That is the text GFM would have tried to read
 * as table rows.
 */
export function paragraphLines(paragraph: Paragraph, ancestors: Parents[], source: string): ContentLine[] {
  const start = paragraph.position!.start.offset!
  const end = paragraph.position!.end.offset!
  const lines: ContentLine[] = []
  let lineStart = start
  let first = true
  while (lineStart <= end) {
    let lineEnd = source.indexOf('\n', lineStart)
    if (lineEnd === -1 || lineEnd > end) lineEnd = end
    let at = lineStart
    if (!first) {
      const bol = lineStart
      for (const ancestor of ancestors) {
        if (ancestor.type === 'blockquote') {
          const marker = /^[ \t]{0,3}> ?/.exec(source.slice(at, lineEnd))
          if (!marker) break
          at += marker[0].length
        } else if (ancestor.type === 'listItem') {
          const contentColumn = ancestor.children[0]?.position?.start.column ?? 1
          while (at < lineEnd && source[at] === ' ' && at - bol + 1 < contentColumn) at++
        }
      }
    }
    let indent = 0
    while (at < lineEnd && (source[at] === ' ' || source[at] === '\t')) {
      indent += source[at] === '\t' ? 4 - (indent % 4) : 1
      at++
    }
    const text = source.slice(at, lineEnd).replace(/\r$/, '')
    lines.push({text, start: at, indent})
    first = false
    lineStart = lineEnd + 1
  }
  return lines
}

export function pointAt(location: Location, offset: number): Point {
  const point = location.toPoint(offset)
  return {line: point?.line ?? 1, column: point?.column ?? 1, offset}
}
