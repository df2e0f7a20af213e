/**
 * Where a link's target is written and how to write a new one.
 *
 * Fixes (`--fix`) and moves (`kb-lint mv`) replace only the target part of a
 * link, so the alias, the anchor, the title and the link style stay as the
 * writer left them. This module owns the two halves of that: finding the
 * target's exact span in a Markdown link's source (wiki links get it from the
 * parser), and spelling a new target in the same form as the old one.
 */
import path from 'node:path'
import type {Fix, Reference, TargetKind} from './model.js'
import {isJsSpace} from '../syntax/white-space.js'
import {folderOf} from './paths.js'
import {isExplicitlyRelative, type ResolutionMode} from './resolve.js'

const posix = path.posix

/**
 * The path part of a Markdown link's destination (before `#` or `?`), as
 * offsets into `raw` (end-exclusive), and whether it was written in `<…>`.
 * `raw` is `[label](dest "title")`, `![alt](dest)` or `[label]: dest`.
 */
export function markdownDestinationRange(raw: string, definition: boolean): {start: number; end: number; angle: boolean} | undefined {
  // Character codes, not `raw[index]`: a link's label and target are often
  // Cyrillic, and indexing a string at such a character makes a string of it.
  const code = (at: number) => raw.charCodeAt(at)
  let index = code(0) === EXCLAMATION ? 1 : 0
  if (code(index) !== OPEN_BRACKET) return undefined
  let depth = 0
  for (; index < raw.length; index++) {
    const char = code(index)
    if (char === BACKSLASH) index++
    else if (char === OPEN_BRACKET) depth++
    else if (char === CLOSE_BRACKET && --depth === 0) break
  }
  index++
  if (code(index) !== (definition ? COLON : OPEN_PAREN)) return undefined
  index++
  while (index < raw.length && isJsSpace(code(index))) index++
  const angle = code(index) === LESS_THAN
  if (angle) index++
  const start = index
  let parens = 0
  for (; index < raw.length; index++) {
    const char = code(index)
    if (char === BACKSLASH) {
      index++
      continue
    }
    if (angle ? char === GREATER_THAN : isJsSpace(char)) break
    if (char === HASH || char === QUESTION) break
    if (!angle && char === OPEN_PAREN) parens++
    if (!angle && char === CLOSE_PAREN && parens-- === 0) break
  }
  return {start, end: Math.min(index, raw.length), angle}
}

const EXCLAMATION = 0x21
const HASH = 0x23
const OPEN_PAREN = 0x28
const CLOSE_PAREN = 0x29
const COLON = 0x3a
const LESS_THAN = 0x3c
const GREATER_THAN = 0x3e
const QUESTION = 0x3f
const OPEN_BRACKET = 0x5b
const BACKSLASH = 0x5c
const CLOSE_BRACKET = 0x5d

/** What a rewritten link points at, and from where. */
export interface NewTarget {
  kind: TargetKind
  /** Note id, attachment path or folder path (relative to the root, no trailing `/`). */
  id: string
  /** The id of the note the link is written in (after a move: its new id). */
  fromId: string
}

/**
 * How a target is written: a path from the root with a leading `/`, a path
 * from the root, a path from the note's folder, or a bare file name
 * (`shortest` mode: the one note with that name).
 */
export type TargetStyle = 'root-slash' | 'root' | 'relative' | 'name'

/**
 * The style a working link was written in, which a move keeps. Markdown
 * links follow the mode like wiki links do, except in `relative` mode
 * (where both are relative to the note's folder).
 */
export function writtenStyle(
  reference: Reference,
  _fromId: string,
  _old: {kind: TargetKind; id: string},
  mode: ResolutionMode
): TargetStyle {
  return styleForMode(reference, mode)
}

/**
 * The style a target follows under `mode` (kb/resolve.ts): `relative` mode
 * and Obsidian's `./`/`../` are relative; a bare name stays a name where the
 * mode finds notes by name (`shortest`, `obsidian`); anything else is a path
 * from the root (Quartz reads `../` from the root too).
 */
export function styleForMode(reference: Reference, mode: ResolutionMode): TargetStyle {
  const written = reference.target
  if (written.startsWith('/')) return 'root-slash'
  if (mode === 'relative' || (mode === 'obsidian' && isExplicitlyRelative(written))) return 'relative'
  const path = written.replace(/^(\.\/)+/, '')
  const bare = !path.replace(/\/$/, '').includes('/') && !written.endsWith('/') && !written.startsWith('../')
  if ((mode === 'shortest' || mode === 'obsidian') && bare) return 'name'
  return 'root'
}

/**
 * Spell `target` in `style`, keeping the details of the old spelling: `.md`
 * when it was written, `/` at the end of folder links, `./` when it was
 * written. A `name` that `isUniqueName` rejects falls back to a path (from
 * the folder for Markdown links, from the root for wiki links).
 * Returns the decoded text; Markdown destinations are encoded by `targetFix`.
 */
export function spellTarget(reference: Reference, style: TargetStyle, target: NewTarget, isUniqueName: (name: string) => boolean): string {
  const written = reference.target
  const keepMd = target.kind === 'note' && /\.md$/i.test(written)
  const file = target.id + (keepMd ? written.slice(-3) : '')
  const tail = target.kind === 'folder' ? '/' : ''
  const relative = (): string => {
    let rel = posix.relative(folderOf(target.fromId), file)
    if (rel === '') rel = '.'
    if (written.startsWith('./') && !rel.startsWith('.')) rel = './' + rel
    return rel + tail
  }
  switch (style) {
    case 'root-slash':
      return '/' + file + tail
    case 'root':
      return file + tail
    case 'relative':
      return relative()
    case 'name': {
      const name = file.slice(file.lastIndexOf('/') + 1)
      // `./name` stays `./name` (Quartz reads it as the bare name).
      if (target.kind !== 'folder' && isUniqueName(target.kind === 'note' ? stripMd(name) : name))
        return (written.startsWith('./') ? './' : '') + name
      return reference.kind === 'markdown' ? relative() : file + tail
    }
  }
}

/**
 * Encode a new Markdown destination the way the old one was written: inside
 * `<…>` as is; percent-encoded when the writer percent-encoded; otherwise
 * only what the destination cannot hold as written. Whatever the form, a
 * character that would end the destination or change what it names is
 * percent-encoded, so the link resolves to exactly `value`: `#` and `?`
 * (fragment, query), `%` (decoded by the resolver), whitespace (ends the
 * destination, and is trimmed at its ends), line breaks and other control
 * characters, `<` `>` `\\`, unbalanced parentheses, and `|` (which ends a
 * table cell, whatever the link). Writers then check that the result reads
 * back as the target (kb/link-check.ts).
 */
export function encodeDestination(value: string, writtenRaw: string, angle: boolean, quartz = false): string {
  // Quartz (`absolute`, `shortest`) decodes with `decodeURI`, which leaves
  // `%23` and `%3F` encoded, and compares slugs, which drop `#` and `?`: the
  // spelling that reaches such a file is its name without them.
  if (quartz) value = value.replace(/[#?]/g, '')
  if (angle) return value.replace(/[#?%<>|\\\s\p{Cc}]/gu, percentEncode)
  if (/%[0-9A-Fa-f]{2}/.test(writtenRaw)) return encodeURI(value).replace(/[()#?]/g, percentEncode)
  return value.replace(/[#?%<>()|\\\s\p{Cc}]/gu, percentEncode)
}

function percentEncode(char: string): string {
  let out = ''
  for (const byte of Buffer.from(char, 'utf8')) out += '%' + byte.toString(16).toUpperCase().padStart(2, '0')
  return out
}

/**
 * Why no wiki link can name `target` (undefined when one can): `#` starts the
 * anchor, `|` the alias, `[`/`]` end or nest the link, a line break ends it,
 * and spaces at either end are trimmed away (and in the Quartz modes, `%XX`
 * is decoded).
 */
export function wikiTargetProblem(target: string, quartz = false): string | undefined {
  if (/[\r\n]/.test(target)) return 'a line break'
  // Quartz percent-decodes wiki targets too: `%20` in a name would become a space.
  if (quartz && /%[0-9A-Fa-f]{2}/.test(target)) return 'a `%` followed by two hex digits, which Quartz decodes'
  const special = /[#|[\]]/.exec(target)
  if (special) return `\`${special[0]}\``
  if (/^\s|\s$/u.test(target.replace(/\/$/, ''))) return 'spaces at the start or end'
  return undefined
}

function stripMd(name: string): string {
  return name.replace(/\.md$/i, '')
}

/**
 * A fix that replaces only the target part of a link with `target` (decoded
 * text; Markdown destinations are encoded as the writer encoded them).
 * Undefined when the link has no exact target span or nothing would change.
 */
export function targetFix(reference: Reference, target: string, quartz = false): Fix | undefined {
  const span = reference.targetPosition
  const start = span?.start.offset
  const end = span?.end.offset
  const linkStart = reference.position.start.offset
  if (start === undefined || end === undefined || linkStart === undefined) return undefined
  const written = reference.raw.slice(start - linkStart, end - linkStart)
  const text =
    reference.kind === 'markdown' ? encodeDestination(target, written, reference.raw[start - linkStart - 1] === '<', quartz) : target
  return text === written ? undefined : {start, end, text}
}
