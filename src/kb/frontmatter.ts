/**
 * Parse a note's YAML frontmatter with positions.
 *
 * `remark-frontmatter` finds the block; the `yaml` package parses it (never
 * executes anything: custom tags stay strings, and alias expansion is capped
 * so a "billion laughs" document is an error, not an out-of-memory crash).
 * Offsets inside the YAML are mapped back to file positions so messages point
 * at the key or the error in the note itself.
 */
import type {Yaml} from 'mdast'
import {isMap, isScalar, isSeq, parseDocument, visit, type Node as YamlNode} from 'yaml'
import type {Location} from 'vfile-location'
import type {Reference, Span} from './model.js'
import {parseWikiLinkText} from './wiki-link-text.js'
import {readPlainMapping} from './plain-frontmatter.js'

export interface FrontmatterError {
  reason: string
  place: Span
}

/** A string value with a `[[wiki link]]` inside, e.g. an item of `related:`. */
export interface ParsedFrontmatter {
  /** Parsed to a mapping (possibly empty). */
  valid: boolean
  data?: Record<string, unknown>
  /** File line of each top-level key. */
  keyLines: Record<string, number>
  /** File span of each top-level key. */
  keySpans: Record<string, Span>
  errors: FrontmatterError[]
  duplicateKeys: Array<{key: string; place: Span; firstLine: number}>
  links: Reference[]
  /**
   * Wiki links written without quotes (`- [[a]]`, `up: [[a|A]]`): YAML reads
   * a list inside a list. Each is in `links` too, as the writer meant it.
   */
  unquotedLinks: UnquotedLink[]
  span: Span
}

export interface UnquotedLink {
  /** The link as written, e.g. `[[a|A]]`. */
  raw: string
  place: Span
  /** The same link as a quoted YAML string, e.g. `"[[a|A]]"`. */
  quoted: string
}

/** Cap on alias expansion (the `yaml` package default is 100). */
const MAX_ALIAS_COUNT = 100

/**
 * `reader`: `plain` reads a block of simple `key: value` lines itself
 * (kb/plain-frontmatter.ts) and gives any other to the `yaml` package;
 * `yaml` always uses the package (the reference, for tests).
 */
export function parseFrontmatter(node: Yaml, source: string, location: Location, reader: 'plain' | 'yaml' = 'plain'): ParsedFrontmatter {
  const start = node.position!.start.offset!
  const end = node.position!.end.offset!
  // The YAML text starts on the line after the opening `---`.
  const lineBreak = source.indexOf('\n', start)
  const contentStart = lineBreak === -1 ? end : lineBreak + 1
  const text = node.value
  const toPoint = (yamlOffset: number) => {
    let offset = Math.min(contentStart + yamlOffset, source.length)
    // Never point between the CR and LF of a CRLF: that column is not on screen.
    if (offset > 0 && source.charCodeAt(offset - 1) === 13 && source.charCodeAt(offset) === 10) offset--
    const point = location.toPoint(offset)
    return {line: point?.line ?? 1, column: point?.column ?? 1, offset}
  }
  const spanOf = (range: readonly number[] | undefined | null): Span => {
    const from = range?.[0] ?? 0
    const to = range ? Math.max(range[1] ?? from, from) : 0
    return {start: toPoint(from), end: toPoint(to)}
  }

  const result: ParsedFrontmatter = {
    valid: false,
    keyLines: {},
    keySpans: {},
    errors: [],
    duplicateKeys: [],
    links: [],
    unquotedLinks: [],
    span: {
      start: {line: node.position!.start.line, column: node.position!.start.column, offset: start},
      end: {line: node.position!.end.line, column: node.position!.end.column, offset: end}
    }
  }

  // Most blocks are a few `key: value` lines: read those without the `yaml` package.
  const plain = reader === 'plain' ? readPlainMapping(text) : undefined
  if (plain) {
    result.valid = true
    result.data = plain.data
    for (const key of plain.keys) {
      const place = spanOf([key.start, key.end])
      result.keyLines[key.value] = place.start.line
      result.keySpans[key.value] = place
    }
    for (const string of plain.strings) linksInString(string.value, string.start, string.end, text, spanOf, result.links)
    return result
  }
  return parseWithYaml(text, spanOf, result)
}

/** The reference: the whole block through the `yaml` package. */
function parseWithYaml(
  text: string,
  spanOf: (range: readonly number[] | undefined | null) => Span,
  result: ParsedFrontmatter
): ParsedFrontmatter {
  // `uniqueKeys: false`: a duplicate key is reported by its own rule with both
  // lines, instead of making the whole block unparseable.
  const doc = parseDocument(text, {uniqueKeys: false, prettyErrors: false, strict: false})
  for (const error of doc.errors) {
    result.errors.push({reason: cleanYamlMessage(error.message), place: spanOf(error.pos)})
  }
  if (result.errors.length > 0) return result

  const contents = doc.contents
  if (contents !== null && !isMap(contents)) {
    result.errors.push({
      reason: 'Frontmatter must be a mapping of keys to values (`key: value` lines)',
      place: spanOf(contents.range)
    })
    return result
  }

  let data: unknown
  try {
    data = doc.toJS({maxAliasCount: MAX_ALIAS_COUNT})
  } catch (error) {
    result.errors.push({
      reason: `Frontmatter cannot be read: ${cleanYamlMessage((error as Error).message)}`,
      place: spanOf(contents?.range)
    })
    return result
  }

  result.valid = true
  result.data = (data ?? {}) as Record<string, unknown>
  if (contents) {
    const firstSeen = new Map<string, number>()
    for (const pair of contents.items) {
      if (!isScalar(pair.key)) continue
      const key = String(pair.key.value)
      const place = spanOf(pair.key.range)
      const seen = firstSeen.get(key)
      if (seen === undefined) {
        firstSeen.set(key, place.start.line)
        result.keyLines[key] = place.start.line
        result.keySpans[key] = place
      } else {
        result.duplicateKeys.push({key, place, firstLine: seen})
      }
    }
  }

  collectLinks(contents, text, spanOf, result.links, result.unquotedLinks)
  return result
}

/** A whole flow sequence written `[[…]]`: YAML's reading of an unquoted wiki link. */
const UNQUOTED_LINK = /^\[\[([^[\]\r\n]*)\]\]$/

/**
 * Strings such as `related: ["[[a/b]]", "[[c|C]]"]` are references. Their
 * positions are exact for plain and quoted scalars without escapes, which is
 * how such lists are written. So is the unquoted `- [[a/b]]`, which YAML
 * reads as a list in a list (`[["a/b"]]`): it is what the writer meant, and
 * it is reported (`frontmatter-link-unquoted`) with the quoted form as fix.
 */
function collectLinks(
  contents: YamlNode | null,
  text: string,
  spanOf: (range: readonly number[]) => Span,
  links: Reference[],
  unquoted: UnquotedLink[]
): void {
  if (!contents) return
  visit(contents, {
    Scalar(_key, scalar) {
      if (typeof scalar.value !== 'string' || !scalar.range) return
      linksInString(scalar.value, scalar.range[0], scalar.range[1], text, spanOf, links)
    },
    Seq(_key, seq) {
      if (!isSeq(seq) || !seq.flow || !seq.range) return
      const raw = text.slice(seq.range[0], seq.range[1])
      if (!UNQUOTED_LINK.test(raw) || !addLink(raw, seq.range[0], spanOf, links)) return
      unquoted.push({raw, place: spanOf([seq.range[0], seq.range[1]]), quoted: quoteYaml(raw)})
      return visit.SKIP
    }
  })
}

/** The wiki links written in a string value, `start`–`end` its range as written (quotes included). */
function linksInString(
  value: string,
  start: number,
  end: number,
  text: string,
  spanOf: (range: readonly number[]) => Span,
  links: Reference[]
): void {
  if (!value.includes('[[')) return
  const raw = text.slice(start, end)
  const pattern = /\[\[([^[\]\n]+)\]\]/g
  let match: RegExpExecArray | null
  while ((match = pattern.exec(raw))) addLink(match[0], start + match.index, spanOf, links)
}

function addLink(raw: string, linkStart: number, spanOf: (range: readonly number[]) => Span, links: Reference[]): boolean {
  const parts = parseWikiLinkText(raw.slice(2, -2))
  if (!parts) return false
  const innerStart = linkStart + 2
  const part = (range?: [number, number]) => (range ? spanOf([innerStart + range[0], innerStart + range[1]]) : undefined)
  links.push({
    kind: 'frontmatter',
    raw,
    target: parts.target,
    anchor: parts.anchor,
    alias: parts.alias,
    position: spanOf([linkStart, linkStart + raw.length]),
    targetPosition: part(parts.targetRange),
    anchorPosition: part(parts.anchorRange),
    aliasPosition: part(parts.aliasRange)
  })
  return true
}

/** `raw` as a YAML string: double quotes, or single quotes when a `\` or `"` would need escaping. */
function quoteYaml(raw: string): string {
  return /[\\"]/.test(raw) ? `'${raw.replaceAll("'", "''")}'` : `"${raw}"`
}

/** `yaml` messages end with a code excerpt and a position; keep the sentence. */
function cleanYamlMessage(message: string): string {
  // Thousands of nested `[` or indented keys overflow the parser's stack.
  if (/maximum call stack/i.test(message)) return 'values are nested too deeply (thousands of levels)'
  const firstLine = message.split('\n')[0]!.trim()
  return firstLine.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '')
}
