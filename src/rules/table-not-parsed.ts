import {describeReason, diagnoseNonTable} from '../kb/table-syntax.js'
import type {FileRule} from './types.js'
import {paragraphLines, pointAt, visitParagraphs} from './table-walk.js'

export const tableNotParsed: FileRule = {
  scope: 'file',
  meta: {
    id: 'table-not-parsed',
    description: 'Lines written as a table that GFM renders as a paragraph: a delimiter row with the wrong number of cells or an invalid character, or none at all.',
    defaultSeverity: 'error'
  },
  check({tree, source, location, report}) {
    // GFM already refused these lines (they are a paragraph in the tree), so
    // only text the writer meant as a table and no real table is looked at.
    visitParagraphs(tree, (paragraph, ancestors) => {
      const found = diagnoseNonTable(paragraphLines(paragraph, ancestors, source))
      if (!found) return
      const {header, second, delimiter} = found
      const missing = found.reason.kind === 'no-delimiter'
      const advice = missing ? `add \`${delimiter}\` below it` : `write the delimiter row as \`${delimiter}\``
      report({
        reason: `These lines look like a table but GFM renders them as text: ${describeReason(found.reason, header.text, second.text)}; ${advice}`,
        place: {start: pointAt(location, header.start), end: pointAt(location, second.start + second.text.length)},
        actual: header.text + '\n' + second.text,
        expected: [header.text + '\n' + delimiter]
      })
    })
  }
}
