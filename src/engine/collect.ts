/**
 * Run the per-file phase over every note of a scan. This is the only place
 * that reads notes: each file is read once, hashed, looked up in the cache,
 * and only on a miss parsed — on this thread, or in a pool of worker threads
 * when there is enough work to pay for starting them.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import {fileURLToPath} from 'node:url'
import {Piscina} from 'piscina'
import type {Settings} from '../config/settings.js'
import type {LoadedConfig} from '../config/types.js'
import type {NoteSummary} from '../kb/model.js'
import {noteIdFromPath} from '../kb/paths.js'
import {analyzeNote, engineFinding} from './analyze.js'
import type {SummaryCache} from './cache.js'
import {describeError, type ScannedFile} from './scan.js'
import type {WorkerTask} from './worker.js'

/** Notes larger than this are reported, not parsed (bounded time and memory). */
export const MAX_NOTE_BYTES = 5 * 1024 * 1024

/** Below this many notes to parse, starting workers costs more than it saves. */
const MIN_NOTES_FOR_WORKERS = 200
/** Notes per worker task: large enough to amortise messaging, small enough to balance. */
const BATCH_SIZE = 64

export interface CollectOptions {
  settings: Settings
  config: LoadedConfig
  cache?: SummaryCache
  /** Worker threads; 1 parses on this thread. Default: available cores. */
  jobs?: number
  onProgress?: (done: number, total: number) => void
  /** Keep each note's plain text in its summary (content index `--text`). */
  withText?: boolean
}

export interface CollectStats {
  cached: number
  parsed: number
  workers: number
}

export async function collectSummaries(notes: ScannedFile[], options: CollectOptions): Promise<{summaries: NoteSummary[]; stats: CollectStats}> {
  const summaries: NoteSummary[] = new Array(notes.length)
  const misses: Array<{index: number; relative: string; bytes: Buffer; hash: string}> = []
  let done = 0
  const progress = () => options.onProgress?.(++done, notes.length)

  notes.forEach((note, index) => {
    const read = readNote(note.absolute)
    if (!read.ok) {
      summaries[index] = unreadableSummary(note.relative, read.reason)
      progress()
      return
    }
    const hash = hashBytes(read.bytes)
    const cached = options.cache?.get(note.relative, hash)
    if (cached) {
      summaries[index] = cached
      progress()
    } else {
      misses.push({index, relative: note.relative, bytes: read.bytes, hash})
    }
  })

  const jobs = Math.max(1, options.jobs ?? os.availableParallelism())
  const workerFile = workerModule()
  let workers = 0
  if (jobs > 1 && workerFile && misses.length >= MIN_NOTES_FOR_WORKERS) {
    workers = Math.min(jobs, Math.ceil(misses.length / BATCH_SIZE))
    const pool = new Piscina({filename: workerFile, minThreads: workers, maxThreads: workers, workerData: {config: options.config, withText: options.withText === true}})
    try {
      const batches: Array<typeof misses> = []
      for (let start = 0; start < misses.length; start += BATCH_SIZE) batches.push(misses.slice(start, start + BATCH_SIZE))
      await Promise.all(
        batches.map(async (batch) => {
          const task: WorkerTask = {notes: batch.map(({relative, bytes, hash}) => ({relative, bytes, hash}))}
          const results = (await pool.run(task)) as NoteSummary[]
          results.forEach((summary, position) => {
            summaries[batch[position]!.index] = summary
            progress()
          })
        })
      )
    } finally {
      await pool.destroy()
    }
  } else {
    for (const miss of misses) {
      summaries[miss.index] = analyzeNote({relative: miss.relative, bytes: miss.bytes, hash: miss.hash, config: options.settings.forNote(miss.relative), withText: options.withText})
      progress()
    }
  }
  return {summaries, stats: {cached: notes.length - misses.length, parsed: misses.length, workers}}
}

/**
 * The compiled worker beside this module. Running from TypeScript sources
 * (tests) there is none, and parsing stays on this thread — same results.
 */
function workerModule(): string | undefined {
  const file = fileURLToPath(new URL('./worker.js', import.meta.url))
  return fs.existsSync(file) ? file : undefined
}

/** One note through the per-file phase on this thread (templates, `init`). */
export function summarize(note: ScannedFile, settings: Settings, withText = false): NoteSummary {
  const read = readNote(note.absolute)
  if (!read.ok) return unreadableSummary(note.relative, read.reason)
  return analyzeNote({relative: note.relative, bytes: read.bytes, config: settings.forNote(note.relative), withText})
}

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex')
}

export type ReadResult = {ok: true; bytes: Buffer} | {ok: false; reason: string}

export function readNote(absolute: string): ReadResult {
  try {
    const stat = fs.statSync(absolute)
    if (stat.isDirectory()) return {ok: false, reason: 'is a folder named like a note'}
    if (stat.size > MAX_NOTE_BYTES) {
      return {ok: false, reason: `File is too large to check (${(stat.size / 1048576).toFixed(1)} MB; the limit is ${MAX_NOTE_BYTES / 1048576} MB)`}
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
