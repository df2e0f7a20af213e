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
import type {NoteSummary} from '../kb/model.js'
import {writeFileSafely} from './atomic-write.js'

const FORMAT = 'kb-lint-cache'
/** Every cache file starts with this, so a foreign file is recognised before parsing. */
const MAGIC = `{"format":"${FORMAT}"`

interface CacheFile {
  format: typeof FORMAT
  /** kb-lint version + config hash + per-file options. */
  key: string
  entries: Record<string, NoteSummary>
}

export interface SummaryCache {
  location: string
  /** A cached summary for this note, if its bytes still hash the same. */
  get(relative: string, hash: string): NoteSummary | undefined
  /** Save the summaries of this run (and only these: deleted notes drop out). */
  save(summaries: NoteSummary[]): Promise<void>
  /** Why the cache was not used, when it was not (for --debug). */
  status: 'hit' | 'empty' | 'stale' | 'corrupt' | 'foreign'
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
    async save(summaries) {
      if (!writable) return
      const next: Record<string, NoteSummary> = {}
      // Unreadable notes have no hash; they are read again next time.
      for (const summary of summaries) if (summary.hash) next[summary.path] = summary
      const body: CacheFile = {format: FORMAT, key, entries: next}
      fs.mkdirSync(path.dirname(location), {recursive: true})
      await writeFileSafely(location, JSON.stringify(body))
    }
  }
}
