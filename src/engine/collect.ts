/**
 * Run the per-file phase over every note of a scan: read each file once and
 * turn it into a `NoteSummary`. This is the only place that reads notes.
 */
import fs from 'node:fs'
import type {Settings} from '../config/settings.js'
import type {NoteSummary} from '../kb/model.js'
import {noteIdFromPath} from '../kb/paths.js'
import {analyzeNote, engineFinding} from './analyze.js'
import {describeError, type ScannedFile} from './scan.js'

/**
 * Notes larger than this are reported, not parsed: it bounds time and memory
 * (see limits.ts and the README's Limits for the measurements behind 1 MB).
 */
export const MAX_NOTE_BYTES = 1024 * 1024

export interface CollectOptions {
  settings: Settings
  onProgress?: (done: number, total: number) => void
}

export function collectSummaries(notes: ScannedFile[], options: CollectOptions): NoteSummary[] {
  const summaries: NoteSummary[] = []
  notes.forEach((note, index) => {
    summaries.push(summarize(note, options.settings))
    options.onProgress?.(index + 1, notes.length)
  })
  return summaries
}

export function summarize(note: ScannedFile, settings: Settings): NoteSummary {
  const read = readNote(note.absolute)
  if (!read.ok) return unreadableSummary(note.relative, read.reason)
  return analyzeNote({relative: note.relative, bytes: read.bytes, config: settings.forNote(note.relative)})
}

export type ReadResult = {ok: true; bytes: Buffer} | {ok: false; reason: string}

export function readNote(absolute: string): ReadResult {
  try {
    const stat = fs.statSync(absolute)
    if (stat.isDirectory()) return {ok: false, reason: 'is a folder named like a note'}
    if (stat.size > MAX_NOTE_BYTES) {
      return {ok: false, reason: `File is too large to check (${(stat.size / 1048576).toFixed(1)} MB; the limit is ${MAX_NOTE_BYTES / 1048576} MB); split it into smaller notes or add it to .kblintignore`}
    }
    return {ok: true, bytes: fs.readFileSync(absolute)}
  } catch (error) {
    return {ok: false, reason: `Cannot read file: ${describeError(error)}`}
  }
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
