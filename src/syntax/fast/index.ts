/**
 * The fast parser: a hand-written scanner for the Markdown most notes are
 * made of, building the mdast nodes kb-lint's summary and file rules read
 * (with micromark's positions), about an order of magnitude faster than
 * micromark + mdast-util-from-markdown.
 *
 * The reference stays remark (syntax/processor.ts): it defines what is
 * correct, the remark plugin uses it, and `--parser remark` selects it. The
 * fast parser is conservative: for a note with anything it does not read
 * exactly like the reference — see `Unsure` reasons in blocks.ts and
 * inline.ts — `parseFast` returns undefined and the caller parses the note
 * with the reference ("a fallback"). test/fast-parser.test.ts (and the larger
 * run in test/e2e/) checks that both give the same note summary.
 *
 * Not built: emphasis/strong (delimiters stay in text nodes), `spread` of
 * lists, the `start` of a list is kept. The summary does not depend on them.
 */
import type {Root} from 'mdast'
import type {Processor} from 'unified'
import {parseMarkdown} from '../processor.js'
import {parseBlocks} from './blocks.js'
import {Unsure} from './shared.js'

export {Unsure} from './shared.js'

/**
 * Text that sends the whole note to the reference: an Obsidian `%%` comment
 * may span blocks, `[^` may be a footnote; `\0` is replaced by micromark; a
 * lone `\r` is a line ending the scanner does not split on.
 *
 * Two others are only trouble in some places, and are refused there, so
 * that a note with them in code still takes the fast path: a `$` in inline
 * content may be math (inline.ts), and with a `]:` in the note, a
 * paragraph starting with `[` may be a link reference definition
 * (blocks.ts, `mayDefine`).
 */
const NOT_HANDLED = /%%|\[\^|\0|\r(?!\n)/

export type FastResult = {tree: Root; reason?: undefined} | {tree?: undefined; reason: string}

/** The fast tree of `source`, or why the note needs the reference parser. */
export function tryParseFast(source: string): FastResult {
  const found = NOT_HANDLED.exec(source)
  if (found) return {reason: `contains \`${found[0]}\``}
  try {
    return {tree: parseBlocks(source, source.includes(']:'))}
  } catch (error) {
    if (error instanceof Unsure) return {reason: error.reason}
    throw error
  }
}

export type ParserName = 'fast' | 'remark'

export const PARSER_NAMES: readonly ParserName[] = ['fast', 'remark']

/** The parser of a run when none is chosen (`--parser`). */
export const DEFAULT_PARSER: ParserName = 'fast'

/**
 * Parse a note with the chosen parser. `fallback` is told when the fast
 * parser handed the note to the reference (for `--debug` counts).
 */
export function parseNoteTree(source: string, parser: ParserName, fallback?: (reason: string) => void): Root {
  if (parser === 'remark') return parseMarkdown(source)
  const result = tryParseFast(source)
  if (result.tree) return result.tree
  fallback?.(result.reason)
  return parseMarkdown(source)
}

/**
 * The fast parser as a unified parser plugin (`unified().use(fastParse)`),
 * with the reference as its fallback: same trees for what the checks read.
 */
export function fastParse(this: Processor): void {
  this.parser = (document: string) => parseNoteTree(document, 'fast')
}
