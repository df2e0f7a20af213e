/**
 * What a generated-index region (`<!-- kb-lint:index folder="…" -->`) should
 * contain, computed from the base (note summaries only; never parses).
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
 * the note has no description); `- [title](path%23name.md)` for a note whose
 * name no wiki link can hold. `link` is the note id, or, in the `relative`
 * resolution mode, the path from the note holding the region, so the link
 * resolves in every mode. Lines use the note's line ending; the content
 * starts with a line break after the start marker and ends with one before
 * the end marker.
 */
import path from 'node:path'
import type {Base, IndexRegion, NoteSummary} from './model.js'
import {encodeDestination, wikiTargetProblem} from './link-target.js'
import {folderOf, pathKey} from './paths.js'
import type {ResolutionMode} from './resolve.js'

export interface RegionOptions {
  folder: string
  sort: 'title' | 'path'
  recursive: boolean
}

export type Generated = {ok: true; text: string; notes: NoteSummary[]; options: RegionOptions} | {ok: false; problem: string}

const KNOWN = ['folder', 'sort', 'recursive']
const collator = new Intl.Collator('und', {numeric: true})

/** Read and check a region's attributes against the base. */
/** A marker's `folder` attribute as a folder of the base: NFC, without leading or trailing `/`. */
export function markerFolder(folder: string): string {
  return pathKey(folder).trim().replace(/^\/+|\/+$/g, '')
}

export function regionOptions(region: IndexRegion, base: Base): {ok: true; options: RegionOptions} | {ok: false; problem: string} {
  if (region.problem) return {ok: false, problem: region.problem}
  const {attributes} = region
  const unknown = Object.keys(attributes).filter((name) => !KNOWN.includes(name))
  if (unknown.length > 0) {
    return {ok: false, problem: `Unknown index marker attribute \`${unknown[0]}\`; use ${KNOWN.map((name) => `\`${name}\``).join(', ')}`}
  }
  if (attributes.folder === undefined) {
    return {ok: false, problem: 'Index marker has no `folder`; write e.g. `<!-- kb-lint:index folder="docker/how-to" -->` (`folder=""` for the root)'}
  }
  const folder = markerFolder(attributes.folder)
  if (folder !== '' && !base.folders.has(folder)) return {ok: false, problem: `Index marker names folder \`${attributes.folder}\`, which does not exist in the base`}
  const sort = attributes.sort ?? 'title'
  if (sort !== 'title' && sort !== 'path') return {ok: false, problem: `Index marker has sort="${sort}"; use sort="title" or sort="path"`}
  const recursive = attributes.recursive ?? 'false'
  if (recursive !== 'true' && recursive !== 'false') return {ok: false, problem: `Index marker has recursive="${recursive}"; use recursive="true" or recursive="false"`}
  return {ok: true, options: {folder, sort, recursive: recursive === 'true'}}
}

/** The content a region should have. */
export function generateRegion(base: Base, mode: ResolutionMode, note: NoteSummary, region: IndexRegion): Generated {
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
      const byTitle = collator.compare(titleOf(a), titleOf(b))
      if (byTitle !== 0) return byTitle
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  })
  const lines = listed.map((entry) => indexLine(entry, linkTarget(entry.id, note.id, mode), note.id, mode === 'absolute' || mode === 'shortest'))
  const text = region.eol + lines.map((line) => line + region.eol).join('')
  return {ok: true, text, notes: listed, options}
}

/** The title a listing shows: frontmatter `title`, else the file name. */
export function titleOf(note: NoteSummary): string {
  const title = note.title?.replace(/\s+/g, ' ').trim()
  return title || note.id.slice(note.id.lastIndexOf('/') + 1)
}

function indexLine(note: NoteSummary, target: string, fromId: string, quartz: boolean): string {
  const description = note.description?.replace(/\s+/g, ' ').trim()
  const tail = description ? ` — ${description}` : ''
  // A name no wiki link can hold (`#`, `|`, `[`, `]`, line breaks, spaces at
  // its ends): a Markdown link, relative and percent-encoded, names it exactly.
  if (wikiTargetProblem(target, quartz)) {
    const destination = encodeDestination(path.posix.relative(folderOf(fromId), note.path), '', false, quartz)
    const label = titleOf(note).replace(/[\\[\]]/g, (char) => '\\' + char)
    return `- [${label}](${destination})` + tail
  }
  // `[[` / `]]` inside the alias would end or nest the link.
  const title = titleOf(note).replace(/\[\[/g, '[ [').replace(/]]/g, '] ]')
  return `- [[${target}|${title}]]` + tail
}

function linkTarget(id: string, fromId: string, mode: ResolutionMode): string {
  return mode === 'relative' ? path.posix.relative(folderOf(fromId), id) : id
}
