/**
 * GFM table rows as text, the way the GFM spec (4.10) and cmark-gfm read
 * them: a row is split at every `|` not escaped by a backslash (inside code
 * spans too), one leading and one trailing pipe are dropped, and cell text is
 * trimmed. A delimiter cell is `-`s with an optional `:` at either end.
 *
 * `diagnoseNonTable` explains why lines that look like a table are not one:
 * the rules use it on paragraph text, i.e. on lines GFM already refused.
 */

export interface RowCell {
  /** Trimmed cell text as written (escapes kept). */
  text: string
  /** Offsets in the line of the trimmed text. */
  start: number
  end: number
}

export interface SplitRow {
  cells: RowCell[]
  leadingPipe: boolean
  trailingPipe: boolean
  /** Offset in the line just after the last non-whitespace character. */
  contentEnd: number
}

const SPACE = /[ \t]/

/**
 * Offsets of every `|` not escaped by a backslash. As in cmark-gfm, a `|`
 * right after a `\\` is escaped even when that backslash is itself escaped
 * (`\\\\|`); remark (micromark) splits there instead (test/gfm-tables.test.ts).
 */
export function unescapedPipes(line: string): number[] {
  const pipes: number[] = []
  for (let index = 0; index < line.length; index++) {
    if (line[index] === '|' && line[index - 1] !== '\\') pipes.push(index)
  }
  return pipes
}

export function splitRow(line: string): SplitRow {
  let start = 0
  let end = line.length
  while (start < end && SPACE.test(line[start]!)) start++
  while (end > start && /[ \t\r\n]/.test(line[end - 1]!)) end--
  const contentEnd = end
  const pipes = unescapedPipes(line.slice(0, end)).filter((pipe) => pipe >= start)
  const leadingPipe = pipes[0] === start
  const last = pipes[pipes.length - 1]
  const trailingPipe = last === end - 1 && !(leadingPipe && pipes.length === 1)
  const separators = pipes.filter((pipe) => !(leadingPipe && pipe === start) && !(trailingPipe && pipe === end - 1))
  const cells: RowCell[] = []
  let from = leadingPipe ? start + 1 : start
  for (const to of [...separators, trailingPipe ? end - 1 : end]) {
    let cellStart = from
    let cellEnd = to
    while (cellStart < cellEnd && SPACE.test(line[cellStart]!)) cellStart++
    while (cellEnd > cellStart && SPACE.test(line[cellEnd - 1]!)) cellEnd--
    // An empty cell sits just after its opening pipe.
    if (cellStart === cellEnd) cellStart = cellEnd = from
    cells.push({text: line.slice(cellStart, cellEnd), start: cellStart, end: cellEnd})
    from = to + 1
  }
  return {cells, leadingPipe, trailingPipe, contentEnd}
}

export const DELIMITER_CELL = /^:?-+:?$/

// Em dash, en dash, minus sign: written as escapes so that the bundle stays
// ASCII (scripts/bundle-options.js `requireAscii`).
const DASHLIKE = /[-:=_~\u2014\u2013\u2212]/u

/**
 * A row a writer meant as a delimiter row, valid or not: it has a `-` (or a
 * look-alike: `=`, `—`, `–`), and every non-empty cell is mostly such
 * characters. `| -x- |` and `| --- |   |` count; `| a | - |` does not.
 */
export function isDelimiterLike(line: string): boolean {
  const row = splitRow(line)
  if (row.cells.length === 0 || !/[-=\u2014\u2013\u2212]/u.test(line)) return false
  if (!row.leadingPipe && !row.trailingPipe && unescapedPipes(line).length === 0 && !DELIMITER_CELL.test(line.trim())) return false
  return row.cells.every((cell) => {
    const chars = [...cell.text.replace(/[ \t]/g, '')]
    return chars.filter((char) => DASHLIKE.test(char)).length * 2 >= chars.length
  })
}

/** A line that reads as a row of a table: it starts or ends with `|` and has two pipes. */
export function isRowLike(line: string): boolean {
  const row = splitRow(line)
  return (row.leadingPipe || row.trailingPipe) && unescapedPipes(line).length >= 2
}

export interface ContentLine {
  /** The line without container prefixes and leading whitespace. */
  text: string
  /** Offset of `text` in the file. */
  start: number
  /** Columns of whitespace before `text`, inside its container. */
  indent: number
}

export type NonTableReason =
  | {kind: 'cell-count'; header: number; delimiter: number}
  | {kind: 'invalid-cell'; cell: string; char: string}
  | {kind: 'empty-cell'; index: number}
  | {kind: 'indented'; indent: number}
  | {kind: 'no-delimiter'}

export interface NonTable {
  reason: NonTableReason
  header: ContentLine
  /** The delimiter row, or the second row when there is none. */
  second: ContentLine
  /** A delimiter row GFM accepts under this header (the writer's alignment kept). */
  delimiter: string
}

/**
 * Why the lines of one paragraph, which look like a table, are not one. The
 * first header + delimiter-like pair decides; without one, two rows of
 * `|`-separated cells with no delimiter row. Undefined: not table-like.
 */
export function diagnoseNonTable(lines: ContentLine[]): NonTable | undefined {
  for (let index = 0; index + 1 < lines.length; index++) {
    const header = lines[index]!
    const delimiter = lines[index + 1]!
    if (!isDelimiterLike(delimiter.text)) continue
    const headerRow = splitRow(header.text)
    if (unescapedPipes(header.text).length === 0 && unescapedPipes(delimiter.text).length === 0) continue
    const delimiterRow = splitRow(delimiter.text)
    const count = headerRow.cells.length
    const suggestion = delimiterFor(count, delimiterRow)
    const invalid = delimiterRow.cells.find((cell) => cell.text !== '' && !DELIMITER_CELL.test(cell.text))
    if (invalid) {
      const inner = invalid.text.replace(/^:/, '').replace(/:$/, '')
      const char = [...inner].find((candidate) => candidate !== '-') ?? ':'
      return {reason: {kind: 'invalid-cell', cell: invalid.text, char}, header, second: delimiter, delimiter: suggestion}
    }
    const empty = delimiterRow.cells.findIndex((cell) => cell.text === '')
    if (empty !== -1) return {reason: {kind: 'empty-cell', index: empty + 1}, header, second: delimiter, delimiter: suggestion}
    if (delimiterRow.cells.length !== count) {
      return {
        reason: {kind: 'cell-count', header: count, delimiter: delimiterRow.cells.length},
        header,
        second: delimiter,
        delimiter: suggestion
      }
    }
    if (delimiter.indent >= 4)
      return {reason: {kind: 'indented', indent: delimiter.indent}, header, second: delimiter, delimiter: suggestion}
  }
  for (let index = 0; index + 1 < lines.length; index++) {
    const header = lines[index]!
    const second = lines[index + 1]!
    // A delimiter-like second line that passed every check above is one GFM
    // refused for a reason not judged here (a lazy line in a block quote).
    if (!isRowLike(header.text) || !isRowLike(second.text) || isDelimiterLike(second.text)) continue
    const count = splitRow(header.text).cells.length
    return {reason: {kind: 'no-delimiter'}, header, second, delimiter: delimiterFor(count)}
  }
  return undefined
}

/**
 * A valid delimiter row of `count` cells, `| --- | :-: |` style, keeping the
 * alignment the writer gave each column (a `:` at either end of its cell).
 */
export function delimiterFor(count: number, written?: SplitRow): string {
  const cells: string[] = []
  for (let index = 0; index < count; index++) {
    const text = written?.cells[index]?.text ?? ''
    const left = text.startsWith(':')
    const right = text.length > 1 && text.endsWith(':')
    cells.push((left ? ':' : '') + '---' + (right ? ':' : ''))
  }
  return '| ' + cells.join(' | ') + ' |'
}

/** Why GFM refused, in words for the writer. */
export function describeReason(reason: NonTableReason, header: string, second: string): string {
  switch (reason.kind) {
    case 'cell-count':
      return `the delimiter row \`${second}\` has ${reason.delimiter} ${cells(reason.delimiter)} but the header row \`${header}\` has ${reason.header}; GFM needs the same number`
    case 'invalid-cell':
      return `delimiter cell \`${reason.cell}\` holds ${reason.char === ' ' || reason.char === '\t' ? 'a space' : '`' + reason.char + '`'}; a delimiter cell is only \`-\`s, with an optional \`:\` at either end`
    case 'empty-cell':
      return `cell ${reason.index} of the delimiter row \`${second}\` is empty; every delimiter cell needs at least one \`-\``
    case 'indented':
      return `the delimiter row \`${second}\` is indented ${reason.indent} spaces; indented 4 or more, it is not a delimiter row`
    case 'no-delimiter':
      return `there is no delimiter row under the header row \`${header}\``
  }
}

function cells(count: number): string {
  return count === 1 ? 'cell' : 'cells'
}
