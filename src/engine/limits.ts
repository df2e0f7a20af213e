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
      return tooDeep(`the list item or block quote on line ${lineNumber} is indented ${indent.columns} columns, deeper than ${MAX_NESTING} nested lists`)
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
    while (spaces < 4 && source.charCodeAt(index) === 32) {
      index++
      spaces++
    }
    if (spaces === 4) return depth
    const code = source.charCodeAt(index)
    if (index >= end) return depth
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
  const stack: Array<{node: {children?: unknown[]}; depth: number}> = [{node: tree, depth: 0}]
  while (stack.length > 0) {
    const {node, depth} = stack.pop()!
    if (depth > MAX_TREE_DEPTH) return tooDeep(`block quotes or list items are nested more than ${MAX_NESTING} levels deep`)
    if (Array.isArray(node.children)) {
      for (const child of node.children) stack.push({node: child as {children?: unknown[]}, depth: depth + 1})
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
