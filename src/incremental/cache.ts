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
 * Layout: three parts, the first two one line of JSON each:
 * - the preamble: format, layout, key, and the length and CRC-32 of the
 *   header line — a stale file is recognised from its first line alone;
 * - the header: the world, and by path each note's summary without its
 *   path, id, references and details, with where those are in the body,
 *   their CRC-32, and the note's size and mtime. It holds only what a warm
 *   run reads of every note: decoding and parsing it is most of such a run
 *   (7.2 MB for 10,000 notes in layout 4, 3.6 MB now; bench/README.md);
 * - the body: the encoded references and details of every note back to back
 *   (incremental/encoded-summary.ts).
 * A warm run reads and parses the preamble and the header. The body is not
 * read: a note's range is read, and its checksum checked, only when its
 * references or details are wanted — after one edit at 10,000 notes, a few
 * notes' ranges instead of 54 MB (bench/README.md). The file stays open
 * until no summary needs it (the kernel keeps the bytes of the file that was
 * opened even when a later run renames a new one into place).
 *
 * A range whose checksum fails is never trusted: the note is parsed again
 * from disk (`reparse`), and the file is rewritten at the end of the run.
 */
import {createHash} from 'node:crypto'
import zlib from 'node:zlib'
import fs from 'node:fs'
import path from 'node:path'
import findCacheDirectory from 'find-cache-directory'
import type {Finding, NoteSummary} from '../kb/model.js'
import {WriteError, writeChunksSafely} from '../write/atomic-write.js'
import {
  EncodedSummaryError,
  attachEncodedDetails,
  attachEncodedReferences,
  encodedDetailsOf,
  encodedReferencesOf,
  optionalDetailsOf,
  packSpan,
  unpackSpan,
  withoutReferencesAndDetails,
  type DetailField,
  type PackedSpan
} from './encoded-summary.js'
import {landmarksOf, rememberLandmarks} from './landmarks.js'
import {noteIdFromPath} from '../kb/paths.js'

const FORMAT = 'kb-lint-cache'
/** Every cache file starts with this, so a foreign file is recognised before parsing. */
const MAGIC = `{"format":"${FORMAT}"`
/** Bumped when the layout changes; an older file is then `stale`. */
const LAYOUT = 5
/** The preamble is short (its longest part is the key); more than this is not a cache file. */
const PREAMBLE_MAX = 4096

type PackedFinding = Omit<Finding, 'place'> & {place: PackedSpan}

interface CacheEntry {
  /**
   * The summary without references and details, and without its path and
   * id (the entry's key gives both); findings' places packed.
   */
  summary: Omit<NoteSummary, 'path' | 'id' | 'references' | 'findings' | DetailField> & {findings: PackedFinding[]}
  /** Where the note's encoded references are in the bytes after the header: [start, end). */
  references: [number, number]
  /** Where its encoded details (headings, block ids, frontmatter, title, description, tags) are: [start, end), right after the references. */
  details: [number, number]
  /** Which optional details the note has (`optionalDetailsOf`); absent: none. */
  optional?: number
  /** CRC-32 of the note's references and details (zlib's, as hex). */
  checksum: string
  /** The note's landmark hash. */
  landmarks: string
  /** Base findings, when the file has a `world` (absent: none). */
  base?: PackedFinding[]
  /** Size and mtime of the note when its hash was last confirmed. */
  stat?: [number, number]
}

/** The first line: what the file is, and how long its header is. */
interface CachePreamble {
  format: typeof FORMAT
  layout: typeof LAYOUT
  /** kb-lint version + config hash + per-file options. */
  key: string
  /** Length of the header line, without its newline. */
  header: number
  /**
   * CRC-32 of the header line (zlib's, as hex). The body's ranges carry
   * their own. A CRC catches a torn or damaged file as well as a
   * cryptographic hash would (neither stops someone who can write the
   * file), at a tenth of sha1's cost.
   */
  headerChecksum: string
  /** Length of the body: the bytes after the header line. */
  bytes: number
}

interface CacheHeader {
  /** The world fingerprint the base findings were made under; absent when they were not stored. */
  world?: string
  /** By the note's path. */
  entries: Record<string, CacheEntry>
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
  /** Notes whose bytes in the file were found damaged and were parsed again (see `OpenCacheOptions.reparse`). */
  readonly repaired: number
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

export interface OpenCacheOptions {
  /** A file found damaged while in use: ignore what it holds and rewrite it. */
  discard?: boolean
  /**
   * The note's summary made again from disk, for a range of the body whose
   * checksum fails (the same per-file phase and options as the cached one).
   * Without it, such a range throws `EncodedSummaryError`.
   */
  reparse?: (relative: string) => NoteSummary | undefined
}

export function openCache(location: string, key: string, options: OpenCacheOptions = {}): SummaryCache {
  const read: ReadCache = options.discard ? {status: 'corrupt', writable: true} : readCacheFile(location, key)
  const {status, writable, body} = read
  const entries: Record<string, CacheEntry> = read.header?.entries ?? {}
  const storedWorld = read.header?.world
  /** Summaries handed out, by path: each entry becomes one object once. */
  const handedOut = new Map<string, NoteSummary>()
  let unchangedHits = 0
  let repaired = 0

  /** A note's references and details from the body, checked against the entry's checksum. */
  const fetchEntry = (relative: string, entry: CacheEntry, [start, middle, end]: EntryRange): FetchedEntry => {
    const bytes = body!.read(start, end)
    if (checksum(bytes) === entry.checksum) return {references: bytes.subarray(0, middle - start), details: bytes.subarray(middle - start)}
    const fresh = options.reparse?.(relative)
    // Parsed again, the note must be the one the header describes.
    if (!fresh || fresh.hash !== entry.summary.hash) {
      throw new EncodedSummaryError(`the cache file ${location} is damaged (the bytes of ${relative})`)
    }
    repaired++
    return {references: encodedReferencesOf(fresh), details: encodedDetailsOf(fresh)}
  }

  const summaryOf = (relative: string): NoteSummary | undefined => {
    let summary = handedOut.get(relative)
    if (summary) return summary
    const entry = Object.hasOwn(entries, relative) ? entries[relative] : undefined
    if (!entry || !body) return undefined
    const range = entryRange(entry, body.size)
    if (!range || !Array.isArray(entry.summary.findings)) return undefined
    // The parsed header entry becomes the summary (no copy: each is handed out once).
    const stored = entry.summary as unknown as Omit<NoteSummary, 'references' | DetailField>
    stored.path = relative
    stored.id = noteIdFromPath(relative)
    stored.findings = entry.summary.findings.length === 0 ? [] : entry.summary.findings.map(unpackFinding)
    // One read serves both the references and the details, whichever is wanted first.
    let fetched: FetchedEntry | undefined
    const fetch = (): FetchedEntry => (fetched ??= fetchEntry(relative, entry, range))
    const head = attachEncodedDetails(stored, () => fetch().details, typeof entry.optional === 'number' ? entry.optional : 0)
    summary = attachEncodedReferences(head, () => fetch().references)
    rememberLandmarks(summary, entry.landmarks)
    handedOut.set(relative, summary)
    return summary
  }

  return {
    location,
    status,
    get repaired() {
      return repaired
    },
    get(relative, hash) {
      const summary = summaryOf(relative)
      return summary && summary.hash === hash ? summary : undefined
    },
    unchanged(relative, stat) {
      const known = Object.hasOwn(entries, relative) ? entries[relative]!.stat : undefined
      if (!Array.isArray(known) || known[0] !== stat.size || known[1] !== stat.mtimeMs) return undefined
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
      if (status !== 'hit' || repaired > 0 || Object.keys(entries).length !== summaries.length) return true
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
      // The encoded bytes of each note, written after the header one after
      // another: a 100,000-note cache is ≈ 550 MB, never joined in memory.
      const parts: Uint8Array[] = []
      let offset = 0
      for (const summary of summaries) {
        // Unreadable notes have no hash; they are read again next time.
        if (!summary.hash) continue
        const references = encodedReferencesOf(summary)
        const details = encodedDetailsOf(summary)
        parts.push(references, details)
        const {path: _path, id: _id, ...head} = withoutReferencesAndDetails(summary)
        const entry: CacheEntry = {
          summary: {...head, findings: summary.findings.map(packFinding)},
          references: [offset, offset + references.length],
          details: [offset + references.length, offset + references.length + details.length],
          checksum: crcText(zlib.crc32(details, zlib.crc32(references))),
          landmarks: landmarksOf(summary)
        }
        offset += references.length + details.length
        const optional = optionalDetailsOf(summary)
        if (optional !== 0) entry.optional = optional
        const found = base?.findings.get(summary.path)
        if (found && found.length > 0) entry.base = found.map(packFinding)
        const stat = fs.statSync(path.join(root, summary.path), {throwIfNoEntry: false})
        if (stat && stat.mtimeMs < startedAt - RACY_MS) entry.stat = [stat.size, stat.mtimeMs]
        next[summary.path] = entry
      }
      const header: CacheHeader = {entries: next}
      if (base) header.world = base.world
      const headerBytes = Buffer.from(JSON.stringify(header), 'utf8')
      const preamble: CachePreamble = {
        format: FORMAT,
        layout: LAYOUT,
        key,
        header: headerBytes.length,
        headerChecksum: checksum(headerBytes),
        bytes: offset
      }
      fs.mkdirSync(path.dirname(location), {recursive: true})
      // Swapped for something else during the run: leave it alone.
      const now = fs.statSync(location, {throwIfNoEntry: false})
      if (now && (!now.isFile() || now.size === 0)) return
      writeChunksSafely(location, [Buffer.from(JSON.stringify(preamble) + '\n', 'utf8'), headerBytes, NEWLINE, ...parts])
    }
  }
}

const NEWLINE = Buffer.from('\n')

interface FetchedEntry {
  references: Uint8Array
  details: Uint8Array
}

/** An entry's references start, where its details start, and where they end. */
type EntryRange = [number, number, number]

/** The entry's range in a body of `size` bytes, if well formed: references, then details right after. */
function entryRange(entry: CacheEntry, size: number): EntryRange | undefined {
  const [start, middle] = Array.isArray(entry.references) ? (entry.references as unknown[]) : []
  const [detailsStart, end] = Array.isArray(entry.details) ? (entry.details as unknown[]) : []
  if (!(Number.isInteger(start) && Number.isInteger(middle) && Number.isInteger(end) && typeof entry.checksum === 'string'))
    return undefined
  const range = [start, middle, end] as EntryRange
  if (!(range[0] >= 0 && range[0] <= range[1] && detailsStart === range[1] && range[1] <= range[2] && range[2] <= size)) return undefined
  return range
}

/**
 * The body of an open cache file. Its descriptor stays open while any
 * summary may still read from it, and is closed once none can.
 */
class CacheBody {
  constructor(
    private readonly descriptor: number,
    /** Where the body starts in the file. */
    private readonly offset: number,
    readonly size: number
  ) {
    closeWhenUnused.register(this, descriptor)
  }

  /** The body's bytes at `[start, end)`; shorter only if the file was cut short. */
  read(start: number, end: number): Buffer {
    return readAt(this.descriptor, this.offset + start, end - start)
  }
}

const closeWhenUnused = new FinalizationRegistry<number>((descriptor) => {
  try {
    fs.closeSync(descriptor)
  } catch {
    // Already closed: nothing to free.
  }
})

interface ReadCache {
  status: SummaryCache['status']
  writable: boolean
  header?: CacheHeader
  body?: CacheBody
}

function readCacheFile(location: string, key: string): ReadCache {
  const descriptor = openCacheFile(location)
  if (descriptor === undefined) return {status: 'empty', writable: true}
  let keepOpen = false
  try {
    const size = fs.fstatSync(descriptor).size
    const first = readAt(descriptor, 0, Math.min(size, PREAMBLE_MAX))
    if (!first.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC))) refuseLocation(location, 'a file that is not a kb-lint cache')
    const newline = first.indexOf(10)
    const preamble = newline === -1 ? undefined : (parseJson(first.toString('utf8', 0, newline)) as CachePreamble | undefined)
    if (!preamble) return {status: 'corrupt', writable: true}
    if (preamble.layout !== LAYOUT || preamble.key !== key) return {status: 'stale', writable: true}
    const headerStart = newline + 1
    const bodyStart = headerStart + preamble.header + 1
    if (!Number.isInteger(preamble.header) || !Number.isInteger(preamble.bytes) || bodyStart + preamble.bytes !== size) {
      return {status: 'corrupt', writable: true}
    }
    const headerBytes = readAt(descriptor, headerStart, preamble.header + 1)
    if (headerBytes[preamble.header] !== 10 || checksum(headerBytes.subarray(0, preamble.header)) !== preamble.headerChecksum) {
      return {status: 'corrupt', writable: true}
    }
    const header = parseJson(headerBytes.toString('utf8', 0, preamble.header)) as CacheHeader | undefined
    if (!header?.entries || typeof header.entries !== 'object') return {status: 'corrupt', writable: true}
    keepOpen = true
    return {status: 'hit', writable: true, header, body: new CacheBody(descriptor, bodyStart, preamble.bytes)}
  } catch (error) {
    if (error instanceof WriteError) throw error
    return {status: 'empty', writable: true}
  } finally {
    if (!keepOpen) fs.closeSync(descriptor)
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * A descriptor for the file at the cache location; undefined when nothing is
 * there (or it cannot be opened). Only a regular file is ever opened: a
 * device, FIFO (reading one blocks for ever) or folder is refused from its
 * `stat`, and an empty file is nobody's cache (kb-lint never leaves one: its
 * writes are renamed in whole).
 */
function openCacheFile(location: string): number | undefined {
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
    return descriptor
  } catch (error) {
    if (descriptor !== undefined) fs.closeSync(descriptor)
    if (error instanceof WriteError) throw error
    return undefined
  }
}

/** `length` bytes of the file from `position` (fewer at its end). */
function readAt(descriptor: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length)
  let filled = 0
  while (filled < length) {
    const count = fs.readSync(descriptor, buffer, filled, length - filled, position + filled)
    if (count === 0) break
    filled += count
  }
  return filled === length ? buffer : buffer.subarray(0, filled)
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

function packFinding(finding: Finding): PackedFinding {
  return {...finding, place: packSpan(finding.place)}
}

function unpackFinding(finding: PackedFinding): Finding {
  return {...finding, place: unpackSpan(finding.place)}
}
