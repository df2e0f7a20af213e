/**
 * Helpers shared by the reporters: severities, positions, relative paths,
 * stable ordering.
 */
import path from 'node:path'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {isPlainPath} from '../kb/paths.js'
import type {ReporterOptions} from './types.js'

export type Severity = 'error' | 'warning' | 'info'

/** `fatal: true` → error, `false` → warning, `undefined`/`null` → info (vfile's convention). */
export function severityOf(message: VFileMessage): Severity {
  return message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info'
}

export interface Range {
  line?: number
  column?: number
  endLine?: number
  endColumn?: number
}

/**
 * Start and end of a message. `place` may be a position (`{start, end}`) or a
 * point (`{line, column}`); falls back to `line`/`column`. Unknown parts are
 * `undefined` (vfile uses `undefined`, older code `null`/0).
 */
export function rangeOf(message: VFileMessage): Range {
  const place = message.place
  let line: number | undefined
  let column: number | undefined
  let endLine: number | undefined
  let endColumn: number | undefined
  if (place && 'start' in place) {
    line = place.start?.line
    column = place.start?.column
    endLine = place.end?.line
    endColumn = place.end?.column
  } else if (place) {
    line = place.line
    column = place.column
  }
  line = positive(line) ?? positive(message.line)
  column = positive(column) ?? positive(message.column)
  endLine = positive(endLine)
  endColumn = positive(endColumn)
  if (line === undefined) return {}
  if (endLine !== undefined && endLine < line) endLine = undefined
  if (endLine === undefined) endColumn = undefined
  return {line, column, endLine, endColumn}
}

function positive(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined
}

/** `file.path` relative to `cwd`, always with `/` separators. */
export function relativePath(file: VFile, cwd: string): string {
  return relativeTo(cwd, file.path ?? '')
}

/** A path relative to `cwd`, always with `/` separators. */
export function relativeTo(cwd: string, value: string): string {
  if (!value) return ''
  // Engine-made paths are already relative and plain (no `.`/`..` segments,
  // no doubled separators): every report of a large base would otherwise spend
  // a resolve + relative per file.
  if (path.sep === '/' && isPlainPath(value)) return value
  const relative = path.relative(cwd, path.resolve(cwd, value))
  return relative.split(path.sep).join('/')
}

/** Messages a reporter should show: all, or only errors when `quiet`. */
export function visibleMessages(file: VFile, options: Pick<ReporterOptions, 'quiet'>): VFileMessage[] {
  return options.quiet ? file.messages.filter((m) => m.fatal === true) : [...file.messages]
}

/** The reason plus the suggestions (`expected`), when there are any. */
export function messageText(message: VFileMessage): string {
  const expected = (message.expected ?? []).filter((x) => typeof x === 'string' && x !== '')
  if (expected.length === 0) return message.reason
  const label = expected.length === 1 ? 'did you mean' : 'did you mean one of'
  return `${message.reason} (${label}: ${expected.join(', ')})`
}

export interface Entry {
  file: VFile
  path: string
  message: VFileMessage
  severity: Severity
  range: Range
}

const collator = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * All visible messages of all files, sorted by path, line, column (messages
 * without a position first in their file), then rule id and reason, so output
 * never depends on the order files were linted in (worker threads).
 */
export function entries(files: VFile[], options: ReporterOptions): Entry[] {
  const result: Entry[] = []
  for (const file of files) {
    const filePath = relativePath(file, options.cwd)
    for (const message of visibleMessages(file, options)) {
      result.push({file, path: filePath, message, severity: severityOf(message), range: rangeOf(message)})
    }
  }
  return result.sort(compareEntries)
}

export function compareEntries(a: Entry, b: Entry): number {
  return (
    collator(a.path, b.path) ||
    (a.range.line ?? 0) - (b.range.line ?? 0) ||
    (a.range.column ?? 0) - (b.range.column ?? 0) ||
    collator(a.message.ruleId ?? '', b.message.ruleId ?? '') ||
    collator(a.message.reason, b.message.reason)
  )
}

/** Files sorted by relative path, each with its relative path. */
export function sortedFiles(files: VFile[], cwd: string): Array<{file: VFile; path: string}> {
  return files.map((file) => ({file, path: relativePath(file, cwd)})).sort((a, b) => collator(a.path, b.path))
}
