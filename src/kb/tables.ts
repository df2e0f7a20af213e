/**
 * GFM tables as written. GFM splits a row into cells at every unescaped `|`
 * *before* any inline parsing, so `[[a|b]]` in a row becomes two cells and no
 * link. These helpers look at a row's source text to find such splits; the
 * table rules and the reference collector share them.
 */
import type {Nodes, Table, TableRow} from 'mdast'
import {findCommentRanges, type CommentRanges} from '../syntax/obsidian-comment/index.js'
import {parseMarkdown} from '../syntax/processor.js'
import {unescapedPipes} from './table-syntax.js'
import {parseWikiLinkText, type WikiLinkParts} from './wiki-link-text.js'

export interface SplitWikiLink {
  /** Offsets in the file (decoded text) of `[[` and just after `]]`. */
  start: number
  end: number
  raw: string
  parts: WikiLinkParts
  /** File offsets of each unescaped `|` inside the link. */
  pipes: number[]
  /**
   * Written inside a code span, math or an Obsidian `%%` comment of its cell:
   * still splits the row, but is not a link.
   */
  literal: boolean
}

export interface RowInfo {
  row: TableRow
  /** 0 for the header row. */
  index: number
  start: number
  end: number
  text: string
  splitLinks: SplitWikiLink[]
}

const cache = new WeakMap<Table, RowInfo[]>()

export function tableRows(table: Table, source: string): RowInfo[] {
  let rows = cache.get(table)
  if (!rows) {
    // The `%%` pairs are the whole file's (syntax/obsidian-comment/syntax.ts).
    const comments = source.includes('%%') ? findCommentRanges(source) : undefined
    rows = table.children.map((row, index) => {
      const start = row.position!.start.offset!
      const end = row.position!.end.offset!
      const text = source.slice(start, end)
      return {row, index, start, end, text, splitLinks: findSplitWikiLinks(text, start, comments)}
    })
    cache.set(table, rows)
  }
  return rows
}

/**
 * `[[...]]` spans of one row whose inside has an unescaped `|`. `comments`:
 * the file's `%%` pairs (offsets in the file); without them a row's `%%` pair
 * among themselves.
 */
export function findSplitWikiLinks(text: string, offset: number, comments?: CommentRanges): SplitWikiLink[] {
  const found: SplitWikiLink[] = []
  let from = 0
  for (;;) {
    const open = text.indexOf('[[', from)
    if (open === -1) break
    const close = text.indexOf(']]', open + 2)
    if (close === -1) break
    const inner = text.slice(open + 2, close)
    from = close + 2
    if (inner.includes('[[')) {
      from = open + 2
      continue
    }
    const pipes: number[] = []
    for (let index = 0; index < inner.length; index++) {
      if (inner[index] === '|' && inner[index - 1] !== '\\') pipes.push(offset + open + 2 + index)
    }
    if (pipes.length === 0) continue
    const parts = parseWikiLinkText(inner)
    if (!parts) continue
    const embedded = open > 0 && text[open - 1] === '!'
    const start = offset + open - (embedded ? 1 : 0)
    found.push({
      start,
      end: offset + close + 2,
      raw: text.slice(open - (embedded ? 1 : 0), close + 2),
      parts,
      pipes,
      literal: !readAsLink(
        text,
        open - (embedded ? 1 : 0),
        close + 2,
        pipes.map((pipe) => pipe - offset),
        comments && {ranges: comments, offset}
      )
    })
  }
  return found
}

/**
 * Whether the split link at `start..end` of a row is a link once its pipes
 * are escaped (as the fix writes it, and as Quartz reads a table): its cell is
 * parsed alone, with the rest of kb-lint's syntax, and must give a wiki link
 * right there — not code, math or a comment around it.
 */
function readAsLink(
  text: string,
  start: number,
  end: number,
  pipes: number[],
  comments?: {ranges: CommentRanges; offset: number}
): boolean {
  const cellPipes = unescapedPipes(text).filter((pipe) => pipe < start || pipe >= end)
  const cellStart = Math.max(-1, ...cellPipes.filter((pipe) => pipe < start)) + 1
  const cellEnd = Math.min(text.length, ...cellPipes.filter((pipe) => pipe >= end))
  const row = comments ? keepFileComments(text, cellStart, cellEnd, comments.ranges, comments.offset) : text
  let link = row.slice(start, end)
  for (const pipe of [...pipes].reverse()) link = link.slice(0, pipe - start) + '\\' + link.slice(pipe - start)
  // `x ` keeps the cell inline, as GFM parses a cell (`# a` is no heading there).
  const prefix = 'x ' + row.slice(cellStart, start).trimStart()
  const cell = prefix + link + row.slice(end, cellEnd)
  return hasNodeAt(parseMarkdown(cell), 'wikiLink', prefix.length)
}

/**
 * The row with every `%%` of the cell `from..to` that is not a whole comment
 * of the file inside that cell made plain (`xx`), so parsing the cell alone
 * pairs the `%%` as parsing the file does.
 */
function keepFileComments(row: string, from: number, to: number, ranges: CommentRanges, offset: number): string {
  let out = row.slice(0, from)
  let index = from
  while (index < to) {
    if (!row.startsWith('%%', index)) {
      out += row[index++]
      continue
    }
    const end = ranges.get(offset + index)
    if (end !== undefined && end - offset <= to) {
      out += row.slice(index, end - offset)
      index = end - offset
    } else {
      out += 'xx'
      index += 2
    }
  }
  return out + row.slice(to)
}

function hasNodeAt(node: Nodes, type: string, offset: number): boolean {
  if (node.type === type) return node.position?.start.offset === offset
  return 'children' in node && (node.children as Nodes[]).some((child) => hasNodeAt(child, type, offset))
}
