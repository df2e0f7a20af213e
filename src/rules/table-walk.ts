/** Shared by the table rules: find tables at any depth (lists, block quotes). */
import type {Nodes, Root, Table} from 'mdast'
import type {Location} from 'vfile-location'
import type {Point} from '../kb/model.js'

export function visitTables(tree: Root, visitor: (table: Table) => void): void {
  const walk = (node: Nodes): void => {
    if (node.type === 'table') visitor(node)
    else if ('children' in node && node.type !== 'paragraph' && node.type !== 'heading') {
      for (const child of node.children) walk(child as Nodes)
    }
  }
  walk(tree)
}

export function pointAt(location: Location, offset: number): Point {
  const point = location.toPoint(offset)
  return {line: point?.line ?? 1, column: point?.column ?? 1, offset}
}
