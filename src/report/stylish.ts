/**
 * `--format stylish` (the default for humans), modelled on ESLint's:
 *
 *   docs/a.md
 *     1:1-1:1    error    Note has no frontmatter: …   frontmatter-missing
 *     5:11-5:44  warning  Cannot resolve `[[x]]`: …    link-unresolved
 *
 *   ✖ 2 problems (1 error, 1 warning)
 *
 * - Columns are aligned per file (ESLint's model), never across the whole
 *   report, so one long message elsewhere does not push every rule id out.
 * - With `options.width` (the terminal's), every line stays within it: the
 *   message column is cut down to what the width leaves, and a longer message
 *   wraps at word boundaries onto lines indented to the message column. No
 *   width (a pipe, a file): no wrapping, as ESLint.
 * - Widths are display widths (report/display-width.ts, report/wide-text.ts):
 *   Cyrillic, CJK and emoji align.
 * - Paths relative to `options.cwd`; files without messages are not listed;
 *   `options.quiet` → errors only; colour (picocolors) only when
 *   `options.color` is true — the CLI decides (--color, NO_COLOR, FORCE_COLOR, TTY).
 */
import {createColors} from 'picocolors'
import type {VFile} from 'vfile'
import {narrowWidth} from './display-width.js'
import type {Reporter, ReporterOptions} from './types.js'
import {entries, visibleMessages, type Entry, type Range, type Severity} from './util.js'
import type {WideText} from './wide-text.js'

/** The narrowest message column worth wrapping into; below it lines overflow rather than stack one word each. */
const MIN_MESSAGE_WIDTH = 24
const GAP = '  '
const INDENT = '  '

/**
 * Whether a stylish report of `files` may measure or wrap a line beyond
 * the narrow characters: for a terminal (`width`: lines may wrap), or when a
 * message holds another character. Only then does it need `WideText`.
 */
export function needsWideText(files: VFile[], options: ReporterOptions): boolean {
  // The messages themselves: `entries` would also make every path relative and sort them all.
  return (
    options.width !== undefined ||
    files.some((file) => visibleMessages(file, options).some((message) => narrowWidth(message.reason) === undefined))
  )
}

/** The stylish reporter; `wide` may be left out when `needsWideText` says so. */
export function createStylish(wide?: WideText): Reporter {
  if (wide) return (files, options) => report(files, options, wide.width, wide.wrap)
  const missing = (): never => {
    throw new Error('the stylish report needs string-width for this line: load report/wide-text.ts (needsWideText)')
  }
  return (files, options) => report(files, options, (line) => narrowWidth(line) ?? missing(), missing)
}

function report(
  files: VFile[],
  options: ReporterOptions,
  displayWidth: (line: string) => number,
  wrap: (line: string, columns: number) => string[]
): string {
  const colors = createColors(options.color === true)
  const severityStyle: Record<Severity, (text: string) => string> = {error: colors.red, warning: colors.yellow, info: colors.blue}
  const all = entries(files, options)
  if (all.length === 0) return ''

  const out: string[] = []
  for (const group of byFile(all)) {
    out.push(colors.underline(group[0]!.path))
    const rows = group.map((entry) => ({
      position: positionText(entry.range),
      severity: entry.severity,
      lines: entry.message.reason.split(/\r\n|\r|\n/),
      rule: entry.message.ruleId ?? ''
    }))
    const positionWidth = maxOf(rows, (row) => row.position.length)
    const severityWidth = maxOf(rows, (row) => row.severity.length)
    const ruleWidth = maxOf(rows, (row) => row.rule.length)
    const messageStart = INDENT.length + positionWidth + GAP.length + severityWidth + GAP.length
    const longest = maxOf(rows, (row) => maxOf(row.lines, (line) => displayWidth(line)))
    const room = options.width === undefined ? Infinity : options.width - messageStart - (ruleWidth > 0 ? GAP.length + ruleWidth : 0)
    // A terminal too narrow for a message column beside the rule ids: the
    // message takes the whole rest of the line and the rule id goes below it.
    const ruleBelow = room < MIN_MESSAGE_WIDTH && ruleWidth > 0
    const messageWidth = ruleBelow ? Math.max(MIN_MESSAGE_WIDTH, options.width! - messageStart) : Math.min(longest, room)
    const continuation = ' '.repeat(messageStart)

    for (const row of rows) {
      const wrapped = row.lines.flatMap((line) => (displayWidth(line) > messageWidth ? wrap(line, messageWidth) : [line]))
      const [first = '', ...rest] = wrapped
      const ruleBeside =
        row.rule && !ruleBelow ? ' '.repeat(Math.max(0, messageWidth - displayWidth(first))) + GAP + colors.dim(row.rule) : ''
      const head =
        INDENT +
        colors.dim(row.position.padEnd(positionWidth)) +
        GAP +
        severityStyle[row.severity](row.severity.padEnd(severityWidth)) +
        GAP +
        first +
        ruleBeside
      out.push(head.trimEnd())
      for (const line of rest) out.push((continuation + line).trimEnd())
      if (row.rule && ruleBelow) out.push(continuation + colors.dim(row.rule))
    }
    out.push('')
  }
  out.push(summary(all, colors))
  return out.join('\n')
}

/**
 * The largest `measure` of `items`: a loop, because `Math.max(...array)`
 * overflows the stack past ~120,000 arguments (a note may have 100,000 links).
 */
function maxOf<T>(items: readonly T[], measure: (item: T) => number): number {
  let max = 0
  for (const item of items) max = Math.max(max, measure(item))
  return max
}

/** Entries are sorted by path: split them into one run per file. */
function byFile(all: Entry[]): Entry[][] {
  const groups: Entry[][] = []
  for (const entry of all) {
    const last = groups.at(-1)
    if (last && last[0]!.path === entry.path) last.push(entry)
    else groups.push([entry])
  }
  return groups
}

/** `5:11-5:44`, `5:11`, `5`, or `0:0` for a message about the whole file. */
function positionText(range: Range): string {
  if (range.line === undefined) return '0:0'
  const start = range.column === undefined ? `${range.line}` : `${range.line}:${range.column}`
  if (range.endLine === undefined) return start
  return `${start}-${range.endColumn === undefined ? range.endLine : `${range.endLine}:${range.endColumn}`}`
}

/** `✖ 3 problems (2 errors, 1 warning)`, as ESLint counts them. */
function summary(all: Entry[], colors: ReturnType<typeof createColors>): string {
  const count = (severity: Severity) => all.filter((entry) => entry.severity === severity).length
  const errors = count('error')
  const warnings = count('warning')
  const infos = count('info')
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  const parts = [plural(errors, 'error'), plural(warnings, 'warning'), ...(infos > 0 ? [plural(infos, 'info')] : [])]
  const line = `${errors > 0 ? '✖' : '⚠'} ${plural(all.length, 'problem')} (${parts.join(', ')})`
  return colors.bold(errors > 0 ? colors.red(line) : colors.yellow(line))
}
