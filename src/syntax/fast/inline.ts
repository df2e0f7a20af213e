/**
 * Inline content for the fast parser: text, code spans, wiki links and
 * embeds, inline links and images, shortcut references to the note's
 * definitions, URL autolinks, HTML tags on one line, inline math, hard
 * breaks. Anything else that could change the summary (other HTML, email
 * autolinks, character references, links with titles, full or collapsed
 * references, brackets that are not one of those forms) throws `Unsure`,
 * and the note goes to the reference parser.
 *
 * Emphasis is not built: `*` and `_` stay in the text. That is safe for the
 * summary because delimiters are never word characters (word counts split
 * there either way) and heading / link text containing them is refused
 * (`toString` would drop them). See ../fast/README in index.ts.
 */
import type {Break, Html, Image, InlineCode, Link, LinkReference, PhrasingContent, Text} from 'mdast'
import {normalizeIdentifier} from 'micromark-util-normalize-identifier'
import type {Position} from 'unist'
import type {WikiLink} from '../wiki-link/index.js'
import {isJsSpace} from '../white-space.js'
import {inlineHtmlAt} from './inline-html.js'
import {Unsure, type Positions} from './shared.js'

/** One line of an inline run: source offsets of its content. */
export interface Segment {
  start: number
  end: number
}

/** What the inline run is part of: heading and link text must not hold emphasis. */
export type InlineContext = 'paragraph' | 'heading' | 'cell' | 'link'

const LINE_FEED = 0x0a
const HASH = 0x23
const OPEN_BRACKET = 0x5b
const BACKSLASH = 0x5c
const CLOSE_BRACKET = 0x5d
const PIPE = 0x7c
const DOLLAR = 0x24
const OPEN_PAREN = 0x28
const CLOSE_PAREN = 0x29
const LESS_THAN = 0x3c

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/
const CHARACTER_REFERENCE = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/
const HTML_OR_AUTOLINK = /[A-Za-z/!?]/
/**
 * The `[text]` of `[text](destination)`: no unescaped bracket and no line
 * ending (read by `parseInline` in the `link` context); `resourceAt` reads
 * the `(destination)`.
 */
const LINK_LABEL = /^\[((?:[^[\]\\\n]|\\[^\n])*)\]\(/
/** A character reference anywhere (micromark decodes the valid ones in a destination). */
const CHARACTER_REFERENCE_ANYWHERE = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/
/** `[text]` not followed by `(` or `[`: plain text, or a shortcut reference when a definition has the label. */
const LITERAL_BRACKETS = /^\[[^[\]\\`<$\n]*\](?![([])/

/** The ASCII characters the scanner's `switch` handles; every other one is text. */
const SPECIAL = new Uint8Array(128)
for (const char of '\\`![<&*_$\n') SPECIAL[char.charCodeAt(0)] = 1

/**
 * Inline nodes of `segments` (one per line, joined by line endings). Offsets
 * in `text` map back to the source through the segments.
 */
export function parseInline(
  source: string,
  segments: Segment[],
  positions: Positions,
  context: InlineContext,
  labels: ReadonlySet<string>
): PhrasingContent[] {
  // The content as micromark sees it: lines joined by `\n`.
  let text = ''
  const starts: number[] = []
  for (let index = 0; index < segments.length; index++) {
    if (index > 0) text += '\n'
    starts.push(text.length)
    text += source.slice(segments[index]!.start, segments[index]!.end)
  }
  const toSource = (at: number): number => {
    let line = starts.length - 1
    while (line > 0 && starts[line]! > at) line--
    return segments[line]!.start + (at - starts[line]!)
  }
  const position = (from: number, to: number): Position => ({start: positions.point(toSource(from)), end: positions.point(toSource(to))})

  const nodes: PhrasingContent[] = []
  let textStart = 0
  let value = ''
  const flush = (to: number): void => {
    if (to > textStart || value !== '') {
      const node: Text = {type: 'text', value: value + text.slice(textStart, to), position: position(textStart, to)}
      if (node.value !== '') nodes.push(node)
    }
    value = ''
  }

  let index = 0
  /** A code span or inline math at `index`: `run` marks, then up to the closing run at `close`. */
  const codeLike = (type: 'inlineCode' | 'inlineMath', run: number, close: number): void => {
    flush(index)
    const node: InlineCode = {type: 'inlineCode', value: codeValue(text.slice(index + run, close)), position: position(index, close + run)}
    // `inlineMath` (mdast-util-math) has the shape of `inlineCode`.
    nodes.push(type === 'inlineCode' ? node : ({...node, type} as unknown as PhrasingContent))
    index = close + run
    textStart = index
  }
  while (index < text.length) {
    const code = text.charCodeAt(index)
    // Most characters are plain text: step over them without making a string of each.
    if (code >= 128 || !SPECIAL[code]) {
      index++
      continue
    }
    const char = text[index]!
    switch (char) {
      case '\\': {
        const next = text[index + 1]
        if (next === '\n') {
          // Hard break: `\` at the end of a line.
          flush(index)
          nodes.push({type: 'break', position: position(index, index + 2)} satisfies Break)
          index += 2
          textStart = index
          continue
        }
        if (next !== undefined && ASCII_PUNCTUATION.test(next)) {
          value += text.slice(textStart, index) + next
          index += 2
          textStart = index
          continue
        }
        index++
        continue
      }
      case '`': {
        let run = 1
        while (text[index + run] === '`') run++
        const close = closingRun(text, index + run, run, '`')
        if (close === -1) {
          // In link text, the reference's code span may close after the `]`
          // and take the link's place.
          if (context === 'link') throw new Unsure('a backtick in link text')
          index += run
          continue
        }
        codeLike('inlineCode', run, close)
        continue
      }
      case '!':
      case '[': {
        const embed = char === '!'
        if (embed && text[index + 1] !== '[') {
          index++
          continue
        }
        const open = embed ? index + 1 : index
        if (text[open + 1] === '[') {
          const link = wikiLink(text, index, embed)
          if (!link) {
            // No `]` after it (a link a table cell split): every `[` is text.
            if (text.indexOf(']', index) === -1) {
              index = open + 2
              continue
            }
            throw new Unsure('a `[[` that is not a wiki link')
          }
          flush(index)
          const node: WikiLink = {
            type: 'wikiLink',
            value: text.slice(index, link.end),
            embed,
            target: link.target,
            position: position(index, link.end)
          }
          if (link.targetRange) node.targetPosition = position(link.targetRange[0], link.targetRange[1])
          if (link.anchor !== undefined) node.anchor = link.anchor
          if (link.anchorRange) node.anchorPosition = position(link.anchorRange[0], link.anchorRange[1])
          if (link.alias !== undefined) node.alias = link.alias
          if (link.aliasRange) node.aliasPosition = position(link.aliasRange[0], link.aliasRange[1])
          nodes.push(node as unknown as PhrasingContent)
          index = link.end
          textStart = index
          continue
        }
        const rest = text.slice(open)
        const labelMatch = LINK_LABEL.exec(rest)
        const resource = labelMatch ? resourceAt(text, open + labelMatch[0].length) : undefined
        if (labelMatch && resource) {
          const label = labelMatch[1]!
          const url = resource.url
          if (url.includes('&') && CHARACTER_REFERENCE_ANYWHERE.test(url)) throw new Unsure('a character reference in a link destination')
          flush(index)
          const end = resource.end
          // The label holds no unescaped bracket and no line ending: its
          // inline content lies within one line of the source.
          const children =
            label === ''
              ? []
              : parseInline(source, [{start: toSource(open + 1), end: toSource(open + 1 + label.length)}], positions, 'link', labels)
          if (embed) {
            nodes.push({type: 'image', url, title: null, alt: plainText(children), position: position(index, end)} satisfies Image)
          } else {
            nodes.push({
              type: 'link',
              url,
              title: null,
              children: children as Link['children'],
              position: position(index, end)
            } satisfies Link)
          }
          index = end
          textStart = index
          continue
        }
        const literal = embed ? undefined : LITERAL_BRACKETS.exec(rest)
        if (!literal) throw new Unsure('brackets that are not a plain link')
        const end = open + literal[0].length
        const label = literal[0].slice(1, -1)
        const identifier = labels.size > 0 ? normalizeIdentifier(label).toLowerCase() : ''
        if (labels.has(identifier)) {
          // A shortcut reference to a definition of the note.
          flush(index)
          nodes.push({
            type: 'linkReference',
            identifier,
            label,
            referenceType: 'shortcut',
            children: (label === ''
              ? []
              : parseInline(
                  source,
                  [{start: toSource(open + 1), end: toSource(end - 1)}],
                  positions,
                  'link',
                  labels
                )) as LinkReference['children'],
            position: position(index, end)
          } satisfies LinkReference)
          textStart = end
        }
        index = end
        continue
      }
      case '<': {
        // In link text, a tag or autolink could run past the `]` and take the link's place.
        if (context === 'link') {
          if (HTML_OR_AUTOLINK.test(text[index + 1] ?? '')) throw new Unsure('inline HTML or an autolink in link text')
          index++
          continue
        }
        const found = inlineHtmlAt(text, index)
        if (!found) {
          index++
          continue
        }
        flush(index)
        if (found.kind === 'autolink') {
          const label: Text = {type: 'text', value: found.url, position: position(index + 1, found.end - 1)}
          nodes.push({type: 'link', url: found.url, title: null, children: [label], position: position(index, found.end)} satisfies Link)
        } else {
          nodes.push({type: 'html', value: text.slice(index, found.end), position: position(index, found.end)} satisfies Html)
        }
        index = found.end
        textStart = index
        continue
      }
      case '&':
        if (CHARACTER_REFERENCE.test(text.slice(index, index + 40))) throw new Unsure('a character reference')
        index++
        continue
      case '$': {
        // Math in the reference (remark-math's syntax): a run of `$` up to the
        // next run of the same length, read like a code span. A `$$` starting
        // a line may open a math block; in a heading or link text the value
        // would be text, so those are left to the reference. A dollar inside a
        // code span, a wiki link or a link's destination is read with it and
        // never gets here; the link forms above refuse one in their text.
        if (context === 'heading' || context === 'link') throw new Unsure('math in a heading or link text')
        let run = 1
        while (text.charCodeAt(index + run) === DOLLAR) run++
        if (run >= 2 && (index === 0 || text.charCodeAt(index - 1) === LINE_FEED)) throw new Unsure('a line starting with $$')
        const close = closingRun(text, index + run, run, '$')
        if (close === -1) {
          index += run
          continue
        }
        codeLike('inlineMath', run, close)
        continue
      }
      case '*':
      case '_':
        // `toString` drops emphasis delimiters, which stay in the fast parser's text.
        if ((context === 'heading' || context === 'link') && !(char === '_' && intraword(text, index)))
          throw new Unsure(context === 'heading' ? 'emphasis in a heading' : 'emphasis in link text')
        index++
        continue
      case '\n': {
        if (text[index - 1] === '\t') throw new Unsure('a tab before a line ending')
        // Trailing spaces of a line are not content; two or more make a hard break.
        let spaces = 0
        while (index - spaces - 1 >= textStart && text[index - spaces - 1] === ' ') spaces++
        if (spaces >= 2) {
          flush(index - spaces)
          nodes.push({type: 'break', position: position(index - spaces, index + 1)} satisfies Break)
          textStart = index + 1
        } else if (spaces > 0) {
          value += text.slice(textStart, index - spaces) + '\n'
          textStart = index + 1
        }
        index++
        continue
      }
      default:
        index++
    }
  }
  flush(text.length)
  return nodes
}

/** Nested parentheses micromark allows in a destination without `<>`. */
const DESTINATION_BALANCE_MAX = 32

/**
 * After `](` at `at`: a destination and the `)` right after it, as micromark
 * reads one (`<…>` without `<`, `>`, escapes or line endings; or plain text
 * with balanced parentheses and no space, control character, escape or
 * `<`). Undefined for anything else (a title, spaces, escapes): the caller
 * leaves those to the reference.
 */
function resourceAt(text: string, at: number): {url: string; end: number} | undefined {
  let index = at
  let url: string
  if (text.charCodeAt(index) === LESS_THAN) {
    const close = text.indexOf('>', index + 1)
    if (close === -1) return undefined
    url = text.slice(index + 1, close)
    if (/[<\\\n]/.test(url)) return undefined
    index = close + 1
  } else {
    let balance = 0
    for (; ; index++) {
      const code = text.charCodeAt(index)
      if (code === OPEN_PAREN) {
        if (++balance > DESTINATION_BALANCE_MAX) return undefined
      } else if (code === CLOSE_PAREN) {
        if (balance === 0) break
        balance--
      } else if (Number.isNaN(code) || code <= 0x20 || code === 0x7f || code === BACKSLASH || code === LESS_THAN) {
        return undefined
      }
    }
    url = text.slice(at, index)
  }
  return text.charCodeAt(index) === CLOSE_PAREN ? {url, end: index + 1} : undefined
}

/** An image's `alt`: the text of its label's nodes, as `toString` reads them. */
function plainText(nodes: PhrasingContent[]): string {
  let value = ''
  for (const node of nodes) {
    if (node.type !== 'text' && node.type !== 'inlineCode') throw new Unsure('markup in image text')
    value += node.value
  }
  return value
}

function intraword(text: string, index: number): boolean {
  let before = index - 1
  while (text[before] === '_') before--
  let after = index + 1
  while (text[after] === '_') after++
  return /[\p{L}\p{N}]/u.test(text[before] ?? '') && /[\p{L}\p{N}]/u.test(text[after] ?? '')
}

/** Start of the next run of exactly `size` of `mark` (a backtick or a dollar) after `from`, or -1. */
function closingRun(text: string, from: number, size: number, mark: '`' | '$'): number {
  const code = mark.charCodeAt(0)
  let index = text.indexOf(mark, from)
  while (index !== -1) {
    let run = 1
    while (text.charCodeAt(index + run) === code) run++
    if (run === size) return index
    index = text.indexOf(mark, index + run)
  }
  return -1
}

/** A code span's value: line endings become spaces; one space is stripped from each side when both have one. */
function codeValue(raw: string): string {
  const value = raw.replace(/\n/g, ' ')
  if (value.length > 2 && value.startsWith(' ') && value.endsWith(' ') && /[^ ]/.test(value)) return value.slice(1, -1)
  return value
}

interface WikiParts {
  end: number
  target: string
  targetRange?: [number, number]
  anchor?: string
  anchorRange?: [number, number]
  alias?: string
  aliasRange?: [number, number]
}

/**
 * The wiki-link construct of syntax/wiki-link/syntax.ts, on a string: at
 * `[[` (or `![[`), the parts up to `]]`; undefined where it would fail.
 */
function wikiLink(text: string, at: number, embed: boolean): WikiParts | undefined {
  let index = at + (embed ? 3 : 2)
  let part: 'target' | 'anchor' | 'alias' = 'target'
  const starts = {target: index, anchor: -1, alias: -1}
  const ends = {target: -1, anchor: -1, alias: -1}
  let filled = false
  // Character codes, not `text[index]`: see `isJsSpace`.
  for (;;) {
    if (index >= text.length) return undefined
    const code = text.charCodeAt(index)
    if (code === LINE_FEED || code === OPEN_BRACKET) return undefined
    if (code === CLOSE_BRACKET) {
      if (!filled || text.charCodeAt(index + 1) !== CLOSE_BRACKET) return undefined
      ends[part] = index
      break
    }
    if (part !== 'alias') {
      if (code === HASH && part === 'target') {
        ends.target = index
        part = 'anchor'
        starts.anchor = index + 1
        index++
        continue
      }
      const pipe = code === PIPE ? 1 : code === BACKSLASH && text.charCodeAt(index + 1) === PIPE ? 2 : 0
      if (pipe > 0) {
        if (!filled) return undefined
        ends[part] = index
        part = 'alias'
        starts.alias = index + pipe
        index += pipe
        continue
      }
      if (!isJsSpace(code)) filled = true
    }
    index++
  }
  const result: WikiParts = {end: ends[part] + 2, target: ''}
  const trimmed = (name: 'target' | 'anchor' | 'alias'): [string, [number, number] | undefined] => {
    let from = starts[name]
    let to = ends[name]
    while (from < to && isJsSpace(text.charCodeAt(from))) from++
    while (to > from && isJsSpace(text.charCodeAt(to - 1))) to--
    return from === to ? ['', undefined] : [text.slice(from, to), [from, to]]
  }
  ;[result.target, result.targetRange] = trimmed('target')
  if (starts.anchor !== -1) [result.anchor, result.anchorRange] = trimmed('anchor')
  if (starts.alias !== -1) {
    const [alias, range] = trimmed('alias')
    result.alias = alias.replaceAll('\\|', '|')
    result.aliasRange = range
  }
  return result
}
