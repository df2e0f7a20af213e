/**
 * `--format compact`: one line per message,
 *
 *   path:line:column  severity  message  rule-id
 *
 * (two spaces between fields; severity `error`/`warning`/`info`), sorted by
 * path, line, column. Stable and diff-friendly: used by the fixture tests.
 * Line breaks inside a reason are shown as `\n` so one message stays one line.
 * A message without position prints `path:0:0`; without column, `path:line:0`.
 */
import type {Reporter} from './types.js'
import {entries} from './util.js'

export const compact: Reporter = (files, options) =>
  entries(files, options)
    .map(({path, message, severity, range}) => {
      const reason = message.reason.replace(/\r\n|\r|\n/g, '\\n')
      return `${path}:${range.line ?? 0}:${range.column ?? 0}  ${severity}  ${reason}  ${message.ruleId ?? ''}`.trimEnd()
    })
    .join('\n')
