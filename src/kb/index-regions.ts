/**
 * What a generated-index region (`<!-- kb-lint:index folder="…" -->`) should
 * contain, computed from the base (note summaries; only a Markdown link it
 * is about to write is parsed back, kb/link-check.ts).
 *
 * Attributes of the start marker:
 * - `folder` (required): a folder path from the root (`docker/how-to`; `""`
 *   or `"/"` for the root), whatever the link resolution mode.
 * - `sort`: `title` (default; by title, Unicode collation, numbers in
 *   numeric order) or `path` (by note id, code-point order).
 * - `recursive`: `false` (default: only the folder's own notes) or `true`
 *   (every note below it).
 * The note holding the region is never listed.
 *
 * One line per note: `- [[link|title]] — description` (without ` — …` when
 * the note has no description; `[[title|link]]` in the alias-first dialect).
 * `link` is the note id, or, in the `relative` resolution mode, the path from
 * the note holding the region. A note whose name no wiki link can hold gets
 * `- [title](path%23name.md)`, from the region's folder or else from the
 * root. Each line is kept only when its link reads back as the note in the
 * configured mode; a note no line reaches is left out and named (`left`).
 * Lines use the note's line ending; the content starts with a line break
 * after the start marker and ends with one before the end marker.
 */
import path from 'node:path'
import {reaches, type LinkReading} from './link-check.js'
import {isQuartzMode} from './quartz-path.js'
import {encodeDestination, wikiTargetProblem} from './link-target.js'
import type {Base, IndexRegion, NoteSummary} from './model.js'
import {folderOf, pathKey} from './paths.js'
import type {ResolutionMode} from './resolve.js'

export interface RegionOptions {
  folder: string
  sort: 'title' | 'path'
  recursive: boolean
}

export type Generated =
  | {ok: true; text: string; notes: NoteSummary[]; left: LeftOut[]; options: RegionOptions}
  | {ok: false; problem: string}

const KNOWN = ['folder', 'sort', 'recursive']
/**
 * Made on first use: creating the first `Intl.Collator` of a process loads
 * ICU's collation data (≈ 10 ms), and most runs sort no index region.
 */
let collator: Intl.Collator | undefined

/** A marker's `folder` attribute as a folder of the base: NFC, without leading or trailing `/`. */
export function markerFolder(folder: string): string {
  return pathKey(folder)
    .trim()
    .replace(/^\/+|\/+$/g, '')
}

/** Read and check a region's attributes against the base. */
export function regionOptions(region: IndexRegion, base: Base): {ok: true; options: RegionOptions} | {ok: false; problem: string} {
  if (region.problem) return {ok: false, problem: region.problem}
  const {attributes} = region
  const unknown = Object.keys(attributes).filter((name) => !KNOWN.includes(name))
  if (unknown.length > 0) {
    return {ok: false, problem: `Unknown index marker attribute \`${unknown[0]}\`; use ${KNOWN.map((name) => `\`${name}\``).join(', ')}`}
  }
  if (attributes.folder === undefined) {
    return {
      ok: false,
      problem: 'Index marker has no `folder`; write e.g. `<!-- kb-lint:index folder="docker/how-to" -->` (`folder=""` for the root)'
    }
  }
  const folder = markerFolder(attributes.folder)
  if (folder !== '' && !base.folders.has(folder))
    return {ok: false, problem: `Index marker names folder \`${attributes.folder}\`, which does not exist in the base`}
  const sort = attributes.sort ?? 'title'
  if (sort !== 'title' && sort !== 'path') return {ok: false, problem: `Index marker has sort="${sort}"; use sort="title" or sort="path"`}
  const recursive = attributes.recursive ?? 'false'
  if (recursive !== 'true' && recursive !== 'false')
    return {ok: false, problem: `Index marker has recursive="${recursive}"; use recursive="true" or recursive="false"`}
  return {ok: true, options: {folder, sort, recursive: recursive === 'true'}}
}

/** A note a region should list but cannot: no link the region can hold reads back as it. */
export interface LeftOut {
  note: NoteSummary
  problem: string
}

/**
 * The content a region should have. Each note's line is kept only when its
 * link reads back as that note (kb/link-check.ts); a note no link can name
 * is left out of the text and named in `left`.
 */
export function generateRegion(base: Base, reading: LinkReading, note: NoteSummary, region: IndexRegion): Generated {
  const read = regionOptions(region, base)
  if (!read.ok) return read
  const {options} = read
  const prefix = options.folder === '' ? '' : options.folder + '/'
  const listed = [...base.byId.values()].filter((candidate) => {
    if (candidate.id === note.id || !candidate.id.startsWith(prefix)) return false
    return options.recursive || folderOf(candidate.id) === options.folder
  })
  listed.sort((a, b) => {
    if (options.sort === 'title') {
      const byTitle = (collator ??= new Intl.Collator('und', {numeric: true})).compare(titleOf(a), titleOf(b))
      if (byTitle !== 0) return byTitle
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  })
  const lines: string[] = []
  const notes: NoteSummary[] = []
  const left: LeftOut[] = []
  for (const entry of listed) {
    const target = {kind: 'note' as const, id: entry.id}
    const line = entryLines(entry, note.id, reading).find(({link}) => reaches(link, note, target, reading))
    if (line === undefined) {
      const wiki = wikiTargetProblem(linkTarget(entry.id, note.id, reading.resolver.mode), isQuartzMode(reading.resolver.mode))
      const why = wiki ? ` (a wiki link cannot hold ${wiki})` : ''
      left.push({
        note: entry,
        problem: `\`${entry.path}\` is left out of this index: no link it can hold reaches the note under \`${reading.resolver.mode}\` resolution${why}; rename the note to list it`
      })
      continue
    }
    lines.push(line.text)
    notes.push(entry)
  }
  const text = region.eol + lines.map((line) => line + region.eol).join('')
  return {ok: true, text, notes, left, options}
}

/** The title a listing shows: frontmatter `title`, else the file name. */
export function titleOf(note: NoteSummary): string {
  const title = note.title?.replace(/\s+/g, ' ').trim()
  return title || note.id.slice(note.id.lastIndexOf('/') + 1)
}

/**
 * The lines that could list `note`, best first: `- [[link|title]] — description`
 * (`[[title|link]]` in the alias-first dialect), then Markdown links from the
 * region's folder and from the root (for names no wiki link can hold: `#`,
 * `|`, `[`, `]`, line breaks, spaces at its ends).
 */
function entryLines(note: NoteSummary, fromId: string, reading: LinkReading): Array<{text: string; link: string}> {
  const mode = reading.resolver.mode
  const description = note.description?.replace(/\s+/g, ' ').trim()
  const tail = description ? ` — ${description}` : ''
  const links: string[] = []
  const target = linkTarget(note.id, fromId, mode)
  if (!wikiTargetProblem(target, isQuartzMode(reading.resolver.mode))) {
    // `[[` / `]]` inside the alias would end or nest the link.
    const title = titleOf(note).replace(/\[\[/g, '[ [').replace(/]]/g, '] ]')
    links.push(reading.aliasFirst ? `[[${title}|${target}]]` : `[[${target}|${title}]]`)
  }
  const label = titleOf(note).replace(/[\\[\]]/g, (char) => '\\' + char)
  for (const destination of [path.posix.relative(folderOf(fromId), note.path), '/' + note.path]) {
    links.push(`[${label}](${encodeDestination(destination, '', false, isQuartzMode(reading.resolver.mode))})`)
  }
  return [...new Set(links)].map((link) => ({text: `- ${link}${tail}`, link}))
}

function linkTarget(id: string, fromId: string, mode: ResolutionMode): string {
  return mode === 'relative' ? path.posix.relative(folderOf(fromId), id) : id
}
