/**
 * `check --stdin --stdin-filename NOTE`: check text from standard input as
 * if it were NOTE of the base (for editors with unsaved buffers, and
 * scripts). The rest of the base is read from disk (through the cache when
 * there is one, never writing it), NOTE's links resolve against it, and only
 * NOTE is reported. NOTE need not exist yet; nothing is written.
 */
import fs from 'node:fs'
import path from 'node:path'
import {openCache, defaultCacheLocation} from '../incremental/cache.js'
import {collectSummaries} from '../engine/collect.js'
import {cacheKey, finish, prepare, reparseFromDisk, type LintResult} from '../engine/lint.js'
import {parseNote} from '../engine/read-note.js'
import {EncodedSummaryError} from '../incremental/encoded-summary.js'
import type {ScanResult} from '../engine/scan.js'
import {UsageError} from './errors.js'
import {noteInBase} from './note-argument.js'

export interface StdinOptions {
  root: string
  filename: string | undefined
  configFile?: string
  /** `true` (default location) or a cache file; false: parse every note. */
  cache: boolean | string
  jobs?: number
  /** The text; default: all of standard input. */
  input?: () => Promise<Buffer>
}

/** The lint result holding only the stdin note (`files` is empty when the base ignores it). */
export async function lintStdin(options: StdinOptions): Promise<{result: LintResult; ignored: boolean}> {
  if (!options.filename) throw new UsageError('--stdin needs --stdin-filename NOTE: the note of the base the text stands for')
  const relative = noteInBase(options.root, options.filename, '--stdin-filename')
  const bytes = await (options.input ?? readStandardInput)()
  const prepared = await prepare({root: options.root, configFile: options.configFile})
  const {scan} = prepared
  const absolute = path.join(scan.root, relative)
  const known = scan.notes.some((note) => note.relative === relative)
  if (!known && fs.existsSync(absolute)) {
    // On disk but not scanned: ignored by .gitignore, .kblintignore or `ignore`.
    return {result: finish(prepared, [], {cached: 0, parsed: 0, workers: 0, fallbacks: 0}), ignored: true}
  }
  if (!known) addNote(scan, relative, absolute)

  const others = scan.notes.filter((note) => note.relative !== relative)
  const check = async (cache: StdinOptions['cache']) => {
    const summaries = await summariesOf(others, prepared, {...options, cache})
    summaries.push(parseNote({relative, absolute, bytes}, prepared.settings))
    // Same order as a scan: stable output, same resolution of ambiguous names.
    summaries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    return finish(prepared, summaries, {cached: 0, parsed: summaries.length, workers: 0, fallbacks: 0})
  }
  let result: LintResult
  try {
    result = await check(options.cache)
  } catch (error) {
    // A damaged cache file (found while decoding) is not trusted: once more without it.
    if (!(error instanceof EncodedSummaryError) || !options.cache) throw error
    result = await check(false)
  }
  const keep = result.findings.map((entry, index) => (entry.relative === relative ? index : -1)).filter((index) => index !== -1)
  result.files = keep.map((index) => result.files[index]!)
  result.findings = keep.map((index) => result.findings[index]!)
  return {result, ignored: false}
}

function summariesOf(notes: ScanResult['notes'], prepared: Awaited<ReturnType<typeof prepare>>, options: StdinOptions) {
  const location = typeof options.cache === 'string' ? path.resolve(options.cache) : defaultCacheLocation(prepared.scan.root, prepared.cwd)
  // Read only: this run's text is not the note on disk, so the cache is never written.
  const cache = options.cache ? openCache(location, cacheKey(prepared.settings), {reparse: reparseFromDisk(prepared)}) : undefined
  return collectSummaries(notes, {settings: prepared.settings, config: prepared.config, cache, jobs: options.jobs}).then(
    ({summaries}) => summaries
  )
}

/** A note that is not on disk yet joins the scan, with its folders. */
function addNote(scan: ScanResult, relative: string, absolute: string): void {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  scan.notes.push({relative, absolute})
  scan.notes.sort((a, b) => compare(a.relative, b.relative))
  scan.files.push(relative)
  scan.files.sort(compare)
  const parts = relative.split('/').slice(0, -1)
  for (let depth = 1; depth <= parts.length; depth++) {
    const folder = parts.slice(0, depth).join('/')
    if (!scan.folders.includes(folder)) scan.folders.push(folder)
  }
  scan.folders.sort(compare)
}

function readStandardInput(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk))
    process.stdin.on('end', () => resolve(Buffer.concat(chunks)))
    process.stdin.on('error', reject)
  })
}
