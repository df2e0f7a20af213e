/**
 * `--format github`: GitHub Actions workflow commands, one line per message:
 *
 *   ::error file=notes/a.md,line=3,col=5,endLine=3,endColumn=12,title=link-unresolved::Cannot resolve …
 *
 * Errors → `::error`, warnings → `::warning`, infos → `::notice`. The title is
 * the rule id; the message is the reason plus suggestions, if any.
 * Escaping is exactly @actions/core's (`toCommandValue` / `escapeData` /
 * `escapeProperty`). `col`/`endColumn` are only sent when the message starts
 * and ends on the same line: @actions/core documents that columns cannot be
 * sent when `startLine` and `endLine` differ.
 */
import type {Reporter} from './types.js'
import {entries, messageText, type Severity} from './util.js'

const COMMAND: Record<Severity, string> = {error: 'error', warning: 'warning', info: 'notice'}

/** @actions/core `escapeData`: for the message part. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** @actions/core `escapeProperty`: for property values. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

export const github: Reporter = (files, options) => {
  const lines: string[] = []
  for (const {path, message, severity, range} of entries(files, options)) {
    const properties: Array<[string, string | number | undefined]> = [
      ['file', path || undefined],
      ['line', range.line],
      ['endLine', range.endLine]
    ]
    const sameLine = range.endLine === undefined || range.endLine === range.line
    if (sameLine) {
      properties.splice(2, 0, ['col', range.column])
      properties.push(['endColumn', range.endLine === undefined ? undefined : range.endColumn])
    }
    properties.push(['title', message.ruleId])
    const props = properties
      .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
      .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
      .join(',')
    lines.push(`::${COMMAND[severity]}${props ? ' ' + props : ''}::${escapeData(messageText(message))}`)
  }
  return lines.join('\n')
}
