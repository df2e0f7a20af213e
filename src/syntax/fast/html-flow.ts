/**
 * Which HTML block, if any, a line of the fast parser starts: micromark's
 * `htmlFlow` start states (micromark-core-commonmark/lib/html-flow.js) on
 * one line, with its own tag-name lists (micromark-util-html-tag-name), so
 * that both parsers agree on what is HTML and therefore not content.
 *
 * - `raw` (CommonMark kind 1: `<script`, `<pre`, `<style`, `<textarea`) ends
 *   at the line holding `</script>`, `</pre>`, `</style>` or `</textarea>`;
 * - `basic` (kind 6, `<div`, `</table`, `<details>`, …) and `complete`
 *   (kind 7, a whole open or closing tag of any other name alone on its
 *   line) end before a blank line; `complete` cannot interrupt a paragraph;
 * - `comment` (`<!--`, kind 2) is read by blocks.ts;
 * - `other`: a declaration, instruction or CDATA (kinds 3–5), which the fast
 *   parser leaves to the reference;
 * - undefined: not an HTML block at all (`<span>x`, `<https://…>`, `<-`).
 */
import {asciiAlpha, asciiAlphanumeric} from 'micromark-util-character'
import {htmlBlockNames, htmlRawNames} from 'micromark-util-html-tag-name'

export type HtmlFlowKind = 'raw' | 'basic' | 'complete' | 'comment' | 'other'

const SPACE = 0x20
const TAB = 0x09
const QUOTATION = 0x22
const APOSTROPHE = 0x27
const DASH = 0x2d
const DOT = 0x2e
const SLASH = 0x2f
const COLON = 0x3a
const LESS_THAN = 0x3c
const EQUALS = 0x3d
const GREATER_THAN = 0x3e
const UNDERSCORE = 0x5f
const GRAVE = 0x60

const isSpace = (code: number): boolean => code === SPACE || code === TAB

/**
 * The kind of HTML block `line` (a line's text from its `<`, without the
 * line ending) starts; `interrupt`: a paragraph is open, so kind 7 cannot.
 */
export function htmlFlowStart(line: string, interrupt: boolean): HtmlFlowKind | undefined {
  if (line.charCodeAt(0) !== LESS_THAN) return undefined
  if (line.startsWith('<!--')) return 'comment'
  const second = line.charCodeAt(1)
  if (second === 0x21 /* ! */) return line.startsWith('<![CDATA[') || asciiAlpha(line.charCodeAt(2)) ? 'other' : undefined
  if (second === 0x3f /* ? */) return 'other'
  const closing = second === SLASH
  let at = closing ? 2 : 1
  if (!asciiAlpha(line.charCodeAt(at))) return undefined
  const nameStart = at
  at = tagNameEnd(line, at)
  const after = line.charCodeAt(at)
  // The name ends at the line's end, a space, `/` or `>`; anything else and this is no HTML block.
  if (at < line.length && !isSpace(after) && after !== SLASH && after !== GREATER_THAN) return undefined
  const name = line.slice(nameStart, at).toLowerCase()
  const slash = after === SLASH
  if (!slash && !closing && htmlRawNames.includes(name)) return 'raw'
  if (htmlBlockNames.includes(name)) return !slash || line.charCodeAt(at + 1) === GREATER_THAN ? 'basic' : undefined
  if (interrupt) return undefined
  return (closing ? completeClosingTag(line, at) : completeOpenTag(line, at)) ? 'complete' : undefined
}

/** `</name` then spaces, `>`, and only spaces to the line's end. */
function completeClosingTag(line: string, at: number): boolean {
  while (isSpace(line.charCodeAt(at))) at++
  return completeEnd(line, at)
}

/** micromark's `complete*` states from the attributes of an open tag to the line's end. */
function completeOpenTag(line: string, at: number): boolean {
  for (;;) {
    // completeAttributeNameBefore
    const code = line.charCodeAt(at)
    if (code === SLASH) return completeEnd(line, at + 1)
    if (isSpace(code)) {
      at++
      continue
    }
    if (!(code === COLON || code === UNDERSCORE || asciiAlpha(code))) return completeEnd(line, at)
    // completeAttributeName
    at = attributeNameEnd(line, at + 1)
    // completeAttributeNameAfter, and a value after `=` (possibly several, as micromark allows)
    for (;;) {
      while (isSpace(line.charCodeAt(at))) at++
      if (line.charCodeAt(at) !== EQUALS) break
      at++
      while (isSpace(line.charCodeAt(at))) at++
      const first = line.charCodeAt(at)
      if (at >= line.length || first === LESS_THAN || first === EQUALS || first === GREATER_THAN || first === GRAVE) return false
      if (first === QUOTATION || first === APOSTROPHE) {
        const close = line.indexOf(String.fromCharCode(first), at + 1)
        if (close === -1) return false
        at = close + 1
        // completeAttributeValueQuotedAfter
        const next = line.charCodeAt(at)
        if (!(next === SLASH || next === GREATER_THAN || isSpace(next))) return false
        break
      }
      while (at < line.length && !UNQUOTED_END.has(line.charCodeAt(at))) at++
    }
  }
}

/** Characters that end an unquoted attribute value (besides the line's end). */
const UNQUOTED_END = new Set([QUOTATION, APOSTROPHE, SLASH, LESS_THAN, EQUALS, GREATER_THAN, GRAVE, SPACE, TAB])

/** `>`, then only spaces and tabs to the line's end. */
function completeEnd(line: string, at: number): boolean {
  if (line.charCodeAt(at) !== GREATER_THAN) return false
  at++
  while (isSpace(line.charCodeAt(at))) at++
  return at >= line.length
}

/** For a `raw` block: whether `text` holds an end tag of a raw element (`</pre>`, any case). */
export function closesRaw(text: string): boolean {
  return RAW_END.test(text)
}

const RAW_END = new RegExp(`</(?:${htmlRawNames.join('|')})>`, 'i')

/** Past the rest of a tag name (`-`, ASCII letters and digits), as both of micromark's HTML tokenizers read it. */
export function tagNameEnd(text: string, at: number): number {
  while (text.charCodeAt(at) === DASH || asciiAlphanumeric(text.charCodeAt(at))) at++
  return at
}

/** Past the rest of an attribute name (`-`, `.`, `:`, `_`, ASCII letters and digits), as both tokenizers read it. */
export function attributeNameEnd(text: string, at: number): number {
  for (;;) {
    const code = text.charCodeAt(at)
    if (!(code === DASH || code === DOT || code === COLON || code === UNDERSCORE || asciiAlphanumeric(code))) return at
    at++
  }
}
