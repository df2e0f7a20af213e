/**
 * The content index (`kb-lint index`): one JSON entry per note, for a site
 * generator or a client-side search box. Built from the lint result alone
 * (note summaries + resolved references): nothing is parsed again. The shape
 * is `schema/content-index.schema.json`, which ships with the package.
 *
 * - `links`: one per link occurrence, in source order. `target` is the note
 *   id, the attachment's path, the folder path with a trailing `/`, or (when
 *   unresolved) the normalised target as written, like the graph's nodes.
 * - `backlinks`: ids of the other notes with a resolved link to this one,
 *   sorted, each once.
 * - `text`: only with `withText` (the lint run must have used `withText`).
 */
import type {Base, ResolvedReference} from '../kb/model.js'
import {titleOf} from '../kb/index-regions.js'
import {pathKey} from '../kb/paths.js'

export const CONTENT_INDEX_VERSION = 1

export interface ContentIndexLink {
  target: string
  type: 'note' | 'attachment' | 'folder' | 'missing'
  kind: 'wikilink' | 'embed' | 'markdown' | 'frontmatter'
  anchor?: string
  resolved: boolean
  line: number
  column: number
}

export interface ContentIndexEntry {
  id: string
  path: string
  /** Frontmatter `title`, else the file name. */
  title: string
  description: string | null
  tags: string[]
  /** All frontmatter, as parsed ({} when the note has none or it is invalid). */
  frontmatter: Record<string, unknown>
  headings: Array<{text: string; depth: number; slug: string; line: number}>
  links: ContentIndexLink[]
  backlinks: string[]
  wordCount: number
  text?: string
}

export interface ContentIndex {
  version: typeof CONTENT_INDEX_VERSION
  notes: ContentIndexEntry[]
}

export interface BuildIndexOptions {
  /** Include each note's plain text (needs a lint run with `withText`). */
  withText?: boolean
}

export function buildIndex(result: {base: Base; references: ResolvedReference[]}, options: BuildIndexOptions = {}): ContentIndex {
  const linksFrom = new Map<string, ContentIndexLink[]>()
  const backlinks = new Map<string, Set<string>>()
  for (const {from, reference, resolution, wanted} of result.references) {
    const resolved = resolution.status === 'resolved' || resolution.status === 'case-mismatch'
    const link: ContentIndexLink = {
      target: resolved ? (resolution.kind === 'folder' ? resolution.id + '/' : resolution.id) : wanted,
      type: resolved ? resolution.kind : 'missing',
      kind: reference.kind === 'markdown' && reference.image ? 'embed' : reference.kind,
      ...(reference.anchor !== undefined ? {anchor: reference.anchor} : {}),
      resolved,
      line: reference.position.start.line,
      column: reference.position.start.column
    }
    const list = linksFrom.get(from.path) ?? []
    list.push(link)
    linksFrom.set(from.path, list)
    if (resolved && resolution.kind === 'note' && resolution.id !== from.id) {
      const sources = backlinks.get(resolution.id) ?? new Set()
      sources.add(from.id)
      backlinks.set(resolution.id, sources)
    }
  }

  const notes = result.base.notes.map((note): ContentIndexEntry => {
    const entry: ContentIndexEntry = {
      id: note.id,
      path: pathKey(note.path),
      title: titleOf(note),
      description: note.description ?? null,
      tags: note.tags ?? [],
      frontmatter: toJson(note.frontmatter.data ?? {}) as Record<string, unknown>,
      headings: note.headings.map(({text, depth, slug, line}) => ({text, depth, slug, line})),
      links: linksFrom.get(note.path) ?? [],
      backlinks: [...(backlinks.get(note.id) ?? [])].sort(),
      wordCount: note.wordCount
    }
    if (options.withText) entry.text = note.text ?? ''
    return entry
  })
  return {version: CONTENT_INDEX_VERSION, notes}
}

/** Plain JSON values only (YAML dates become ISO strings), so the file round-trips. */
function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value) ?? 'null')
}
