/**
 * micromark syntax extension for Obsidian comments, `%%hidden%%`:
 *
 * ```markdown
 * Text %%an inline comment, [[not a link]]%% text.
 *
 * %%
 * A block comment. It may hold blank lines, headings, tables:
 *
 * # not a heading  [[not a link]]
 * %%
 * ```
 *
 * Which `%%` pair up is decided on the whole file first, as the publisher
 * does it: Quartz removes every match of `/%%[\s\S]*?%%/g` from the raw text
 * before parsing, so the 1st `%%` of the file closes at the 2nd, the 3rd at
 * the 4th, and so on (`findCommentRanges`). Each such range is a comment
 * where Markdown can hold it:
 *
 * - **inline** (`text` construct): the range lies within one paragraph,
 *   heading or table cell (line endings inside are fine);
 * - **block** (`flow` construct): the range starts a line (after at most 3
 *   spaces, inside the same block quote / list item) and its closing `%%`
 *   ends a line (spaces may follow); blank lines inside are fine, and it
 *   interrupts a paragraph.
 *
 * Any other range — it starts inside code, math, HTML or the frontmatter, or
 * starts after text on its line and runs over a blank line or out of its
 * container, or closes with text after it on a line after a blank line —
 * is not a comment: its `%%` are plain text and what is between them is
 * content. So, outside code, math and HTML, kb-lint never hides a link that
 * Quartz publishes; in those rare shapes it reads more than Quartz shows
 * (test/obsidian-comment.test.ts checks both against Quartz's regex). Code,
 * math and HTML stay what they are, as in Obsidian: Quartz's raw deletion can cut
 * a code span in two (`` `x%%` `` … `%%`), kb-lint does not.
 *
 * Without ranges (the extension used outside `parseMarkdown`), a `%%` pairs
 * with the next `%%` its construct reaches.
 *
 * Tokens: `obsidianComment` (the whole comment, flow or text), with
 * `obsidianCommentMarker` (each `%%`), `obsidianCommentValue` (the text
 * between, one token per line) and line endings inside.
 */

import {markdownLineEnding, markdownSpace} from 'micromark-util-character'
import {codes, types} from 'micromark-util-symbol'
import type {Code, Construct, Effects, Extension, State, TokenizeContext} from 'micromark-util-types'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    obsidianComment: 'obsidianComment'
    obsidianCommentMarker: 'obsidianCommentMarker'
    obsidianCommentValue: 'obsidianCommentValue'
  }
}

/** Start offset of each comment → offset just after its closing `%%`. */
export type CommentRanges = ReadonlyMap<number, number>

/** The comments Quartz removes: `/%%[\s\S]*?%%/g` over the whole text. */
export function findCommentRanges(source: string): CommentRanges {
  const ranges = new Map<number, number>()
  let from = 0
  for (;;) {
    const start = source.indexOf('%%', from)
    if (start === -1) break
    const close = source.indexOf('%%', start + 2)
    if (close === -1) break
    ranges.set(start, close + 2)
    from = close + 2
  }
  return ranges
}

export interface ObsidianCommentOptions {
  /** The ranges of the text being parsed (read at each parse), if known. */
  ranges?: () => CommentRanges | undefined
}

/** Create the micromark extension for Obsidian `%%` comments. */
export function obsidianComment(options: ObsidianCommentOptions = {}): Extension {
  const ranges = options.ranges ?? (() => undefined)
  const flow: Construct = {name: 'obsidianCommentFlow', tokenize: tokenizeCommentFlow, concrete: true}
  const text: Construct = {name: 'obsidianCommentText', tokenize: tokenizeCommentText}
  return {flow: {[codes.percentSign]: flow}, text: {[codes.percentSign]: text}}

  function tokenizeCommentText(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    const self = this
    return start

    function start(code: Code): State | undefined {
      const end = closingOffset(self, ranges())
      if (end === null) return nok(code)
      effects.enter('obsidianComment')
      return effects.attempt(marker, commentBody(self, effects, nok, end, lineEnding, after), nok)(code)
    }

    function lineEnding(code: Code, resume: State): State | undefined {
      effects.enter(types.lineEnding)
      effects.consume(code)
      effects.exit(types.lineEnding)
      return resume
    }

    function after(code: Code): State | undefined {
      effects.exit('obsidianComment')
      return ok(code)
    }
  }

  function tokenizeCommentFlow(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    const self = this
    return start

    function start(code: Code): State | undefined {
      const end = closingOffset(self, ranges())
      if (end === null) return nok(code)
      effects.enter('obsidianComment')
      return effects.attempt(marker, commentBody(self, effects, nok, end, lineEnding, afterClose), nok)(code)
    }

    /** A line ending inside a block comment: the next line must be of the same container. */
    function lineEnding(code: Code, resume: State): State | undefined {
      return effects.attempt(nonLazyContinuation, resume, nok)(code)
    }

    function afterClose(code: Code): State | undefined {
      if (markdownSpace(code)) {
        effects.enter(types.whitespace)
        return trailingSpace(code)
      }
      return end(code)
    }

    function trailingSpace(code: Code): State | undefined {
      if (markdownSpace(code)) {
        effects.consume(code)
        return trailingSpace
      }
      effects.exit(types.whitespace)
      return end(code)
    }

    function end(code: Code): State | undefined {
      if (code !== codes.eof && !markdownLineEnding(code)) return nok(code)
      effects.exit('obsidianComment')
      return ok(code)
    }
  }
}

/**
 * Where the comment opening here closes: the end of its range (`undefined`:
 * at the next `%%`, when there are no ranges), or `null` when no comment
 * opens here.
 */
function closingOffset(context: TokenizeContext, ranges: CommentRanges | undefined): number | undefined | null {
  if (!ranges) return undefined
  return ranges.get(context.now().offset) ?? null
}

const nonLazyContinuation: Construct = {tokenize: tokenizeNonLazyContinuation, partial: true}
const marker: Construct = {tokenize: tokenizeMarker, partial: true}

/**
 * After the opening `%%`: everything up to the closing `%%` (the one ending
 * at `end`, or the next one). `lineEnding` handles a line ending inside (flow
 * and text differ there); `done` runs after the closing `%%`.
 */
function commentBody(
  context: TokenizeContext,
  effects: Effects,
  nok: State,
  end: number | undefined,
  lineEnding: (code: Code, resume: State) => State | undefined,
  done: State
): State {
  let inValue = false

  return inside

  function inside(code: Code): State | undefined {
    if (code === codes.eof) return nok(code)
    if (markdownLineEnding(code)) {
      closeValue()
      return lineEnding(code, inside)
    }
    if (code === codes.percentSign && (end === undefined || context.now().offset === end - 2)) {
      closeValue()
      return effects.attempt(marker, done, value)(code)
    }
    // Past the range's end: it does not close in this construct.
    if (end !== undefined && context.now().offset >= end) return nok(code)
    return value(code)
  }

  function value(code: Code): State | undefined {
    if (!inValue) {
      effects.enter('obsidianCommentValue')
      inValue = true
    }
    effects.consume(code)
    return inside
  }

  function closeValue(): void {
    if (inValue) {
      effects.exit('obsidianCommentValue')
      inValue = false
    }
  }
}

/** `%%`. */
function tokenizeMarker(effects: Effects, ok: State, nok: State): State {
  return first

  function first(code: Code): State | undefined {
    if (code !== codes.percentSign) return nok(code)
    effects.enter('obsidianCommentMarker')
    effects.consume(code)
    return second
  }

  function second(code: Code): State | undefined {
    if (code !== codes.percentSign) return nok(code)
    effects.consume(code)
    effects.exit('obsidianCommentMarker')
    return ok
  }
}

function tokenizeNonLazyContinuation(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this
  return start

  function start(code: Code): State | undefined {
    if (!markdownLineEnding(code)) return nok(code)
    effects.enter(types.lineEnding)
    effects.consume(code)
    effects.exit(types.lineEnding)
    return lineStart
  }

  function lineStart(code: Code): State | undefined {
    return self.parser.lazy[self.now().line] ? nok(code) : ok(code)
  }
}
