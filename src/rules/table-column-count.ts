import {tableRows, type RowInfo} from '../kb/tables.js'
import {splitRow, unescapedPipes} from '../kb/table-syntax.js'
import type {FileRule} from './types.js'
import {pointAt, visitTables} from './table-walk.js'

export const tableColumnCount: FileRule = {
  scope: 'file',
  meta: {
    id: 'table-column-count',
    description: 'A table row with fewer or more cells than the header row: GFM silently pads short rows and drops extra cells.',
    defaultSeverity: 'warn',
    reads: 'note',
    fixable: true
  },
  check({tree, source, location, report}) {
    visitTables(tree, (table) => {
      const rows = tableRows(table, source)
      const header = rows[0]
      if (!header) return
      // A `|` inside `[[...]]` in the header is table-pipe-in-link's to report.
      const expected = header.row.children.length - pipesIn(header)
      for (const row of rows.slice(1)) {
        const actual = row.row.children.length
        if (actual === expected) continue
        // A row whose only fault is a pipe inside a wiki link: reported by table-pipe-in-link.
        if (actual - pipesIn(row) === expected) continue
        // A line without any `|` under a wider table is prose GFM swallowed:
        // table-blank-line reports it, and padding it would hide the mistake.
        if (expected > 1 && unescapedPipes(row.text).length === 0) continue
        const place = {start: pointAt(location, row.start), end: pointAt(location, row.end)}
        if (actual < expected) {
          report({
            reason: `Table row has ${actual} ${cells(actual)} but the header has ${expected}; GFM renders the missing ${cells(expected - actual)} empty`,
            place,
            fix: pipesIn(row) === 0 && pipesIn(header) === 0 ? padFix(row, expected - actual) : undefined
          })
        } else {
          const dropped = row.row.children
            .slice(expected)
            .map((cell) =>
              source.slice(cell.position!.start.offset!, cell.position!.end.offset!).replace(/^\|/, '').replace(/\|$/, '').trim()
            )
          report({
            reason: `Table row has ${actual} ${cells(actual)} but the header has ${expected}; GFM drops the extra ${cells(actual - expected)}: ${dropped.map((text) => '`' + text + '`').join(', ')}`,
            place,
            actual: dropped.join(' | ')
          })
        }
      }
    })
  }
}

/**
 * Append `missing` empty cells in the row's own style. A row without a
 * trailing pipe gets one: GFM trims a row's trailing whitespace, so an empty
 * last cell exists only between two pipes.
 */
function padFix(row: RowInfo, missing: number): {start: number; end: number; text: string} {
  const split = splitRow(row.text)
  const at = row.start + split.contentEnd
  const text = (split.trailingPipe ? '' : ' |') + ' |'.repeat(missing)
  return {start: at, end: at, text}
}

function pipesIn(row: {splitLinks: Array<{pipes: number[]}>}): number {
  return row.splitLinks.reduce((sum, link) => sum + link.pipes.length, 0)
}

function cells(count: number): string {
  return count === 1 ? 'cell' : 'cells'
}
