/**
 * The summary cache: one file holding the `NoteSummary` of every note, keyed
 * by the note's content hash, and — when the last run checked the whole base —
 * each note's base findings with the world fingerprint they were made under
 * (incremental/landmarks.ts). A warm run re-parses only notes whose bytes changed,
 * and re-checks only those when the world is unchanged; otherwise the
 * whole-base pass runs, on summaries.
 *
 * The file is valid only for the kb-lint version and config (hash) that wrote
 * it: anything else — another version, another config, a truncated or
 * corrupt file — is ignored and rebuilt, never trusted. Anything at the
 * cache location that is not a kb-lint cache file (another file, an empty
 * file, a device, a FIFO, a folder) is never opened for writing: the run
 * stops with a one-line `WriteError` before it starts.
 *
 * Layout: one line of JSON (the header: key, stats and each note's summary
 * without its references), a newline, then the encoded references of every
 * note back to back (incremental/encoded-summary.ts). A warm run parses only
 * the header; a note's references stay bytes until something reads them.
 */
import {createHash} from 'node:crypto'
import zlib from 'node:zlib'
import fs from 'node:fs'
import path from 'node:path'
import findCacheDirectory from 'find-cache-directory'
import type {Finding, NoteSummary} from '../kb/model.js'
import {WriteError, writeChunksSafely} from '../write/atomic-write.js'
import {
  attachEncodedDetails,
  attachEncodedReferences,
  encodedDetailsOf,
  encodedReferencesOf,
  packSpan,
  unpackSpan,
  withoutReferencesAndDetails,
  type PackedSpan
} from './encoded-summary.js'
import {landmarksOf, rememberLandmarks} from './landmarks.js'

const FORMAT = 'kb-lint-cache'
/** Every cache file starts with this, so a foreign file is recognised before parsing. */
const MAGIC = `{"format":"${FORMAT}"`
/** Bumped when the layout changes; an older file is then `stale`. */
const LAYOUT = 3

type PackedFinding = Omit<Finding, 'place'> & {place: PackedSpan}

interface CacheEntry {
  /** The summary without references and details; findings' places packed. */
  summary: Omit<NoteSummary, 'references' | 'findings' | 'headings' | 'blockIds' | 'frontmatter'> & {findings: PackedFinding[]}
  /** Where the note's encoded references are in the bytes after the header: [start, end). */
  references: [number, number]
  /** Where its encoded details (headings, block ids, frontmatter) are: [start, end). */
  details: [number, number]
  /** The note's landmark hash. */
  landmarks: string
  /** Base findings, when the file has a `world` (absent: none). */
  base?: PackedFinding[]
}

interface CacheHeader {
  format: typeof FORMAT
  layout: typeof LAYOUT
  /** kb-lint version + config hash + per-file options. */
  key: string
  /** Length of the bytes after the header line. */
  bytes: number
  /**
   * CRC-32 of those bytes (zlib's, as hex). They are decoded only when
   * read, maybe after the run has returned its result, so damage must be
   * caught when the file is opened. A CRC catches a torn or damaged file as
   * well as a cryptographic hash would (neither stops someone who can write
   * the file), at a tenth of sha1's cost: ≈ 15–25 ms against 40–140 ms for
   * the 47 MB of a 10,000-note base.
   */
  checksum: string
  /** The world fingerprint the base findings were made under; absent when they were not stored. */
  world?: string
  entries: Record<string, CacheEntry>
  /** Size and mtime of each note when its hash was last confirmed. */
  stats?: Record<string, [number, number]>
}

/**
 * A note whose size and mtime are unchanged since its hash was confirmed is
 * not read again. Only stats older than the run that records them by this
 * margin are recorded, so an edit within the same clock tick (coarse
 * file-system timestamps) can never be mistaken for "unchanged" (git's
 * racy-timestamp rule).
 */
const RACY_MS = 2000

/** Changed notes tolerated before the cache file is rewritten (see `needsSave`). */
const REWRITE_AFTER = 20

/** What the whole-base pass made, to store beside the summaries. */
export interface BaseResults {
  world: string
  /** Base findings of every note (a note without findings may be absent). */
  findings: ReadonlyMap<string, Finding[]>
}

export interface SummaryCache {
  location: string
  /** A cached summary for this note, if its bytes still hash the same. */
  get(relative: string, hash: string): NoteSummary | undefined
  /** A cached summary for this note, if its size and mtime are unchanged (no read needed). */
  unchanged(relative: string, stat: {size: number; mtimeMs: number}): NoteSummary | undefined
  /**
   * The stored base findings of an unchanged note, if they were made under
   * this world fingerprint (else undefined: the note must be checked).
   */
  baseFindings(note: NoteSummary, world: string): Finding[] | undefined
  /**
   * Save the summaries of this run (and only these: deleted notes drop out),
   * with the base findings when the run has them for every note. `root` and
   * `startedAt` let it record the notes' stats for `unchanged`.
   */
  save(summaries: NoteSummary[], root: string, startedAt: number, base?: BaseResults): Promise<void>
  /** Why the cache was not used, when it was not (for --debug). */
  status: 'hit' | 'empty' | 'stale' | 'corrupt' | 'foreign'
  /**
   * Whether this run should rewrite the file. Not when nothing changed, and
   * not for a handful of edited notes either: rewriting a whole base's cache
   * costs more than parsing those few notes again next time (their content
   * hash no longer matches, so they are never taken from the cache). The file
   * is rewritten once notes are added or removed, more than `REWRITE_AFTER`
   * (or 1 %) changed, many stats went stale (after a checkout), or the world
   * fingerprint moved (the next run could not reuse base findings).
   */
  needsSave(summaries: NoteSummary[], world?: string): boolean
}

/** Default location: `node_modules/.cache/kb-lint/` of the nearest package, else the OS cache folder. */
export function defaultCacheLocation(root: string, cwd: string): string {
  const directory =
    findCacheDirectory({name: 'kb-lint', cwd}) ??
    path.join(process.env.XDG_CACHE_HOME || path.join(process.env.HOME || cwd, '.cache'), 'kb-lint')
  // One file per base: the root's path names it.
  const name = createHash('sha1').update(root).digest('hex').slice(0, 12)
  return path.join(directory, `summaries-${name}.json`)
}

/** `discard`: a file found damaged while in use; ignore what it holds and rewrite it. */
export function openCache(location: string, key: string, options: {discard?: boolean} = {}): SummaryCache {
  const read: ReadCache = options.discard ? {status: 'corrupt', writable: true} : readCacheFile(location, key)
  const {status, writable} = read
  const entries: Record<string, CacheEntry> = read.header?.entries ?? {}
  const stats: Record<string, [number, number]> = read.header?.stats ?? {}
  const storedWorld = read.header?.world
  const bytes = read.bytes
  /** Summaries handed out, by path: each entry becomes one object once. */
  const handedOut = new Map<string, NoteSummary>()
  let unchangedHits = 0

  const summaryOf = (relative: string): NoteSummary | undefined => {
    let summary = handedOut.get(relative)
    if (summary) return summary
    const entry = Object.hasOwn(entries, relative) ? entries[relative] : undefined
    if (!entry || entry.summary.path !== relative || !bytes) return undefined
    const references = slice(bytes, entry.references)
    const details = slice(bytes, entry.details)
    if (!references || !details) return undefined
    // The parsed header entry becomes the summary (no copy: each is handed out once).
    const stored = entry.summary as unknown as NoteSummary
    if (!Array.isArray(entry.summary.findings)) return undefined
    stored.findings = entry.summary.findings.length === 0 ? [] : entry.summary.findings.map(unpackFinding)
    const head = attachEncodedDetails(stored as Omit<NoteSummary, 'references' | 'headings' | 'blockIds' | 'frontmatter'>, details)
    summary = attachEncodedReferences(head, references)
    rememberLandmarks(summary, entry.landmarks)
    handedOut.set(relative, summary)
    return summary
  }

  return {
    location,
    status,
    get(relative, hash) {
      const summary = summaryOf(relative)
      return summary && summary.hash === hash ? summary : undefined
    },
    unchanged(relative, stat) {
      const known = Object.hasOwn(stats, relative) ? stats[relative] : undefined
      if (!known || known[0] !== stat.size || known[1] !== stat.mtimeMs) return undefined
      const summary = summaryOf(relative)
      if (summary) unchangedHits++
      return summary
    },
    baseFindings(note, world) {
      if (storedWorld === undefined || storedWorld !== world) return undefined
      // Only the very summary this cache handed out is unchanged.
      if (handedOut.get(note.path) !== note) return undefined
      return (entries[note.path]!.base ?? []).map(unpackFinding)
    },
    needsSave(all, world) {
      // Unreadable notes (no hash) are never stored.
      const summaries = all.filter((summary) => summary.hash)
      if (status !== 'hit' || Object.keys(entries).length !== summaries.length) return true
      if (world !== undefined && world !== storedWorld) return true
      let changed = 0
      for (const summary of summaries) {
        const entry = Object.hasOwn(entries, summary.path) ? entries[summary.path] : undefined
        if (!entry) return true
        if (entry.summary.hash !== summary.hash) changed++
      }
      const allowance = Math.max(REWRITE_AFTER, Math.floor(summaries.length / 100))
      const restated = summaries.length - unchangedHits - changed
      return changed > allowance || restated > allowance
    },
    async save(summaries, root, startedAt, base) {
      if (!writable) return
      const next: Record<string, CacheEntry> = {}
      const nextStats: Record<string, [number, number]> = {}
      // The encoded bytes of each note, written after the header one after
      // another: a 100,000-note cache is ≈ 550 MB, never joined in memory.
      const parts: Uint8Array[] = []
      let crc = 0
      let offset = 0
      for (const summary of summaries) {
        // Unreadable notes have no hash; they are read again next time.
        if (!summary.hash) continue
        const references = encodedReferencesOf(summary)
        const details = encodedDetailsOf(summary)
        parts.push(references, details)
        crc = zlib.crc32(details, zlib.crc32(references, crc))
        const head = withoutReferencesAndDetails(summary)
        const entry: CacheEntry = {
          summary: {...head, findings: summary.findings.map(packFinding)},
          references: [offset, offset + references.length],
          details: [offset + references.length, offset + references.length + details.length],
          landmarks: landmarksOf(summary)
        }
        offset += references.length + details.length
        const found = base?.findings.get(summary.path)
        if (found && found.length > 0) entry.base = found.map(packFinding)
        next[summary.path] = entry
        const stat = fs.statSync(path.join(root, summary.path), {throwIfNoEntry: false})
        if (stat && stat.mtimeMs < startedAt - RACY_MS) nextStats[summary.path] = [stat.size, stat.mtimeMs]
      }
      const header: CacheHeader = {
        format: FORMAT,
        layout: LAYOUT,
        key,
        bytes: offset,
        checksum: crcText(crc),
        entries: next,
        stats: nextStats
      }
      if (base) header.world = base.world
      fs.mkdirSync(path.dirname(location), {recursive: true})
      // Swapped for something else during the run: leave it alone.
      const now = fs.statSync(location, {throwIfNoEntry: false})
      if (now && (!now.isFile() || now.size === 0)) return
      writeChunksSafely(location, [Buffer.from(JSON.stringify(header) + '\n', 'utf8'), ...parts])
    }
  }
}

interface ReadCache {
  status: SummaryCache['status']
  writable: boolean
  header?: CacheHeader
  /** The bytes after the header line. */
  bytes?: Buffer
}

function readCacheFile(location: string, key: string): ReadCache {
  const file = readCacheBytes(location)
  if (!file) return {status: 'empty', writable: true}
  if (!file.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC))) refuseLocation(location, 'a file that is not a kb-lint cache')
  const newline = file.indexOf(10)
  let header: CacheHeader
  try {
    header = JSON.parse(file.toString('utf8', 0, newline === -1 ? file.length : newline)) as CacheHeader
  } catch {
    return {status: 'corrupt', writable: true}
  }
  if (header.layout !== LAYOUT || header.key !== key) return {status: 'stale', writable: true}
  const bytes = file.subarray(newline + 1)
  if (
    newline === -1 ||
    !header.entries ||
    typeof header.entries !== 'object' ||
    header.bytes !== bytes.length ||
    header.checksum !== checksum(bytes)
  ) {
    return {status: 'corrupt', writable: true}
  }
  if (!header.stats || typeof header.stats !== 'object') header.stats = {}
  return {status: 'hit', writable: true, header, bytes}
}

/**
 * The bytes at the cache location; undefined when nothing is there. Only a
 * regular file is ever opened: a device, FIFO (reading one blocks for ever)
 * or folder is refused from its `stat`, and an empty file is nobody's cache
 * (kb-lint never leaves one: its writes are renamed in whole).
 */
function readCacheBytes(location: string): Buffer | undefined {
  let stat: fs.Stats | undefined
  try {
    stat = fs.statSync(location, {throwIfNoEntry: false})
  } catch (error) {
    refuseLocation(location, `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  if (!stat) return undefined
  if (!stat.isFile()) refuseLocation(location, fileKind(stat))
  if (stat.size === 0) refuseLocation(location, 'an empty file, not a kb-lint cache')
  // Non-blocking open and a second look: the path may have been swapped for a FIFO since the stat.
  let descriptor: number | undefined
  try {
    descriptor = fs.openSync(location, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK)
    const opened = fs.fstatSync(descriptor)
    if (!opened.isFile()) refuseLocation(location, fileKind(opened))
    return fs.readFileSync(descriptor)
  } catch (error) {
    if (error instanceof WriteError) throw error
    return undefined
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor)
  }
}

function refuseLocation(location: string, what: string): never {
  throw new WriteError(
    `cannot use ${location} as the cache: it is ${what}; give another --cache-location, or --no-cache`,
    'EEXIST',
    location
  )
}

function fileKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder'
  if (stat.isFIFO()) return 'a FIFO (named pipe)'
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device'
  if (stat.isSocket()) return 'a socket'
  return 'not a regular file'
}

function checksum(bytes: Uint8Array): string {
  return crcText(zlib.crc32(bytes))
}

function crcText(crc: number): string {
  return crc.toString(16).padStart(8, '0')
}

/** The bytes at `[start, end)`, if that range is well formed and inside. */
function slice(bytes: Buffer, range: unknown): Buffer | undefined {
  if (!Array.isArray(range)) return undefined
  const [start, end] = range as unknown[]
  if (!(Number.isInteger(start) && Number.isInteger(end))) return undefined
  if (!((start as number) >= 0 && (start as number) <= (end as number) && (end as number) <= bytes.length)) return undefined
  return bytes.subarray(start as number, end as number)
}

function packFinding(finding: Finding): PackedFinding {
  return {...finding, place: packSpan(finding.place)}
}

function unpackFinding(finding: PackedFinding): Finding {
  return {...finding, place: unpackSpan(finding.place)}
}
