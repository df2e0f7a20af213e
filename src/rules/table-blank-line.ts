import type {Nodes} from 'mdast'
import {tableRows} from '../kb/tables.js'
import {splitRow, unescapedPipes} from '../kb/table-syntax.js'
import type {FileRule} from './types.js'
import {pointAt, visitTables} from './table-walk.js'

const BLOCK_NAMES: Partial<Record<Nodes['type'], string>> = {
  paragraph: 'paragraph',
  heading: 'heading',
  blockquote: 'block quote',
  list: 'list',
  code: 'code block',
  html: 'HTML',
  math: 'math block',
  thematicBreak: 'thematic break',
  definition: 'link definition',
  table: 'table'
}

export const tableBlankLine: FileRule = {
  scope: 'file',
  meta: {
    id: 'table-blank-line',
    description:
      'A table not separated by a blank line from the block before or after it, or text after it that GFM turns into a table row.',
    defaultSeverity: 'warn',
    reads: 'note'
  },
  check({tree, source, location, report}) {
    visitTables(tree, (table, parent, index) => {
      const start = table.position!.start
      const end = table.position!.end
      const before = parent.children[index - 1]
      if (before && before.type !== 'yaml' && !isComment(before) && before.position && before.position.end.line >= start.line - 1) {
        report({
          reason: `No blank line between the ${name(before)} above and this table; add one: other Markdown parsers read the table as part of the ${name(before)}`,
          place: {start: pointAt(location, start.offset!), end: pointAt(location, start.offset!)}
        })
      }
      const rows = tableRows(table, source)
      const header = rows[0]
      // A line with no `|` after a table of two or more columns is prose the
      // writer meant as a paragraph; GFM makes it a row (spec example 202).
      const swallowed =
        header && splitRow(header.text).cells.length > 1 ? rows.slice(1).find((row) => unescapedPipes(row.text).length === 0) : undefined
      if (swallowed) {
        report({
          reason: `Line \`${swallowed.text.trim()}\` has no \`|\` but GFM makes it a row of the table above; add a blank line before it to make it a paragraph`,
          place: {start: pointAt(location, swallowed.start), end: pointAt(location, swallowed.end)},
          actual: swallowed.text.trim()
        })
      }
      const after = parent.children[index + 1]
      if (after && !isComment(after) && after.position && after.position.start.line <= end.line + 1) {
        report({
          reason: `No blank line between this table and the ${name(after)} below; add one`,
          place: {start: pointAt(location, after.position.start.offset!), end: pointAt(location, after.position.start.offset!)}
        })
      }
    })
  }
}

function name(node: Nodes): string {
  return BLOCK_NAMES[node.type] ?? 'block'
}

/**
 * An HTML comment block ends at its `-->` in every CommonMark parser, so a
 * table right after or before one (e.g. a `kb-lint-disable` pair around a
 * table) renders the same everywhere.
 */
function isComment(node: {type: string; value?: unknown}): boolean {
  // An Obsidian `%%` comment is removed before parsing by Quartz.
  if (node.type === 'obsidianComment') return true
  return node.type === 'html' && typeof node.value === 'string' && /^<!--[\s\S]*-->$/.test(node.value.trim())
}
