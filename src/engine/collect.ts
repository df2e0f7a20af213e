/**
 * Run the per-file phase over every note of a scan: each note is read,
 * looked up in the cache by content hash, and only on a miss parsed — on this
 * thread, joined by worker threads when there is enough work to pay for
 * starting them.
 *
 * Memory stays flat: without a warm cache nothing is read ahead (the parser
 * reads each note when it gets to it); with one, the bytes of changed notes
 * are kept only up to a budget, and the rest are read again when parsed.
 */
import fs from 'node:fs'
import os from 'node:os'
import {fileURLToPath} from 'node:url'
import type {Settings} from '../config/settings.js'
import type {LoadedConfig} from '../config/types.js'
import type {NoteSummary} from '../kb/model.js'
import type {SummaryCache} from '../incremental/cache.js'
import {hashBytes} from './content-hash.js'
import {parseNote, readNote, unreadableSummary, type NoteToParse} from './read-note.js'
import type {ScannedFile} from './scan.js'
import {attachEncodedReferences, encodeReferences, withoutReferences} from '../incremental/encoded-summary.js'
import type {WorkerResult, WorkerTask} from './worker.js'
import type {ParserName} from '../syntax/fast/index.js'

export {MAX_NOTE_BYTES, readNote, unreadableSummary} from './read-note.js'

/**
 * Below this many notes to parse, this thread parses alone: a worker costs a
 * module load and its own JIT warm-up (the first thousand notes a fresh
 * thread parses take about three times as long as the next), which a small
 * base does not earn back. One worker beside this thread, against this
 * thread alone, on generated bases (2 cores, median of 5 interleaved pairs,
 * bench/README.md): wall 1.28× at 1,000 notes, 1.11× at 2,000, 1.16× at
 * 3,000, 1.01–1.17× at 5,000, 0.97× at 7,500, 0.92× at 10,000; CPU always
 * 1.2–1.4×.
 */
const MIN_NOTES_FOR_WORKERS = 7500
/**
 * From this many notes to parse, summaries keep their links as encoded
 * bytes (incremental/encoded-summary.ts), as the workers send them,
 * whichever thread parsed the note: link objects would take a 100,000-note
 * check past its memory bound.
 */
const MIN_NOTES_TO_ENCODE = 2000
/** Notes per batch: large enough to amortise messaging, small enough to balance. */
const BATCH_SIZE = 64
/** Bytes of changed notes kept between the cache lookup and the parse. */
const KEEP_BYTES = 64 * 1024 * 1024

export interface CollectOptions {
  settings: Settings
  config: LoadedConfig
  cache?: SummaryCache
  /**
   * Threads that parse, this one included: `jobs - 1` workers join this
   * thread. Default: available cores. Under 7,500 notes to parse, this
   * thread parses alone.
   */
  jobs?: number
  onProgress?: (done: number, total: number) => void
  /** Keep each note's plain text in its summary (content index `--text`). */
  withText?: boolean
  /** The parser of the per-file phase (syntax/fast/index.ts). */
  parser?: ParserName
}

export interface CollectStats {
  cached: number
  parsed: number
  workers: number
  /** Parsed notes the fast parser handed to the reference parser. */
  fallbacks: number
}

interface Pending extends NoteToParse {
  index: number
}

export async function collectSummaries(
  notes: ScannedFile[],
  options: CollectOptions
): Promise<{summaries: NoteSummary[]; stats: CollectStats}> {
  const summaries: NoteSummary[] = new Array(notes.length)
  let done = 0
  const progress = () => options.onProgress?.(++done, notes.length)
  const pending =
    options.cache?.status === 'hit' ? lookUp(notes, options.cache, summaries, progress) : notes.map((note, index) => ({index, ...note}))

  const jobs = Math.max(1, options.jobs ?? os.availableParallelism())
  let fallbacks = 0
  const choice = {parser: options.parser, onFallback: () => fallbacks++}
  const batches: Pending[][] = []
  for (let start = 0; start < pending.length; start += BATCH_SIZE) batches.push(pending.slice(start, start + BATCH_SIZE))
  let next = 0
  const workers = WORKER_FILE && pending.length >= MIN_NOTES_FOR_WORKERS ? Math.min(jobs - 1, batches.length - 1) : 0

  const encode = pending.length >= MIN_NOTES_TO_ENCODE
  // This thread takes batches too: it needs no start and would otherwise
  // only wait, and a worker that is still starting takes none.
  const parseHere = async () => {
    while (next < batches.length) {
      for (const item of batches[next++]!) {
        const summary = parseNote(item, options.settings, options.withText, choice)
        // structuredClone copies the summary's strings, as postMessage does
        // for a worker's: they are slices of the note's text, and V8 keeps a
        // sliced string's whole parent alive (100,000 note texts, ≈ 1 GB).
        summaries[item.index] = encode
          ? attachEncodedReferences(structuredClone(withoutReferences(summary)), Buffer.from(encodeReferences(summary.references), 'utf8'))
          : summary
        progress()
      }
      // Let finished worker batches land (and progress be drawn) between batches.
      if (workers > 0) await new Promise((resolve) => setImmediate(resolve))
    }
  }

  if (workers <= 0) {
    await parseHere()
    return {summaries, stats: {cached: notes.length - pending.length, parsed: pending.length, workers: 0, fallbacks}}
  }
  // Imported only here: loading piscina (outside the bundle, with its
  // dependencies) took 40–60 ms of every run, which a base parsed on this
  // thread alone never needs.
  const {Piscina} = await import('piscina')
  const pool = new Piscina({
    filename: WORKER_FILE,
    minThreads: workers,
    maxThreads: workers,
    workerData: {config: options.config, withText: options.withText === true, parser: options.parser}
  })
  const parseInWorker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!
      const task: WorkerTask = {notes: batch.map(({index: _index, ...note}) => note)}
      const {heads, bytes, ends, fallbacks: batchFallbacks} = (await pool.run(task)) as WorkerResult
      fallbacks += batchFallbacks
      heads.forEach((head, position) => {
        const start = position === 0 ? 0 : ends[position - 1]!
        summaries[batch[position]!.index] = attachEncodedReferences(head, bytes.subarray(start, ends[position]!))
        progress()
      })
    }
  }
  // When one lane fails, the others take no further batch.
  const orStop = (lane: () => Promise<void>) => async () => {
    try {
      await lane()
    } catch (error) {
      next = batches.length
      throw error
    }
  }
  try {
    await Promise.all([orStop(parseHere)(), ...Array.from({length: workers}, orStop(parseInWorker))])
  } finally {
    await pool.destroy()
  }
  return {summaries, stats: {cached: notes.length - pending.length, parsed: pending.length, workers, fallbacks}}
}

/** Fill `summaries` from the cache; return the notes that must be parsed. */
function lookUp(notes: ScannedFile[], cache: SummaryCache, summaries: NoteSummary[], progress: () => void): Pending[] {
  const pending: Pending[] = []
  let kept = 0
  notes.forEach((note, index) => {
    const stat = fs.statSync(note.absolute, {throwIfNoEntry: false})
    const fresh = stat?.isFile() ? cache.unchanged(note.relative, stat) : undefined
    if (fresh) {
      summaries[index] = fresh
      progress()
      return
    }
    const read = readNote(note.absolute)
    if (!read.ok) {
      summaries[index] = unreadableSummary(note.relative, read.reason)
      progress()
      return
    }
    const hash = hashBytes(read.bytes)
    const cached = cache.get(note.relative, hash)
    if (cached) {
      summaries[index] = cached
      progress()
      return
    }
    const keep = kept + read.bytes.length <= KEEP_BYTES
    if (keep) kept += read.bytes.length
    pending.push({index, ...note, ...(keep ? {bytes: read.bytes, hash} : {})})
  })
  return pending
}

/**
 * The compiled worker: beside this module in `dist/engine/`, or below the
 * bundled CLI (`dist/cli.js` → `dist/engine/worker.js`). Running from
 * TypeScript sources (tests) there is none, and parsing stays on this
 * thread — same results.
 */
function workerModule(): string | undefined {
  return ['./worker.js', './engine/worker.js']
    .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
    .find((file) => fs.existsSync(file))
}

/** Looked up once, at load: a run only ever touches files of its base. */
const WORKER_FILE = workerModule()

/** One note through the per-file phase on this thread (templates, `init`). */
export function summarize(note: ScannedFile, settings: Settings, withText = false): NoteSummary {
  return parseNote(note, settings, withText)
}
