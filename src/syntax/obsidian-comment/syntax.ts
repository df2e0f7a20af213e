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
 * What is a comment (the same text Quartz's `%%[\s\S]*?%%` removes, in every
 * case but the three listed last):
 *
 * - **Inline** (`text` construct on `%`): `%%` up to the next `%%` in the same
 *   paragraph, heading or table cell, line endings allowed. Without a closing
 *   `%%` there, the `%%` is plain text.
 * - **Block** (`flow` construct on `%`, after at most 3 spaces of indent):
 *   a line that starts with `%%` opens a comment that runs, blank lines
 *   included, to the next `%%`; that closing `%%` must end its line (spaces
 *   may follow). It interrupts a paragraph. Lines of an enclosing block quote
 *   or list keep their prefix; a lazy line or the end of the container
 *   without a closing `%%` means it was no block comment (then the inline
 *   form may still apply).
 * - Code (spans, fenced, indented), HTML, autolinks and math that start
 *   before a `%%` win over it, as everything that starts first does in
 *   Markdown: a `%%` inside them is text. Quartz removes `%%…%%` from the
 *   raw file first, so it differs there, and also for a comment that starts
 *   after other text on its line and runs over a blank line, or that closes
 *   with text after it and holds a blank line: kb-lint reads both `%%` as
 *   text and the lines between them as content (it reports more, never less).
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

const commentFlow: Construct = {name: 'obsidianCommentFlow', tokenize: tokenizeCommentFlow, concrete: true}
const commentText: Construct = {name: 'obsidianCommentText', tokenize: tokenizeCommentText}
const nonLazyContinuation: Construct = {tokenize: tokenizeNonLazyContinuation, partial: true}
const marker: Construct = {tokenize: tokenizeMarker, partial: true}

/** Create the micromark extension for Obsidian `%%` comments. */
export function obsidianComment(): Extension {
  return {
    flow: {[codes.percentSign]: commentFlow},
    text: {[codes.percentSign]: commentText}
  }
}

/**
 * The shared body: after the opening `%%`, everything up to the next `%%`.
 * `lineEnding` handles a line ending inside the comment (flow and text
 * differ there); `done` runs after the closing `%%`.
 */
function commentBody(effects: Effects, nok: State, lineEnding: (code: Code, resume: State) => State | undefined, done: State): State {
  let inValue = false

  return inside

  function inside(code: Code): State | undefined {
    if (code === codes.eof) return nok(code)
    if (markdownLineEnding(code)) {
      closeValue()
      return lineEnding(code, inside)
    }
    if (code === codes.percentSign) {
      closeValue()
      return effects.check(marker, closing, value)(code)
    }
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

  function closing(code: Code): State | undefined {
    effects.enter('obsidianCommentMarker')
    effects.consume(code)
    return closingSecond
  }

  function closingSecond(code: Code): State | undefined {
    effects.consume(code)
    effects.exit('obsidianCommentMarker')
    return done
  }
}

/** `%%` (used as a lookahead). */
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

function tokenizeCommentText(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  return start

  function start(code: Code): State | undefined {
    effects.enter('obsidianComment')
    return effects.attempt(marker, commentBody(effects, nok, lineEnding, after), nok)(code)
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
  return start

  function start(code: Code): State | undefined {
    effects.enter('obsidianComment')
    return effects.attempt(marker, commentBody(effects, nok, lineEnding, afterClose), nok)(code)
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
