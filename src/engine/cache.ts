/**
 * The summary cache: one file holding the `NoteSummary` of every note, keyed
 * by the note's content hash. A warm run re-parses only notes whose bytes
 * changed; the whole-base pass always runs, on summaries.
 *
 * The file is valid only for the kb-lint version and config (hash) that wrote
 * it: anything else — another version, another config, a truncated or
 * corrupt file — is ignored and rebuilt, never trusted. A file at the cache
 * location that is not a kb-lint cache at all is left alone (never
 * overwritten) and the run goes on without a cache.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import findCacheDirectory from 'find-cache-directory'
import type {NoteSummary, Reference, Span} from '../kb/model.js'
import {writeFileSafely} from './atomic-write.js'

const FORMAT = 'kb-lint-cache'
/** Every cache file starts with this, so a foreign file is recognised before parsing. */
const MAGIC = `{"format":"${FORMAT}"`

interface CacheFile {
  format: typeof FORMAT
  /** kb-lint version + config hash + per-file options. */
  key: string
  entries: Record<string, NoteSummary>
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

export interface SummaryCache {
  location: string
  /** A cached summary for this note, if its bytes still hash the same. */
  get(relative: string, hash: string): NoteSummary | undefined
  /** A cached summary for this note, if its size and mtime are unchanged (no read needed). */
  unchanged(relative: string, stat: {size: number; mtimeMs: number}): NoteSummary | undefined
  /**
   * Save the summaries of this run (and only these: deleted notes drop out).
   * `root` and `startedAt` let it record the notes' stats for `unchanged`.
   */
  save(summaries: NoteSummary[], root: string, startedAt: number): Promise<void>
  /** Why the cache was not used, when it was not (for --debug). */
  status: 'hit' | 'empty' | 'stale' | 'corrupt' | 'foreign'
  /**
   * Whether this run should rewrite the file. Not when nothing changed, and
   * not for a handful of edited notes either: rewriting a whole base's cache
   * costs more than parsing those few notes again next time (their content
   * hash no longer matches, so they are never taken from the cache). The file
   * is rewritten once notes are added or removed, more than `REWRITE_AFTER`
   * (or 1 %) changed, or many stats went stale (after a checkout).
   */
  needsSave(summaries: NoteSummary[]): boolean
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

export function openCache(location: string, key: string): SummaryCache {
  let entries: Record<string, NoteSummary> = {}
  let stats: Record<string, [number, number]> = {}
  let unchangedHits = 0
  let status: SummaryCache['status'] = 'empty'
  let writable = true
  let text: string | undefined
  try {
    text = fs.readFileSync(location, 'utf8')
  } catch {
    // No cache yet.
  }
  if (text !== undefined && text.length > 0) {
    if (!text.startsWith(MAGIC)) {
      status = 'foreign'
      writable = false
    } else {
      try {
        const data = JSON.parse(text) as CacheFile
        if (data.key === key && data.entries && typeof data.entries === 'object') {
          entries = data.entries
          for (const entry of Object.values(entries)) unpack(entry)
          stats = data.stats && typeof data.stats === 'object' ? data.stats : {}
          status = 'hit'
        } else {
          status = 'stale'
        }
      } catch {
        status = 'corrupt'
      }
    }
  }

  return {
    location,
    status,
    get(relative, hash) {
      const entry = Object.hasOwn(entries, relative) ? entries[relative] : undefined
      return entry && entry.hash === hash && entry.path === relative ? entry : undefined
    },
    unchanged(relative, stat) {
      const known = Object.hasOwn(stats, relative) ? stats[relative] : undefined
      if (!known || known[0] !== stat.size || known[1] !== stat.mtimeMs) return undefined
      const entry = Object.hasOwn(entries, relative) ? entries[relative] : undefined
      if (entry && entry.path === relative) unchangedHits++
      return entry && entry.path === relative ? entry : undefined
    },
    needsSave(all) {
      // Unreadable notes (no hash) are never stored.
      const summaries = all.filter((summary) => summary.hash)
      if (status !== 'hit' || Object.keys(entries).length !== summaries.length) return true
      let changed = 0
      for (const summary of summaries) {
        const entry = Object.hasOwn(entries, summary.path) ? entries[summary.path] : undefined
        if (!entry) return true
        if (entry.hash !== summary.hash) changed++
      }
      const allowance = Math.max(REWRITE_AFTER, Math.floor(summaries.length / 100))
      const restated = summaries.length - unchangedHits - changed
      return changed > allowance || restated > allowance
    },
    async save(summaries, root, startedAt) {
      if (!writable) return
      const next: Record<string, NoteSummary> = {}
      const nextStats: Record<string, [number, number]> = {}
      for (const summary of summaries) {
        // Unreadable notes have no hash; they are read again next time.
        if (!summary.hash) continue
        next[summary.path] = pack(summary)
        const stat = fs.statSync(path.join(root, summary.path), {throwIfNoEntry: false})
        if (stat && stat.mtimeMs < startedAt - RACY_MS) nextStats[summary.path] = [stat.size, stat.mtimeMs]
      }
      const body: CacheFile = {format: FORMAT, key, entries: next, stats: nextStats}
      fs.mkdirSync(path.dirname(location), {recursive: true})
      await writeFileSafely(location, JSON.stringify(body))
    }
  }
}

/**
 * Spans are most of a summary (every link has two to four), so the file
 * stores those of references and findings as
 * `[line, column, offset, line, column, offset]`: the cache is about 30 %
 * smaller and loads faster. `unpack` restores exactly those fields.
 */
type PackedSpan = [number, number, number, number, number, number]

function packSpan(span: Span): PackedSpan {
  return [span.start.line, span.start.column, span.start.offset ?? -1, span.end.line, span.end.column, span.end.offset ?? -1]
}

/** A copy of the summary with the span fields of references and findings packed. */
function pack(summary: NoteSummary): NoteSummary {
  const references = summary.references.map((reference) => {
    const copy: Record<string, unknown> = {...reference, position: packSpan(reference.position)}
    if (reference.targetPosition) copy.targetPosition = packSpan(reference.targetPosition)
    if (reference.anchorPosition) copy.anchorPosition = packSpan(reference.anchorPosition)
    if (reference.aliasPosition) copy.aliasPosition = packSpan(reference.aliasPosition)
    return copy
  })
  const findings = summary.findings.map((finding) => ({...finding, place: packSpan(finding.place)}))
  return {...summary, references, findings} as unknown as NoteSummary
}

function unpackSpan(value: unknown): Span | undefined {
  if (!Array.isArray(value)) return value as Span | undefined
  const [startLine, startColumn, startOffset, endLine, endColumn, endOffset] = value as number[]
  return {
    start: startOffset === -1 ? {line: startLine!, column: startColumn!} : {line: startLine!, column: startColumn!, offset: startOffset!},
    end: endOffset === -1 ? {line: endLine!, column: endColumn!} : {line: endLine!, column: endColumn!, offset: endOffset!}
  }
}

function unpack(summary: NoteSummary): void {
  for (const reference of summary.references ?? []) {
    for (const field of ['position', 'targetPosition', 'anchorPosition', 'aliasPosition'] as const) {
      if (reference[field] !== undefined) (reference as Reference)[field] = unpackSpan(reference[field])!
    }
  }
  for (const finding of summary.findings ?? []) finding.place = unpackSpan(finding.place)!
}
