/**
 * Resource bounds of the per-file phase. A linter runs unattended on content
 * nobody reviewed: a hostile or broken note must cost bounded time and memory
 * and end as one finding on that note, never as a crash of the whole run.
 *
 * - Size: notes over `MAX_NOTE_BYTES` are not parsed (collect.ts). The parser
 *   (micromark) keeps every event of a block in memory: a 1 MB note of dense
 *   links already takes about 1.4 GB and 12 s, and the cost grows faster than
 *   the size, so the cap is what bounds memory.
 * - Nesting: unist/mdast utilities walk trees recursively, so thousands of
 *   nested block quotes or list items overflow the call stack, and micromark
 *   slows down with depth. `nestingProblem` finds deep nesting with a linear
 *   scan before parsing; `treeDepthProblem` catches the nesting only the
 *   parser sees (indentation-built lists) before any tree walk.
 */
import type {Root} from 'mdast'

/** Container levels (block quotes, list items) a note may nest. */
export const MAX_NESTING = 100

/** A tree this deep has more than `MAX_NESTING` containers on some path (a list item is list + listItem). */
const MAX_TREE_DEPTH = 2 * MAX_NESTING + 20

/** A thematic break such as `- - -` or `* * *` opens no container. */
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/

/**
 * The deepest run of container markers (`>`, `-`, `*`, `+`, `1.`, `1)`) at
 * the start of one line, e.g. `> > - > text` is 4. Only markers on the same
 * line are counted, so this never overestimates: a note that passes may still
 * nest deeper across lines, which `treeDepthProblem` bounds after parsing.
 */
export function nestingProblem(source: string): string | undefined {
  let deepest = 0
  let deepestLine = 0
  let lineNumber = 0
  let start = 0
  while (start <= source.length) {
    let end = source.indexOf('\n', start)
    if (end === -1) end = source.length
    lineNumber++
    const indent = indentation(source, start, end)
    if (indent.columns > MAX_INDENT && isContainerStart(source, indent.end, end)) {
      return tooDeep(
        `the list item or block quote on line ${lineNumber} is indented ${indent.columns} columns, deeper than ${MAX_NESTING} nested lists`
      )
    }
    const depth = markersAtLineStart(source, start, end)
    if (depth > deepest) {
      deepest = depth
      deepestLine = lineNumber
    }
    start = end + 1
  }
  if (deepest <= MAX_NESTING) return undefined
  return tooDeep(`${deepest} block quotes or list items are nested on line ${deepestLine}`)
}

/**
 * Each nested list needs at least 2 more columns of indentation, so a marker
 * indented further than this sits more than `MAX_NESTING` lists deep (or is
 * a code block that starts with hundreds of spaces and a `-`, which no note
 * has). Found before parsing because the parser's list handling is quadratic
 * in the depth: 700 levels built by indentation take 10 seconds.
 */
const MAX_INDENT = 2 * MAX_NESTING + 1

function indentation(source: string, start: number, end: number): {columns: number; end: number} {
  let columns = 0
  let index = start
  for (; index < end; index++) {
    const code = source.charCodeAt(index)
    if (code === 32) columns++
    else if (code === 9) columns += 4 - (columns % 4)
    else break
  }
  return {columns, end: index}
}

function isContainerStart(source: string, index: number, end: number): boolean {
  const code = source.charCodeAt(index)
  if (code === 62) return true
  if (code === 45 || code === 42 || code === 43) return isMarkerEnd(source, index + 1, end)
  let digits = index
  while (digits < end && digits - index < 9 && isDigit(source.charCodeAt(digits))) digits++
  if (digits === index) return false
  const delimiter = source.charCodeAt(digits)
  return (delimiter === 46 || delimiter === 41) && isMarkerEnd(source, digits + 1, end)
}

function markersAtLineStart(source: string, start: number, end: number): number {
  let depth = 0
  let index = start
  for (;;) {
    // Up to 3 spaces of indentation before each marker.
    let spaces = 0
    // Bounds first: reading a code past the end costs optimized code a deopt.
    while (spaces < 4 && index < end && source.charCodeAt(index) === 32) {
      index++
      spaces++
    }
    if (spaces === 4 || index >= end) return depth
    const code = source.charCodeAt(index)
    if (code === 62 /* > */) {
      index++
    } else if (code === 45 || code === 42 || code === 43 /* - * + */) {
      if (!isMarkerEnd(source, index + 1, end)) return depth
      if (depth === 0 && THEMATIC_BREAK.test(source.slice(start, end).replace(/\r$/, ''))) return 0
      index++
    } else if (code >= 48 && code <= 57 /* 0-9 */) {
      let digits = index
      while (digits < end && digits - index < 9 && isDigit(source.charCodeAt(digits))) digits++
      const delimiter = source.charCodeAt(digits)
      if ((delimiter !== 46 && delimiter !== 41) /* . ) */ || !isMarkerEnd(source, digits + 1, end)) return depth
      index = digits + 1
    } else {
      return depth
    }
    depth++
    // One space (or tab) after the marker belongs to it.
    const after = source.charCodeAt(index)
    if (after === 32 || after === 9) index++
  }
}

function isMarkerEnd(source: string, index: number, end: number): boolean {
  if (index >= end) return true
  const code = source.charCodeAt(index)
  return code === 32 || code === 9 || code === 13
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
}

/** Depth of the tree, without recursion (the point is to not overflow the stack). */
export function treeDepthProblem(tree: Root): string | undefined {
  // Two parallel stacks rather than one of {node, depth}: no object per node.
  const nodes: Array<{children?: unknown[]}> = [tree]
  const depths: number[] = [0]
  while (nodes.length > 0) {
    const node = nodes.pop()!
    const depth = depths.pop()!
    if (depth > MAX_TREE_DEPTH) return tooDeep(`block quotes or list items are nested more than ${MAX_NESTING} levels deep`)
    if (Array.isArray(node.children)) {
      for (const child of node.children) {
        nodes.push(child as {children?: unknown[]})
        depths.push(depth + 1)
      }
    }
  }
  return undefined
}

/** A stack overflow while checking a note: only extreme nesting causes one. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message)
}

export function tooDeep(what: string): string {
  return `Note is nested too deeply to check: ${what}; kb-lint checks up to ${MAX_NESTING} levels, flatten the nesting`
}

/**
 * What one note may ask of the parser, in units of "one wiki link" (≈ 70 µs
 * and 7 KB of peak memory each when every link is reported). Found with a
 * linear scan before parsing: the cost of a note grows with its link-like
 * constructs, not its bytes, and some grow faster than linearly (an
 * unclosed `[a](` makes micromark retry the rest of the paragraph). Weights
 * come from bench/note-cost.js; the budget keeps every note under the 1 MB
 * cap within about 10 s and 1 GB (README, Limits) and still admits the
 * 100,000 links per note the README promises.
 */
export const COST_BUDGET = 100_000
const WEIGHT = {link: 1, listItem: 3, definition: 4, unclosed: 5}

export interface NoteCost {
  links: number
  listItems: number
  definitions: number
  /** `](` with no `)` after it on the same line. */
  unclosed: number
  units: number
}

/** Count the constructs that drive the parser's cost, in one pass. */
export function noteCost(source: string): NoteCost {
  let links = 0
  let listItems = 0
  let definitions = 0
  let unclosed = 0
  let lineStart = 0
  let openOnLine = 0
  // Whether everything before `index` on its line is indentation (spaces,
  // tabs, `>`), within the first 40 columns: a list marker may follow.
  let onlyIndent = true
  for (let index = 0; index <= source.length; index++) {
    const code = index === source.length ? 10 : source.charCodeAt(index)
    if (code === 10) {
      unclosed += openOnLine
      openOnLine = 0
      lineStart = index + 1
      onlyIndent = true
      continue
    }
    const markerMayFollow = onlyIndent && index - lineStart <= 40
    if (code !== 32 && code !== 9 && code !== 62) onlyIndent = false
    if (code === 91 /* [ */ && source.charCodeAt(index + 1) === 91) {
      links++
      index++
    } else if (code === 93 /* ] */) {
      const next = source.charCodeAt(index + 1)
      if (next === 40 /* ( */) {
        links++
        openOnLine++
        index++
      } else if (next === 58 /* : */ && isLineStartBracket(source, lineStart, index)) {
        definitions++
      }
    } else if (code === 41 /* ) */ && openOnLine > 0) {
      openOnLine--
    } else if (markerMayFollow) {
      if ((code === 45 || code === 42 || code === 43) && isMarkerEnd(source, index + 1, source.length)) listItems++
    }
  }
  const units = links * WEIGHT.link + listItems * WEIGHT.listItem + definitions * WEIGHT.definition + unclosed * WEIGHT.unclosed
  return {links, listItems, definitions, unclosed, units}
}

/**
 * `noteCost` never counts more than this many units per UTF-16 code unit of
 * the source. Each construct is charged to code units no other construct is
 * charged to (the scan visits each code unit once, and steps over the second
 * code unit of `[[` and `](`):
 *
 * - `[[`: 1 unit on 2 code units (0.5 each);
 * - `](`: 1 unit, plus 5 when it is still open at the end of its line
 *   (`unclosed` is at most the number of `](` on the line): 6 units on
 *   2 code units (3 each) — the densest;
 * - `]:` after a `[` at the line start: 4 units on the `]` and the `:` after
 *   it, which starts nothing (2 each);
 * - a list marker (`-`, `*`, `+`): 3 units on the marker and the space, tab
 *   or CR that must follow it (1.5 each), or on the marker alone when it is
 *   the last code unit of the note (3).
 *
 * So `units <= 3 * source.length`: a note of at most `COST_BUDGET / 3`
 * code units (33,333, i.e. nearly every note) is within the budget without
 * the scan (test/write-safety.test.ts checks the bound on generated text).
 */
export const MAX_UNITS_PER_CODE_UNIT = 3

/** The reason a note is too costly to check, or undefined. */
export function costProblem(source: string): string | undefined {
  if (source.length * MAX_UNITS_PER_CODE_UNIT <= COST_BUDGET) return undefined
  const cost = noteCost(source)
  if (cost.units <= COST_BUDGET) return undefined
  const parts: string[] = []
  const count = (value: number, word: string) => `${value.toLocaleString('en-US')} ${word}`
  if (cost.links > 0) parts.push(count(cost.links, 'links'))
  if (cost.listItems > 0) parts.push(count(cost.listItems, 'list items'))
  if (cost.definitions > 0) parts.push(count(cost.definitions, 'link definitions'))
  if (cost.unclosed > 0) parts.push(count(cost.unclosed, 'unclosed `](`'))
  return `Note is too costly to check (${parts.join(', ')}): kb-lint checks up to ${COST_BUDGET.toLocaleString('en-US')} links per note, with a list item counting as 3, a link definition as 4 and an unclosed \`](\` as 5; split it into smaller notes or add it to .kblintignore`
}

function isLineStartBracket(source: string, lineStart: number, close: number): boolean {
  let index = lineStart
  let spaces = 0
  while (source.charCodeAt(index) === 32 && spaces < 4) {
    index++
    spaces++
  }
  return spaces < 4 && source.charCodeAt(index) === 91 && index < close
}
