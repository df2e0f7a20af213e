/**
 * A cheap reader for the frontmatter most notes have: a mapping of simple
 * keys to plain words, double-quoted strings without escapes, and flow or
 * block lists of those, e.g.
 *
 *     title: "Shard rebalance"
 *     tags: [review, встречи]
 *     aliases:
 *       - rebalance
 *
 * Anything else — comments, escapes, single quotes, multi-line values,
 * nesting, anchors, a plain value YAML would read as a number, boolean or
 * null, a duplicate key, CR line ends — returns undefined, and the `yaml`
 * package (the reference) parses the block. On what it accepts it gives
 * what `yaml` gives: the same data, key ranges and string ranges
 * (test/frontmatter.test.ts compares both on generated blocks). The `yaml`
 * package's parse was about a fifth of the per-file phase.
 */

/** A key or string value and its range in the YAML text (quotes included). */
export interface PlainScalar {
  value: string
  start: number
  end: number
}

export interface PlainMapping {
  data: Record<string, unknown>
  keys: PlainScalar[]
  /** Every string value (list items included), in document order. */
  strings: PlainScalar[]
}

/** A key YAML reads as that string: a letter or `_` first, then letters, digits, `_`, `-`. */
const KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/

/**
 * A plain scalar that YAML 1.2 (core schema) reads as exactly this string in
 * block and flow context alike: a letter first (no indicator, number or
 * `.inf`), then letters, combining marks, digits, spaces and punctuation that never start a
 * comment (` #`), a mapping (`: `), a flow separator or an escape; no space
 * at either end.
 */
const PLAIN = /^\p{L}(?:[\p{L}\p{M}\p{N} _./()+=~-]*[\p{L}\p{M}\p{N}_./()+=~-])?$/u

/** Plain words the core schema reads as null or booleans. */
const KEYWORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE'])

/**
 * Characters allowed between double quotes: no quote or backslash (escapes),
 * no control characters, no line or paragraph separators, no BOM.
 */
const QUOTED_CONTENT = /^[^"\\\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]*$/

export function readPlainMapping(text: string): PlainMapping | undefined {
  if (text.length === 0 || text.includes('\r')) return undefined
  const data: Record<string, unknown> = {}
  const keys: PlainScalar[] = []
  const strings: PlainScalar[] = []
  const seen = new Set<string>()
  let lineStart = 0
  // The block list being read: its key's data and the items' indentation.
  let list: {items: string[]; indent: number} | undefined
  let listKey: string | undefined
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart)
    if (lineEnd === -1) lineEnd = text.length
    const line = text.slice(lineStart, lineEnd)
    const next = lineEnd + 1
    if (line.length === 0) {
      lineStart = next
      continue
    }
    const dash = /^( *)- /.exec(line)
    if (dash) {
      // An item of the block list under the last key (`key:` then `- a` lines).
      if (listKey === undefined) return undefined
      const indent = dash[1]!.length
      if (list === undefined) {
        list = {items: [], indent}
        data[listKey] = list.items
      } else if (indent !== list.indent) return undefined
      const item = scalarAt(line, dash[0].length, line.length, lineStart)
      if (!item) return undefined
      list.items.push(item.value)
      if (item.quoted) strings.push(item)
      lineStart = next
      continue
    }
    if (listKey !== undefined && list === undefined) data[listKey] = null
    listKey = undefined
    list = undefined
    const colon = line.indexOf(':')
    if (colon <= 0) return undefined
    const key = line.slice(0, colon)
    if (!KEY.test(key) || KEYWORDS.has(key) || key === '__proto__' || seen.has(key)) return undefined
    seen.add(key)
    keys.push({value: key, start: lineStart, end: lineStart + colon})
    if (colon === line.length - 1) {
      // `key:` alone: null, or the key of a block list on the next lines.
      listKey = key
      lineStart = next
      continue
    }
    if (line.charCodeAt(colon + 1) !== 32) return undefined
    const valueStart = colon + 2
    if (line.charCodeAt(valueStart) === 91 /* [ */) {
      const items = flowList(line, valueStart, lineStart, strings)
      if (!items) return undefined
      data[key] = items
    } else {
      const value = scalarAt(line, valueStart, line.length, lineStart)
      if (!value) return undefined
      data[key] = value.value
      if (value.quoted) strings.push(value)
    }
    lineStart = next
  }
  if (listKey !== undefined && list === undefined) data[listKey] = null
  return {data, keys, strings}
}

/** `[a, "b c", d]` on one line, from `start` (the `[`) to the line's end. */
function flowList(line: string, start: number, lineStart: number, strings: PlainScalar[]): string[] | undefined {
  if (line.charCodeAt(line.length - 1) !== 93 /* ] */) return undefined
  const items: string[] = []
  const inner = line.slice(start + 1, line.length - 1)
  if (inner.trim() === '') return inner === '' ? items : undefined
  let at = start + 1
  const end = line.length - 1
  for (;;) {
    while (line.charCodeAt(at) === 32) at++
    let itemEnd: number
    if (line.charCodeAt(at) === 34 /* " */) {
      const close = line.indexOf('"', at + 1)
      if (close === -1 || close >= end) return undefined
      itemEnd = close + 1
    } else {
      const comma = line.indexOf(',', at)
      itemEnd = comma === -1 || comma > end ? end : comma
      while (itemEnd > at && line.charCodeAt(itemEnd - 1) === 32) itemEnd--
    }
    const item = scalarAt(line, at, itemEnd, lineStart)
    if (!item) return undefined
    items.push(item.value)
    if (item.quoted) strings.push(item)
    at = itemEnd
    while (line.charCodeAt(at) === 32) at++
    if (at === end) return items
    if (line.charCodeAt(at) !== 44 /* , */) return undefined
    at++
    // A trailing `,` before `]` is left to the reference.
    while (line.charCodeAt(at) === 32) at++
    if (at === end) return undefined
  }
}

/** The scalar written in `line[from, to)`: a double-quoted string without escapes, or a plain word. */
function scalarAt(line: string, from: number, to: number, lineStart: number): (PlainScalar & {quoted: boolean}) | undefined {
  const written = line.slice(from, to)
  if (written.length >= 2 && written.charCodeAt(0) === 34 && written.charCodeAt(written.length - 1) === 34) {
    const value = written.slice(1, -1)
    if (!QUOTED_CONTENT.test(value)) return undefined
    return {value, start: lineStart + from, end: lineStart + to, quoted: true}
  }
  if (!PLAIN.test(written) || KEYWORDS.has(written)) return undefined
  return {value: written, start: lineStart + from, end: lineStart + to, quoted: false}
}
