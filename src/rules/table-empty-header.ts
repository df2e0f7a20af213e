import {tableRows} from '../kb/tables.js'
import {splitRow} from '../kb/table-syntax.js'
import type {FileRule} from './types.js'
import {pointAt, visitTables} from './table-walk.js'

export const tableEmptyHeader: FileRule = {
  scope: 'file',
  meta: {
    id: 'table-empty-header',
    description: 'A table header cell with no text: the column has no name for readers and screen readers.',
    defaultSeverity: 'warn',
    reads: 'note'
  },
  check({tree, source, location, report}) {
    visitTables(tree, (table) => {
      const header = tableRows(table, source)[0]
      if (!header) return
      const cells = splitRow(header.text).cells
      cells.forEach((cell, index) => {
        if (cell.text !== '') return
        const at = pointAt(location, header.start + cell.start)
        report({
          reason: `Header cell ${index + 1} of ${cells.length} in \`${header.text.trim()}\` is empty; name the column`,
          place: {start: at, end: at}
        })
      })
    })
  }
}
