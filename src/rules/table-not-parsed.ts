import {describeReason, diagnoseNonTable} from '../kb/table-syntax.js'
import {findSplitWikiLinks} from '../kb/tables.js'
import type {FileRule} from './types.js'
import {paragraphLines, pointAt, visitParagraphs} from './table-walk.js'

export const tableNotParsed: FileRule = {
  scope: 'file',
  meta: {
    id: 'table-not-parsed',
    description:
      'Lines written as a table that GFM renders as a paragraph: a delimiter row with the wrong number of cells or an invalid character, or none at all.',
    defaultSeverity: 'error',
    reads: 'note',
    hasSuggestions: true
  },
  check({tree, source, location, report}) {
    // GFM already refused these lines (they are a paragraph in the tree), so
    // only text the writer meant as a table and no real table is looked at.
    // Every reading of diagnoseNonTable needs a `|` in the paragraph, and
    // most paragraphs have none: `nextPipe` (paragraphs come in source
    // order) skips them without cutting their lines.
    let nextPipe = source.indexOf('|')
    if (nextPipe === -1) return
    visitParagraphs(tree, (paragraph, ancestors) => {
      const start = paragraph.position!.start.offset!
      if (nextPipe < start) nextPipe = source.indexOf('|', start)
      if (nextPipe === -1) nextPipe = source.length
      if (nextPipe > paragraph.position!.end.offset!) return
      const found = diagnoseNonTable(paragraphLines(paragraph, ancestors, source))
      if (!found) return
      const {header, second, delimiter} = found
      const missing = found.reason.kind === 'no-delimiter'
      const advice = missing ? `add \`${delimiter}\` below it` : `write the delimiter row as \`${delimiter}\``
      // A `|` inside a wiki link in the header adds a cell the writer did not mean.
      const link =
        found.reason.kind === 'cell-count' ? findSplitWikiLinks(header.text, 0).find((candidate) => !candidate.literal) : undefined
      const escaped = link?.raw.replace(/(?<!\\)\|/g, '\\|')
      const fixHint = link ? `the \`|\` in \`${link.raw}\` splits a cell: write \`${escaped}\`` : advice
      report({
        reason: `These lines look like a table but GFM renders them as text: ${describeReason(found.reason, header.text, second.text)}; ${fixHint}`,
        place: {start: pointAt(location, header.start), end: pointAt(location, second.start + second.text.length)},
        // As written inside the container: the indentation can be the reason.
        actual: ' '.repeat(header.indent) + header.text + '\n' + ' '.repeat(second.indent) + second.text,
        expected: [link ? header.text.replace(link.raw, () => escaped!) + '\n' + second.text : header.text + '\n' + delimiter]
      })
    })
  }
}
