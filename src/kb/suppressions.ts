/**
 * Read `kb-lint-disable` comments from a note's syntax tree:
 *
 *     <!-- kb-lint-disable-next-line link-unresolved -->
 *     <!-- kb-lint-disable table-column-count, link-case-mismatch -->
 *     …
 *     <!-- kb-lint-enable table-column-count -->
 *
 * No rule id means every rule. `enable` without ids ends every open
 * `disable`; with ids, it ends the open `disable`s of exactly those ids. A
 * directive naming several rules becomes one entry per rule, so an unused one
 * can be reported by name. Only HTML comments are directives: the same text
 * in a code block or inline code is an example (micromark makes no `html`
 * node there).
 */
import type {Html, Root} from 'mdast'
import {visit} from 'unist-util-visit'
import type {Span, Suppression} from './model.js'

const DIRECTIVE = /^<!--\s*kb-lint-(disable-next-line|disable|enable)(?:\s+([\s\S]*?))?\s*-->$/

/** `source` (the note's text) lets the many notes without a directive skip the tree walk. */
export function collectSuppressions(tree: Root, source: string): Suppression[] {
  if (!source.includes('kb-lint-')) return []
  const found: Suppression[] = []
  const open: Suppression[] = []
  visit(tree, 'html', (node: Html) => {
    const raw = node.value.trim()
    const match = DIRECTIVE.exec(raw)
    if (!match || !node.position) return
    const directive = match[1] as Suppression['directive']
    const ids = (match[2] ?? '').split(/[\s,]+/).filter(Boolean)
    const place: Span = {
      start: {line: node.position.start.line, column: node.position.start.column, offset: node.position.start.offset},
      end: {line: node.position.end.line, column: node.position.end.column, offset: node.position.end.offset}
    }
    const each = ids.length === 0 ? [undefined] : ids
    if (directive === 'disable-next-line') {
      const line = place.end.line + 1
      for (const ruleId of each) found.push({directive, ruleId, raw, place, fromLine: line, toLine: line})
      return
    }
    if (directive === 'disable') {
      for (const ruleId of each) {
        const suppression: Suppression = {directive, ruleId, raw, place, fromLine: place.start.line}
        found.push(suppression)
        open.push(suppression)
      }
      return
    }
    for (const ruleId of each) {
      const closes = open.filter((candidate) => ruleId === undefined || candidate.ruleId === ruleId)
      for (const suppression of closes) {
        suppression.toLine = place.end.line
        open.splice(open.indexOf(suppression), 1)
      }
      // An enable that ends nothing is a leftover; keep it so it is reported.
      if (closes.length === 0) found.push({directive, ruleId, raw, place, fromLine: place.start.line, toLine: place.start.line})
    }
  })
  return found
}
