/**
 * What a `<` starts in inline content, for the fast parser: micromark's
 * `autolink` and `htmlText` constructs (micromark-core-commonmark), tried in
 * micromark's order, for the forms notes use: a URL autolink, or an open or
 * closing tag that ends on its own line. Email autolinks, comments,
 * declarations, instructions, CDATA and tags that go on past the line are
 * left to the reference (`Unsure`).
 */
import {asciiAlpha} from 'micromark-util-character'
import {attributeNameEnd, tagNameEnd} from './html-flow.js'
import {Unsure} from './shared.js'

/** `<scheme:…>`: a scheme of 2–32 characters, then no space, `<` or control character up to `>` (sticky). */
const URL_AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\0-\x20\x7f<>]*)>/y
/** The start of an email autolink: atext characters, then `@` (sticky). */
const EMAIL_START = /<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@/y

export type InlineHtml = {kind: 'autolink'; end: number; url: string} | {kind: 'html'; end: number}

const isSpace = (code: number): boolean => code === 0x20 || code === 0x09

const LINE_FEED = 0x0a
const QUOTATION = 0x22
const APOSTROPHE = 0x27
const SLASH = 0x2f
const COLON = 0x3a
const LESS_THAN = 0x3c
const EQUALS = 0x3d
const GREATER_THAN = 0x3e
const UNDERSCORE = 0x5f
const GRAVE = 0x60

/**
 * At the `<` at `at` in `text`: an autolink or an HTML tag and where it
 * ends, or undefined when the `<` is plain text.
 */
export function inlineHtmlAt(text: string, at: number): InlineHtml | undefined {
  const next = text.charCodeAt(at + 1)
  if (next === 0x21 /* ! */ || next === 0x3f /* ? */) throw new Unsure('an HTML comment, declaration or instruction in text')
  URL_AUTOLINK.lastIndex = at
  const url = URL_AUTOLINK.exec(text)
  if (url) return {kind: 'autolink', end: at + url[0].length, url: url[1]!}
  EMAIL_START.lastIndex = at
  if (EMAIL_START.test(text)) throw new Unsure('an email autolink')
  const end = next === SLASH ? closingTagEnd(text, at + 2) : asciiAlpha(next) ? openTagEnd(text, at + 1) : -1
  return end === -1 ? undefined : {kind: 'html', end}
}

/** After `</`: a name, spaces, `>` (micromark's `tagClose` states); -1 when it is no tag. */
function closingTagEnd(text: string, at: number): number {
  if (!asciiAlpha(text.charCodeAt(at))) return -1
  at = tagNameEnd(text, at)
  while (isSpace(text.charCodeAt(at))) at++
  return tagEnd(text, at)
}

/** After `<`: a name and attributes up to `>` (micromark's `tagOpen` states); -1 when it is no tag. */
function openTagEnd(text: string, at: number): number {
  at = tagNameEnd(text, at)
  const after = text.charCodeAt(at)
  if (!(after === SLASH || after === GREATER_THAN || isSpace(after) || after === LINE_FEED)) return -1
  for (;;) {
    // tagOpenBetween
    const code = text.charCodeAt(at)
    if (code === SLASH) return tagEnd(text, at + 1)
    if (isSpace(code)) {
      at++
      continue
    }
    if (!(code === COLON || code === UNDERSCORE || asciiAlpha(code))) return tagEnd(text, at)
    // tagOpenAttributeName
    at = attributeNameEnd(text, at + 1)
    // tagOpenAttributeNameAfter
    while (isSpace(text.charCodeAt(at))) at++
    if (text.charCodeAt(at) !== EQUALS) continue
    at++
    // tagOpenAttributeValueBefore
    while (isSpace(text.charCodeAt(at))) at++
    const first = text.charCodeAt(at)
    if (first === LINE_FEED) throw new Unsure('an HTML tag over more than one line')
    if (at >= text.length || first === LESS_THAN || first === EQUALS || first === GREATER_THAN || first === GRAVE) return -1
    if (first === QUOTATION || first === APOSTROPHE) {
      const close = text.indexOf(String.fromCharCode(first), at + 1)
      const lineEnd = text.indexOf('\n', at + 1)
      if (close === -1) return lineEnd === -1 ? -1 : unsureOverLines()
      if (lineEnd !== -1 && lineEnd < close) return unsureOverLines()
      at = close + 1
      const after = text.charCodeAt(at)
      if (!(after === SLASH || after === GREATER_THAN || isSpace(after) || after === LINE_FEED)) return -1
      continue
    }
    // tagOpenAttributeValueUnquoted
    at++
    for (;;) {
      const value = text.charCodeAt(at)
      if (at >= text.length || value === QUOTATION || value === APOSTROPHE || value === LESS_THAN || value === EQUALS || value === GRAVE)
        return -1
      if (value === SLASH || value === GREATER_THAN || isSpace(value) || value === LINE_FEED) break
      at++
    }
  }
}

/** micromark's `end`: `>` closes the tag; a line ending before it is left to the reference. */
function tagEnd(text: string, at: number): number {
  const code = text.charCodeAt(at)
  if (code === GREATER_THAN) return at + 1
  if (code === LINE_FEED) return unsureOverLines()
  return -1
}

function unsureOverLines(): never {
  throw new Unsure('an HTML tag over more than one line')
}
