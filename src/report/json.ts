/**
 * `--format json`: the shape of `vfile-reporter-json` (an array of
 * `{path, cwd, history, messages}`), with three differences:
 *
 * - `path` and `history` are relative to `options.cwd` (forward slashes),
 *   so reports are stable across machines; `cwd` is `options.cwd`.
 * - Each message also has `endLine` and `endColumn` (from `place.end`).
 * - `ancestors` (syntax-tree nodes) is left out: large, and not a stable API.
 *
 * Like vfile-reporter-json, files without messages are included; with `quiet`
 * (vfile-reporter-json's `silent`: errors only) files without errors are left
 * out. Messages keep vfile's order within a file; files keep the given order.
 */
import type {VFileMessage} from 'vfile-message'
import type {Reporter} from './types.js'
import {rangeOf, relativePath, relativeTo, visibleMessages} from './util.js'

export interface JsonMessage {
  ruleId?: string
  reason: string
  line?: number
  column?: number
  endLine?: number
  endColumn?: number
  fatal?: boolean | null
  source?: string
  url?: string
  note?: string
  expected?: string[]
  actual?: string
  place?: VFileMessage['place']
}

export interface JsonFile {
  path: string
  cwd: string
  history: string[]
  messages: JsonMessage[]
}

export const json: Reporter = (files, options) => {
  const result: JsonFile[] = []
  for (const file of files) {
    const messages = visibleMessages(file, options).map(messageToJson)
    if (options.quiet && messages.length === 0) continue
    result.push({
      path: relativePath(file, options.cwd),
      cwd: options.cwd,
      history: file.history.map((value) => relativeTo(options.cwd, value)),
      messages
    })
  }
  return JSON.stringify(result, undefined, 2)
}

function messageToJson(message: VFileMessage): JsonMessage {
  const range = rangeOf(message)
  // Same field set as vfile-reporter-json (minus `ancestors`), plus the end.
  // `undefined` fields disappear in JSON.stringify, as there.
  return {
    ruleId: message.ruleId,
    reason: message.reason,
    line: message.line,
    column: message.column,
    endLine: range.endLine,
    endColumn: range.endColumn,
    fatal: message.fatal,
    source: message.source,
    url: message.url,
    note: message.note,
    expected: message.expected,
    actual: message.actual,
    place: message.place
  }
}
