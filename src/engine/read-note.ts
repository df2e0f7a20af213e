/**
 * Read one note and run it through the per-file phase. Shared by the main
 * thread and the parse workers, so both read, bound and report files alike.
 */
import fs from 'node:fs'
import type {Settings} from '../config/settings.js'
import type {NoteSummary} from '../kb/model.js'
import {noteIdFromPath} from '../kb/paths.js'
import {analyzeNote, engineFinding, type AnalyzeInput} from './analyze.js'
import {hashBytes} from './content-hash.js'
import {decodeNote} from './decode.js'
import {describeError} from './scan.js'

/**
 * Notes larger than this are reported, not parsed: it bounds time and memory
 * (see limits.ts and the README's Limits for the measurements behind 1 MB).
 */
export const MAX_NOTE_BYTES = 1024 * 1024

/** A note to parse; `bytes` (and their `hash`) when the caller already read it. */
export interface NoteToParse {
  relative: string
  absolute: string
  bytes?: Uint8Array
  hash?: string
}

export type ReadResult = {ok: true; bytes: Buffer} | {ok: false; reason: string}

export function readNote(absolute: string): ReadResult {
  try {
    const stat = fs.statSync(absolute)
    if (stat.isDirectory()) return {ok: false, reason: 'is a folder named like a note'}
    if (stat.size > MAX_NOTE_BYTES) {
      return {ok: false, reason: tooLargeReason(stat.size)}
    }
    return {ok: true, bytes: fs.readFileSync(absolute)}
  } catch (error) {
    return {ok: false, reason: `Cannot read file: ${describeError(error)}`}
  }
}

/** Why a note over `MAX_NOTE_BYTES` is not checked (from disk or from an editor). */
export function tooLargeReason(size: number): string {
  return `File is too large to check (${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_NOTE_BYTES / 1048576} MB); split it into smaller notes or add it to .kblintignore`
}

export type CheckedText = {ok: true; text: string; bom: boolean} | {ok: false; changed: boolean}

/**
 * For writers (`--fix`, `mv`, `index --write`): the decoded text of a note,
 * only if its bytes still hash as when it was checked — offsets computed on
 * the old text must never be applied to new text. `changed` tells a note
 * edited meanwhile (or removed, or renamed) from one that is not text.
 */
export function readIfUnchanged(absolute: string, hash: string): CheckedText {
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(absolute)
  } catch (error) {
    // Removed or renamed since it was checked: like an edit, the note is skipped.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR')
      return {ok: false, changed: true}
    throw error
  }
  if (hashBytes(bytes) !== hash) return {ok: false, changed: true}
  const decoded = decodeNote(bytes)
  return decoded.ok ? {ok: true, text: decoded.text, bom: decoded.bom} : {ok: false, changed: false}
}

/** Text back to the bytes to write, with the note's BOM put back. */
export function encodeNote(text: string, bom: boolean): Buffer {
  return Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8')
}

/** Which parser reads the note, and who counts the fast parser's fallbacks. */
export type ParseChoice = Pick<AnalyzeInput, 'parser' | 'onFallback'>

export function parseNote(note: NoteToParse, settings: Settings, withText = false, choice: ParseChoice = {}): NoteSummary {
  let bytes = note.bytes
  if (!bytes) {
    const read = readNote(note.absolute)
    if (!read.ok) return unreadableSummary(note.relative, read.reason)
    bytes = read.bytes
  }
  return analyzeNote({relative: note.relative, bytes, hash: note.hash, config: settings.forNote(note.relative), withText, ...choice})
}

export function unreadableSummary(relative: string, reason: string): NoteSummary {
  return {
    path: relative,
    id: noteIdFromPath(relative),
    hash: '',
    frontmatter: {present: false, valid: false},
    headings: [],
    blockIds: [],
    references: [],
    findings: [engineFinding('file-unreadable', reason)],
    wordCount: 0
  }
}
