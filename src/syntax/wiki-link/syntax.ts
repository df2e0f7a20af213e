/**
 * micromark syntax extension for Obsidian-style wiki links and embeds:
 *
 * ```markdown
 * [[target]]  [[target|alias]]  [[target\|alias]]  [[target#Heading]]
 * [[#Heading]]  [[target#^blockid]]  [[target#Heading|alias]]  ![[img.png]]
 * ```
 *
 * Registered as a `text` construct on `[` and `!`, so it never runs inside
 * code (fenced, indented, inline), HTML, or HTML comments. It is added before
 * the core label-start constructs (and GFM footnote calls), so `[[a]](x)`
 * stays a wiki link followed by the text `(x)`.
 *
 * Tokens (all leaf tokens except `wikiLink`):
 *
 * - `wikiLink` — the whole link, including `!`, `[[` and `]]`
 * - `wikiLinkEmbedMarker` — the `!` of an embed
 * - `wikiLinkMarker` — `[[` and `]]`
 * - `wikiLinkTarget` — the target chars (absent for `[[#Heading]]`)
 * - `wikiLinkAnchorMarker` — the first `#`
 * - `wikiLinkAnchor` — everything after the first `#` up to the separator /
 *   `]]` (absent when empty)
 * - `wikiLinkAliasMarker` — `|` or `\|`
 * - `wikiLinkAlias` — the alias chars (absent when empty)
 *
 * Rules: no line endings anywhere; the target cannot contain `[`, `]`, `|`,
 * `#`; the anchor cannot contain `[`, `]`, `|`; the alias cannot contain `[`
 * or `]`. `\|` is the alias separator everywhere (needed inside GFM table
 * cells). A link needs a non-blank target or a non-blank anchor, so `[[]]`,
 * `[[ ]]`, `[[|x]]` and `[[#]]` are not links.
 */

import {markdownLineEnding, markdownSpace, unicodeWhitespace} from 'micromark-util-character'
import {codes} from 'micromark-util-symbol'
import type {Code, Construct, Effects, Extension, State, TokenizeContext, TokenType} from 'micromark-util-types'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    wikiLink: 'wikiLink'
    wikiLinkEmbedMarker: 'wikiLinkEmbedMarker'
    wikiLinkMarker: 'wikiLinkMarker'
    wikiLinkTarget: 'wikiLinkTarget'
    wikiLinkAnchorMarker: 'wikiLinkAnchorMarker'
    wikiLinkAnchor: 'wikiLinkAnchor'
    wikiLinkAliasMarker: 'wikiLinkAliasMarker'
    wikiLinkAlias: 'wikiLinkAlias'
  }
}

/** Lookahead for `\|` (used inside target and anchor). */
const escapedPipe: Construct = {
  name: 'wikiLinkEscapedPipe',
  tokenize: tokenizeEscapedPipe,
  partial: true
}

const wikiLinkConstruct: Construct = {
  name: 'wikiLink',
  // Run before the core label start (`[`, `![`) and GFM footnote call.
  add: 'before',
  tokenize: tokenizeWikiLink
}

/**
 * Create the micromark extension for wiki links.
 */
export function wikiLink(): Extension {
  return {
    text: {
      [codes.leftSquareBracket]: wikiLinkConstruct,
      [codes.exclamationMark]: wikiLinkConstruct
    }
  }
}

function isBlank(code: Code): boolean {
  return markdownSpace(code) || unicodeWhitespace(code)
}

function tokenizeWikiLink(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  /** Currently open part token (target / anchor / alias), if any. */
  let open: TokenType | undefined
  let targetFilled = false
  let anchorFilled = false

  return start

  function start(code: Code): State | undefined {
    if (code === codes.exclamationMark) {
      effects.enter('wikiLink')
      effects.enter('wikiLinkEmbedMarker')
      effects.consume(code)
      effects.exit('wikiLinkEmbedMarker')
      return openFirst
    }

    if (code === codes.leftSquareBracket) {
      effects.enter('wikiLink')
      return openFirst(code)
    }

    return nok(code)
  }

  function openFirst(code: Code): State | undefined {
    if (code !== codes.leftSquareBracket) return nok(code)
    effects.enter('wikiLinkMarker')
    effects.consume(code)
    return openSecond
  }

  function openSecond(code: Code): State | undefined {
    // Fast bail-out for a lone `[` (or `![`).
    if (code !== codes.leftSquareBracket) return nok(code)
    effects.consume(code)
    effects.exit('wikiLinkMarker')
    return target
  }

  // ---- parts -------------------------------------------------------------

  function part(type: TokenType): void {
    if (open !== type) {
      closePart()
      effects.enter(type)
      open = type
    }
  }

  function closePart(): void {
    if (open) {
      effects.exit(open)
      open = undefined
    }
  }

  function hasContent(): boolean {
    return targetFilled || anchorFilled
  }

  function target(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code) || code === codes.leftSquareBracket) {
      return nok(code)
    }

    if (code === codes.rightSquareBracket) return closeStart(code)
    if (code === codes.numberSign) return anchorMarker(code)
    if (code === codes.verticalBar) return separator(code)

    if (code === codes.backslash) {
      return effects.check(escapedPipe, separator, targetData)(code)
    }

    return targetData(code)
  }

  function targetData(code: Code): State | undefined {
    part('wikiLinkTarget')
    if (!isBlank(code)) targetFilled = true
    effects.consume(code)
    return target
  }

  function anchorMarker(code: Code): State | undefined {
    closePart()
    effects.enter('wikiLinkAnchorMarker')
    effects.consume(code)
    effects.exit('wikiLinkAnchorMarker')
    return anchor
  }

  function anchor(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code) || code === codes.leftSquareBracket) {
      return nok(code)
    }

    if (code === codes.rightSquareBracket) return closeStart(code)
    if (code === codes.verticalBar) return separator(code)

    if (code === codes.backslash) {
      return effects.check(escapedPipe, separator, anchorData)(code)
    }

    return anchorData(code)
  }

  function anchorData(code: Code): State | undefined {
    part('wikiLinkAnchor')
    if (!isBlank(code)) anchorFilled = true
    effects.consume(code)
    return anchor
  }

  /** At `|` or `\` (known to be followed by `|`). */
  function separator(code: Code): State | undefined {
    if (!hasContent()) return nok(code)
    closePart()
    effects.enter('wikiLinkAliasMarker')
    if (code === codes.backslash) {
      effects.consume(code)
      return separatorPipe
    }

    return separatorPipe(code)
  }

  function separatorPipe(code: Code): State | undefined {
    if (code !== codes.verticalBar) return nok(code)
    effects.consume(code)
    effects.exit('wikiLinkAliasMarker')
    return alias
  }

  function alias(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code) || code === codes.leftSquareBracket) {
      return nok(code)
    }

    if (code === codes.rightSquareBracket) return closeStart(code)

    part('wikiLinkAlias')
    effects.consume(code)
    return alias
  }

  // ---- closing -----------------------------------------------------------

  /** At the first `]`; a single `]` is never allowed inside a wiki link. */
  function closeStart(code: Code): State | undefined {
    if (!hasContent()) return nok(code)
    closePart()
    effects.enter('wikiLinkMarker')
    effects.consume(code)
    return closeEnd
  }

  function closeEnd(code: Code): State | undefined {
    if (code !== codes.rightSquareBracket) return nok(code)
    effects.consume(code)
    effects.exit('wikiLinkMarker')
    effects.exit('wikiLink')
    return ok
  }
}

function tokenizeEscapedPipe(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  return start

  function start(code: Code): State | undefined {
    if (code !== codes.backslash) return nok(code)
    effects.enter('wikiLinkAliasMarker')
    effects.consume(code)
    return pipe
  }

  function pipe(code: Code): State | undefined {
    if (code !== codes.verticalBar) return nok(code)
    effects.consume(code)
    effects.exit('wikiLinkAliasMarker')
    return ok(code)
  }
}
