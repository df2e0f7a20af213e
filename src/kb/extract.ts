/**
 * Per-file collection: walk a note's syntax tree once and take out what the
 * whole-base phase needs: landmarks (headings, block ids) and references
 * (wiki links, embeds, Markdown links and images, definitions), each with
 * exact positions. Code, inline code, HTML (comments included), math and
 * Obsidian `%%` comments are separate node types without children
 * (syntax/processor.ts), so nothing inside them is ever collected.
 */
import GithubSlugger from 'github-slugger'
import type {Definition, Heading as MdastHeading, Image, Link, Nodes, Root} from 'mdast'
// biome-ignore lint/suspicious/noShadowRestrictedNames: the library's own name for it
import {toString} from 'mdast-util-to-string'
import type {BlockId, Heading, Reference, Span} from './model.js'
import type {Location} from 'vfile-location'
import type {WikiLink} from '../syntax/wiki-link/index.js'
import {tableRows, type SplitWikiLink} from './tables.js'
import {markdownDestinationRange} from './link-target.js'
import {renderedText} from './anchors.js'
import {pathKey} from './paths.js'

export interface Extracted {
  headings: Heading[]
  blockIds: BlockId[]
  references: Reference[]
  wordCount: number
}

/** `^block-id` at the end of a paragraph or list item (Obsidian). */
const BLOCK_ID = /(?:^|\s)\^([A-Za-z0-9-]+)\s*$/

/** A URL scheme (`https:`, `mailto:`); `file:` is kept as a (bad) file link. */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/

export function extract(tree: Root, source: string, location: Location): Extracted {
  const slugger = new GithubSlugger()
  const result: Extracted = {headings: [], blockIds: [], references: [], wordCount: 0}

  const visit = (node: Nodes): void => {
    switch (node.type) {
      case 'code':
      case 'inlineCode':
      case 'html':
      case 'yaml':
      case 'math':
      case 'inlineMath':
      case 'obsidianComment':
        return
      case 'heading':
        result.headings.push(heading(node, slugger))
        break
      case 'wikiLink':
        result.references.push(wikiReference(node as unknown as WikiLink))
        return
      case 'link':
      case 'image':
      case 'definition': {
        const reference = markdownReference(node, source, location)
        if (reference) result.references.push(reference)
        break
      }
      case 'table':
        // `[[a|b]]` in a row was split into two cells by GFM: still a reference.
        for (const row of tableRows(node, source)) {
          for (const link of row.splitLinks) {
            if (!link.literal) result.references.push(splitLinkReference(link, location))
          }
        }
        break
      case 'text':
        result.wordCount += countWords(node.value)
        return
      case 'paragraph': {
        // A comment after the id (`text ^id %%note%%`) is not there for the reader.
        let end = node.children.length - 1
        while (end >= 0 && node.children[end]!.type === 'obsidianComment') end--
        const last = node.children[end]
        if (last?.type === 'text') {
          const match = BLOCK_ID.exec(last.value)
          if (match && last.position) {
            result.blockIds.push({
              id: match[1]!,
              line: last.position.end.line,
              column: last.position.end.column - match[0].trimStart().length
            })
          }
        }
        break
      }
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes)
  }
  visit(tree)
  return result
}

function heading(node: MdastHeading, slugger: GithubSlugger): Heading {
  // A comment is not part of the heading's text (Quartz removes it before parsing).
  const shown = node.children.some((child) => child.type === 'obsidianComment')
    ? node.children.filter((child) => child.type !== 'obsidianComment')
    : node
  const text = toString(shown).trim()
  return {
    text,
    depth: node.depth,
    // Quartz slugs what the heading shows (`## About [[c|bar]]` → `about-bar`).
    slug: slugger.slug(renderedText(node).trim()),
    line: node.position!.start.line,
    column: node.position!.start.column
  }
}

function wikiReference(node: WikiLink): Reference {
  return {
    kind: node.embed ? 'embed' : 'wikilink',
    raw: node.value,
    target: pathKey(node.target),
    anchor: node.anchor?.normalize('NFC'),
    alias: node.alias,
    position: span(node.position),
    targetPosition: node.targetPosition && span(node.targetPosition),
    anchorPosition: node.anchorPosition && span(node.anchorPosition),
    aliasPosition: node.aliasPosition && span(node.aliasPosition)
  }
}

function splitLinkReference(link: SplitWikiLink, location: Location): Reference {
  const at = (offset: number) => {
    const point = location.toPoint(offset)!
    return {line: point.line, column: point.column, offset}
  }
  const inner = link.start + link.raw.indexOf('[[') + 2
  const part = (range?: [number, number]): Span | undefined =>
    range ? {start: at(inner + range[0]), end: at(inner + range[1])} : undefined
  const {parts} = link
  return {
    kind: link.raw.startsWith('!') ? 'embed' : 'wikilink',
    raw: link.raw,
    target: pathKey(parts.target),
    anchor: parts.anchor?.normalize('NFC'),
    alias: parts.alias,
    position: {start: at(link.start), end: at(link.end)},
    targetPosition: part(parts.targetRange),
    anchorPosition: part(parts.anchorRange),
    aliasPosition: part(parts.aliasRange)
  }
}

/** A Markdown link, image or definition that points at a file of the base. */
function markdownReference(node: Link | Image | Definition, source: string, location: Location): Reference | undefined {
  const url = node.url.trim()
  if (url === '' || url.startsWith('//') || (SCHEME.test(url) && !/^file:/i.test(url))) return undefined
  // `[^1]: text` without footnote syntax would be a definition; remark-gfm
  // handles footnotes, this guards labels of other extensions.
  if (node.type === 'definition' && node.label?.startsWith('^')) return undefined
  const hashIndex = url.indexOf('#')
  const pathPart = stripQuery(hashIndex === -1 ? url : url.slice(0, hashIndex))
  const fragment = hashIndex === -1 ? undefined : url.slice(hashIndex + 1)
  const position = span(node.position)
  const raw = source.slice(position.start.offset, position.end.offset)
  // The target's own span, so fixes and moves rewrite only the path part.
  const range = pathPart === '' ? undefined : markdownDestinationRange(raw, node.type === 'definition')
  const base = position.start.offset!
  const at = (offset: number) => {
    const point = location.toPoint(offset)!
    return {line: point.line, column: point.column, offset}
  }
  return {
    kind: 'markdown',
    raw,
    target: pathKey(decode(pathPart)),
    anchor: fragment === undefined || fragment === '' ? undefined : decode(fragment).normalize('NFC'),
    anchorIsSlug: true,
    image: node.type === 'image' ? true : undefined,
    alias: node.type === 'definition' ? undefined : toString(node) || undefined,
    position,
    targetPosition: range && range.end > range.start ? {start: at(base + range.start), end: at(base + range.end)} : undefined
  }
}

function stripQuery(path: string): string {
  const query = path.indexOf('?')
  return query === -1 ? path : path.slice(0, query)
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

function span(
  position: {start: {line: number; column: number; offset?: number}; end: {line: number; column: number; offset?: number}} | undefined
): Span {
  return {
    start: {line: position!.start.line, column: position!.start.column, offset: position!.start.offset},
    end: {line: position!.end.line, column: position!.end.column, offset: position!.end.offset}
  }
}

/**
 * Words of a text node: the matches of `[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*`,
 * counted by a scan instead. This runs on every text node of every note: the
 * regex and its match arrays cost a tenth of the per-file phase, and a scan
 * that asked a function per character still cost 40 µs a note; one table
 * lookup per code unit is what is left.
 */
export function countWords(text: string): number {
  let count = 0
  let inWord = false
  const length = text.length
  for (let at = 0; at < length; at++) {
    const code = text.charCodeAt(at)
    let kind = unitKind[code]!
    if (kind === UNKNOWN) kind = learnKind(code)
    if (kind === WORD) {
      if (!inWord) count++
      inWord = true
      continue
    }
    if (kind === HIGH_SURROGATE) {
      if (astralWord(text, at)) {
        if (!inWord) count++
        inWord = true
        at++
        continue
      }
    } else if (kind === JOINER && inWord && wordAt(text, at + 1)) {
      // `'`, `’` or `-` between two word characters joins them into one word.
      continue
    }
    inWord = false
  }
  return count
}

const WORD_CHAR = /^[\p{L}\p{N}]$/u

/** What each UTF-16 code unit is to the word scan (`unitKind`). */
const UNKNOWN = 0
const WORD = 1
const OTHER = 2
const JOINER = 3
const HIGH_SURROGATE = 4

/**
 * The kind of each code unit, filled for ASCII, joiners and surrogates here
 * and for the rest on first sight: a note has few distinct non-ASCII
 * characters and many occurrences of each.
 */
const unitKind = new Uint8Array(0x10000)
for (let code = 0; code < 128; code++) {
  const alphanumeric = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
  unitKind[code] = alphanumeric ? WORD : OTHER
}
unitKind[39] = unitKind[45] = unitKind[0x2019] = JOINER
unitKind.fill(HIGH_SURROGATE, 0xd800, 0xdc00)

function learnKind(code: number): number {
  const kind = WORD_CHAR.test(String.fromCharCode(code)) ? WORD : OTHER
  unitKind[code] = kind
  return kind
}

/** Whether a letter or digit starts at `at`. */
function wordAt(text: string, at: number): boolean {
  if (at >= text.length) return false
  const code = text.charCodeAt(at)
  let kind = unitKind[code]!
  if (kind === UNKNOWN) kind = learnKind(code)
  return kind === WORD || (kind === HIGH_SURROGATE && astralWord(text, at))
}

/** Whether the surrogate pair at `at` is a letter or digit outside the BMP. */
function astralWord(text: string, at: number): boolean {
  const next = text.charCodeAt(at + 1)
  return next >= 0xdc00 && next <= 0xdfff && WORD_CHAR.test(text.slice(at, at + 2))
}
