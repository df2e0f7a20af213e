/**
 * GFM tables as written. GFM splits a row into cells at every unescaped `|`
 * *before* any inline parsing, so `[[a|b]]` in a row becomes two cells and no
 * link. These helpers look at a row's source text to find such splits; the
 * table rules and the reference collector share them.
 */
import type {Table, TableRow} from 'mdast'
import {parseWikiLinkText, type WikiLinkParts} from './wiki-link-text.js'

export interface SplitWikiLink {
  /** Offsets in the file (decoded text) of `[[` and just after `]]`. */
  start: number
  end: number
  raw: string
  parts: WikiLinkParts
  /** File offsets of each unescaped `|` inside the link. */
  pipes: number[]
  /** Written inside backticks: still splits the row, but is not a link. */
  inCode: boolean
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
    rows = table.children.map((row, index) => {
      const start = row.position!.start.offset!
      const end = row.position!.end.offset!
      const text = source.slice(start, end)
      return {row, index, start, end, text, splitLinks: findSplitWikiLinks(text, start)}
    })
    cache.set(table, rows)
  }
  return rows
}

/** `[[...]]` spans of one row whose inside has an unescaped `|`. */
export function findSplitWikiLinks(text: string, offset: number): SplitWikiLink[] {
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
      inCode: countBackticks(text.slice(0, open)) % 2 === 1
    })
  }
  return found
}

function countBackticks(text: string): number {
  let count = 0
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '`' && text[index - 1] !== '\\') count++
  }
  return count
}
