/**
 * Does a link kb-lint is about to write land where it is meant to?
 *
 * Every writer of links — `--fix` (`link-unresolved`, `link-case-mismatch`),
 * `kb-lint mv` and the language server's renames (engine/move.ts), its code
 * actions, and `index --write` (kb/index-regions.ts) — spells a target with
 * kb/link-target.ts and then keeps a spelling only when it reads back as that
 * target: the new link text is parsed as a note's text is
 * (syntax/processor.ts, kb/extract.ts), put in the config's link dialect and
 * resolved by the base's own resolver (kb/resolve.ts). When no spelling reads
 * back, the writer refuses rather than write a link `check` would report as
 * broken, or one that lands on another note (file names with `#`, `?`, `%`,
 * `]`, a line break, slugs that collide under Quartz, names that read as a
 * URL scheme…).
 *
 * The link is parsed on its own, outside the block it sits in; the one
 * context that reads a link differently, a table cell (`|` ends the cell), is
 * covered by never writing `|` into a target: Markdown destinations
 * percent-encode it and wiki targets refuse it (kb/link-target.ts).
 */
import {location as createLocation} from 'vfile-location'
import {parseMarkdown} from '../syntax/processor.js'
import {extract} from './extract.js'
import {applyLinkDialect} from './link-dialect.js'
import {spellTarget, styleForMode, targetFix, wikiTargetProblem, type NewTarget, type TargetStyle} from './link-target.js'
import type {Fix, NoteSummary, Point, Reference, TargetKind} from './model.js'
import type {Resolver} from './resolve.js'
import {isQuartzMode} from './quartz-path.js'
import {parseWikiLinkText} from './wiki-link-text.js'

/** How the base reads links: its resolver and the config's link dialect (`links.aliasFirst`). */
export interface LinkReading {
  resolver: Resolver
  aliasFirst: boolean
}

/** A whole wiki link or embed: kb/wiki-link-text.ts reads it exactly as the syntax extension does. */
const WIKI_LINK = /^(!?)\[\[([^[\]\r\n]*)\]\]$/

/**
 * The one reference `raw` holds when parsed as a note's text, in the
 * config's dialect; undefined when it holds none or several (it would not be
 * read as the one link it was written as). A wiki link is read by
 * kb/wiki-link-text.ts, which reads exactly what the syntax extension reads
 * (test/wiki-link-text.test.ts) without a parse: an index of 1,000 notes
 * checks its 1,000 links on every run.
 */
export function readLink(raw: string, aliasFirst: boolean): Reference | undefined {
  const wiki = WIKI_LINK.exec(raw)
  if (wiki) {
    const parts = parseWikiLinkText(wiki[2]!)
    if (!parts) return undefined
    const inner = wiki[1]!.length + 2
    const point = (offset: number) => ({line: 1, column: offset + 1, offset})
    const span = (range?: [number, number]) => (range ? {start: point(inner + range[0]), end: point(inner + range[1])} : undefined)
    const reference: Reference = {
      kind: wiki[1] ? 'embed' : 'wikilink',
      raw,
      target: parts.target.normalize('NFC'),
      anchor: parts.anchor?.normalize('NFC'),
      alias: parts.alias,
      position: {start: point(0), end: point(raw.length)},
      targetPosition: span(parts.targetRange),
      anchorPosition: span(parts.anchorRange),
      aliasPosition: span(parts.aliasRange)
    }
    return applyLinkDialect(reference, aliasFirst)
  }
  const {references} = extract(parseMarkdown(raw), raw, createLocation(raw))
  if (references.length !== 1) return undefined
  const [reference] = references
  const whole = reference!.position.start.offset === 0 && reference!.position.end.offset === raw.length
  return whole ? applyLinkDialect(reference!, aliasFirst) : undefined
}

/** `raw`, written in `from`, resolves to exactly `target` (not a case mismatch, not another note). */
export function reaches(raw: string, from: NoteSummary, target: {kind: TargetKind; id: string}, reading: LinkReading): boolean {
  const reference = readLink(raw, reading.aliasFirst)
  return reference !== undefined && referenceReaches(reference, from, target, reading)
}

/** A reference as read from a note's text, made in `from`, resolves to exactly `target`. */
export function referenceReaches(
  reference: Reference,
  from: NoteSummary,
  target: {kind: TargetKind; id: string},
  reading: LinkReading
): boolean {
  if (reference.target === '') return false
  const resolution = reading.resolver.resolve(reference, from)
  return resolution.status === 'resolved' && resolution.kind === target.kind && resolution.id === target.id
}

/**
 * The spellings of `target` worth trying for an existing link, best first:
 * the link's own style under the mode (kb/link-target.ts `styleForMode`),
 * then a path from the root, with a leading `/`, and from the note's folder.
 */
export function targetSpellings(
  reference: Reference,
  target: NewTarget,
  mode: Resolver['mode'],
  isUniqueName: (name: string) => boolean
): string[] {
  const styles: TargetStyle[] = [styleForMode(reference, mode), 'root', 'root-slash', 'relative']
  return [...new Set(styles.map((style) => spellTarget(reference, style, target, isUniqueName)))]
}

/** Why a spelling cannot be written into this kind of link at all (undefined when it can). */
export function spellingProblem(reference: Reference, spelling: string, quartz: boolean): string | undefined {
  if (reference.kind === 'markdown') return undefined
  const problem = wikiTargetProblem(spelling, quartz)
  if (problem) return problem
  // A frontmatter link sits inside a YAML string: a quote or backslash would end or escape it.
  if (reference.kind === 'frontmatter' && /["'\\]/.test(spelling))
    return 'a quote or backslash, which the YAML string would read differently'
  return undefined
}

export type CheckedFix =
  /**
   * `fix` rewrites the link to `spelling` (undefined when the link already
   * reads so); `written` is the target as it will stand in the link
   * (percent-encoded in a Markdown destination).
   */
  | {ok: true; fix?: Fix; spelling: string; written: string}
  /** No spelling reads back as the target; `problem` says why (a form the link cannot hold first). */
  | {ok: false; problem: string}

/**
 * The first of `spellings` that, written into `reference` (only its target
 * part; kb/link-target.ts `targetFix`), reads back from `from` as `target`.
 */
export function checkedTargetFix(
  reference: Reference,
  spellings: string[],
  from: NoteSummary,
  target: {kind: TargetKind; id: string},
  reading: LinkReading
): CheckedFix {
  const quartz = isQuartzMode(reading.resolver.mode)
  let cannotHold: string | undefined
  let elsewhere: string | undefined
  for (const spelling of spellings) {
    const refused = spellingProblem(reference, spelling, quartz)
    if (refused) {
      cannotHold ??= `no ${linkKind(reference)} can name \`${spelling}\` (${refused})`
      continue
    }
    const span = reference.targetPosition
    const linkStart = reference.position.start.offset
    if (span?.start.offset === undefined || span.end.offset === undefined || linkStart === undefined)
      return {ok: false, problem: 'the link has no exact target span'}
    const fix = targetFix(reference, spelling, quartz)
    const written = fix ? fix.text : reference.raw.slice(span.start.offset - linkStart, span.end.offset - linkStart)
    const after = fix ? rewritten(reference, fix, reading.aliasFirst) : reference
    if (after && referenceReaches(after, from, target, reading)) return {ok: true, fix, spelling, written}
    elsewhere ??= `\`${written}\` would not resolve to \`${target.id}\` under \`${reading.resolver.mode}\` resolution`
  }
  return {ok: false, problem: cannotHold ?? elsewhere ?? `no spelling of \`${target.id}\` to try`}
}

/**
 * A destination CommonMark reads exactly as written: letters, digits, marks,
 * `-._~/` and `%XX` escapes — no space, parenthesis, `<`, `>`, `\\`, `&`
 * (character references), `:` (a scheme), `#` or `?`.
 */
const PLAIN_DESTINATION = /^(?!\/\/)(?:[\p{L}\p{N}\p{M}._~/-]|%[0-9A-Fa-f]{2})+$/u

/**
 * The reference a note holds once `fix` is applied to it, as the parser
 * would read it. A plain destination (`PLAIN_DESTINATION`) swapped into a
 * Markdown link that was already read as one leaves the link's structure as
 * it was, so its reference is made here — decoded as kb/extract.ts decodes —
 * without a parse (`mv` rewrites thousands of them; test/link-check.test.ts
 * compares the two); anything else is parsed back.
 */
export function rewritten(reference: Reference, fix: Fix, aliasFirst: boolean): Reference | undefined {
  const linkStart = reference.position.start.offset
  if (reference.kind !== 'markdown' || !PLAIN_DESTINATION.test(fix.text) || linkStart === undefined || !reference.targetPosition) {
    return readLink(replaced(reference, fix), aliasFirst)
  }
  // A destination is on one line: points after it on that line move by the change in length.
  const delta = fix.text.length - (fix.end - fix.start)
  const targetEnd = reference.targetPosition.end
  const shift = (point: Point): Point => ({
    ...point,
    column: point.line === targetEnd.line ? point.column + delta : point.column,
    offset: point.offset === undefined ? undefined : point.offset + delta
  })
  return {
    ...reference,
    raw: replaced(reference, fix),
    target: decodeOrKeep(fix.text).normalize('NFC'),
    position: {start: reference.position.start, end: shift(reference.position.end)},
    targetPosition: {start: reference.targetPosition.start, end: shift(targetEnd)},
    anchorPosition: reference.anchorPosition && {start: shift(reference.anchorPosition.start), end: shift(reference.anchorPosition.end)}
  }
}

/** `decodeURIComponent`, keeping the text when it is not valid percent-encoding (as kb/extract.ts reads a destination). */
function decodeOrKeep(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** The whole link as written, with the fix's range replaced. */
export function replaced(reference: Reference, fix: Fix): string {
  const start = reference.position.start.offset ?? 0
  return reference.raw.slice(0, fix.start - start) + fix.text + reference.raw.slice(fix.end - start)
}

function linkKind(reference: Reference): string {
  return reference.kind === 'markdown' ? 'Markdown link' : reference.kind === 'frontmatter' ? 'frontmatter link' : 'wiki link'
}
