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
import type {Reference, TargetKind} from './model.js'
import {folderOf} from './paths.js'
import {isExplicitlyRelative, type ResolutionMode} from './resolve.js'

const posix = path.posix

/**
 * The path part of a Markdown link's destination (before `#` or `?`), as
 * offsets into `raw` (end-exclusive), and whether it was written in `<…>`.
 * `raw` is `[label](dest "title")`, `![alt](dest)` or `[label]: dest`.
 */
export function markdownDestinationRange(raw: string, definition: boolean): {start: number; end: number; angle: boolean} | undefined {
  let index = raw.startsWith('!') ? 1 : 0
  if (raw[index] !== '[') return undefined
  let depth = 0
  for (; index < raw.length; index++) {
    const char = raw[index]
    if (char === '\\') index++
    else if (char === '[') depth++
    else if (char === ']' && --depth === 0) break
  }
  index++
  if (definition ? raw[index] !== ':' : raw[index] !== '(') return undefined
  index++
  while (index < raw.length && /\s/.test(raw[index]!)) index++
  const angle = raw[index] === '<'
  if (angle) index++
  const start = index
  let parens = 0
  for (; index < raw.length; index++) {
    const char = raw[index]!
    if (char === '\\') {
      index++
      continue
    }
    if (angle ? char === '>' : /\s/.test(char)) break
    if (char === '#' || char === '?') break
    if (!angle && char === '(') parens++
    if (!angle && char === ')' && parens-- === 0) break
  }
  return {start, end: Math.min(index, raw.length), angle}
}

/** What a rewritten link points at, and from where. */
export interface NewTarget {
  kind: TargetKind
  /** Note id, attachment path or folder path (relative to the root, no trailing `/`). */
  id: string
  /** The id of the note the link is written in (after a move: its new id). */
  fromId: string
}

/**
 * Spell `target` the way `reference` spelled its old target, so that it
 * resolves under `mode`:
 * - `.md` kept when it was written, `/` kept at the end of folder links, a
 *   leading `/` or `./` kept when it was written;
 * - Markdown links: a path relative to the note's folder (from the root when
 *   written with a leading `/`);
 * - wiki links, embeds and frontmatter links: a path from the root
 *   (`absolute`), from the note's folder (`relative`, and `./`/`../` targets
 *   in `shortest`), or in `shortest` the bare name when it was written bare
 *   and `isUniqueName` says the name still picks exactly this target.
 * Returns the decoded text; Markdown callers encode it with `encodeDestination`.
 */
export function spellTarget(
  reference: Reference,
  target: NewTarget,
  mode: ResolutionMode,
  isUniqueName: (name: string, id: string) => boolean
): string {
  const written = reference.target
  const folder = target.kind === 'folder'
  const keepMd = target.kind === 'note' && /\.md$/i.test(written)
  const file = target.id + (keepMd ? written.slice(-3) : '')
  const tail = folder ? '/' : ''
  const fromFolder = folderOf(target.fromId)
  const relative = (): string => {
    let rel = posix.relative(fromFolder, file)
    if (rel === '') rel = '.'
    if (written.startsWith('./') && !rel.startsWith('.')) rel = './' + rel
    return rel
  }
  if (written.startsWith('/')) return '/' + file + tail
  if (reference.kind === 'markdown') return relative() + tail
  if (mode === 'relative' || (mode === 'shortest' && isExplicitlyRelative(written))) {
    return relative() + tail
  }
  if (mode === 'shortest' && !folder && !written.replace(/\/$/, '').includes('/')) {
    const name = file.slice(file.lastIndexOf('/') + 1)
    if (isUniqueName(stripMd(name), target.id)) return name
  }
  return file + tail
}

/**
 * Encode a new Markdown destination the way the old one was written: inside
 * `<…>` as is; percent-encoded when the writer percent-encoded; otherwise
 * only the characters that would end the destination (space, unbalanced
 * parentheses) are encoded.
 */
export function encodeDestination(value: string, writtenRaw: string, angle: boolean): string {
  if (angle) return value
  if (/%[0-9A-Fa-f]{2}/.test(writtenRaw)) return encodeURI(value).replace(/[()]/g, (char) => '%' + char.charCodeAt(0).toString(16).toUpperCase())
  return value.replace(/ /g, '%20').replace(/[()]/g, (char) => '%' + char.charCodeAt(0).toString(16).toUpperCase())
}

function stripMd(name: string): string {
  return name.replace(/\.md$/i, '')
}
