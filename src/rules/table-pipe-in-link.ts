import type {Table} from 'mdast'
import {tableRows} from '../kb/tables.js'
import type {FileRule} from './types.js'
import {pointAt, visitTables} from './table-walk.js'

export const tablePipeInLink: FileRule = {
  scope: 'file',
  meta: {
    id: 'table-pipe-in-link',
    description: 'An unescaped `|` inside a wiki link in a table row: GFM splits the cell there and the link breaks.',
    defaultSeverity: 'error',
    reads: 'note',
    hasSuggestions: true,
    fixable: true
  },
  check({tree, source, location, report}) {
    visitTables(tree, (table: Table) => {
      for (const row of tableRows(table, source)) {
        for (const link of row.splitLinks) {
          let escaped = link.raw
          for (const pipe of [...link.pipes].reverse()) {
            const at = pipe - link.start
            escaped = escaped.slice(0, at) + '\\' + escaped.slice(at)
          }
          report({
            reason: `Unescaped \`|\` in \`${link.raw}\` splits the table cell; write \`${escaped}\``,
            place: {start: pointAt(location, link.start), end: pointAt(location, link.end)},
            expected: [escaped],
            actual: link.raw,
            fix: {start: link.start, end: link.end, text: escaped}
          })
        }
      }
    })
  }
}
