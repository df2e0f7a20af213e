/**
 * Resolve a reference's target against the whole base, as the publisher of
 * the configured mode (`links.resolution`) does.
 *
 * Pure lookups in in-memory indexes built from the scan and the note
 * summaries: resolving never touches the file system, so no link can make
 * kb-lint read outside the root.
 *
 * Modes (the README's "Link resolution" tables say each row):
 * - `absolute` (default) and `shortest`: Quartz's `CrawlLinks`
 *   `markdownLinkResolution`, for wiki and Markdown links alike
 *   (kb/quartz-path.ts): a path from the site root; `.`/`..` segments read
 *   from the root; in `shortest` a bare name matches the one file with that
 *   name (several: `link-ambiguous`). Case-sensitive: a target that matches
 *   only when case is ignored is a case mismatch (broken on the site).
 * - `relative`: wiki links are paths from the note's folder (a leading `/`
 *   starts at the root); Markdown links as every Markdown renderer reads
 *   them (relative to the note's folder). Case-sensitive.
 * - `obsidian`: Obsidian's `getFirstLinkpathDest` (kb/obsidian.ts): ignoring
 *   case, partial paths, exact path > own folder > shortest path; never
 *   ambiguous; no aliases; folders are not pages.
 * In the Quartz modes, a wiki link that Quartz's own pattern does not read as
 * a link (`[[note#A#B]]`, an alias with `#`) is unresolved: the site shows
 * the text as written.
 * In every mode but `obsidian`, a bare name that matches a note's
 * frontmatter `aliases` resolves (Quartz publishes an alias page for it),
 * and a name or path naming both a note and a folder goes to the note.
 */
import {OBSIDIAN_CHOICES, pickObsidianCandidate} from './obsidian.js'
import {folderOf, joinInsideRoot, stripMarkdownExtension, pathKey} from './paths.js'
import {isQuartzMode, quartzReadsWikiLink, quartzSlug, readQuartzTarget, slugName, writtenTarget} from './quartz-path.js'
import type {Base, NoteSummary, Reference, Resolution, TargetKind} from './model.js'

export type ResolutionMode = 'absolute' | 'relative' | 'shortest' | 'obsidian'

/** Every mode, in the order `init` reports them. */
export const RESOLUTION_MODES: readonly ResolutionMode[] = ['absolute', 'relative', 'shortest', 'obsidian']

export interface Resolver {
  mode: ResolutionMode
  /** Resolve the path part of a reference made in `from`. */
  resolve(reference: Reference, from: NoteSummary): Resolution
  /** The normalised form of a target, used as the id of a missing node. */
  wanted(reference: Reference, from: NoteSummary): string
  /** Note ids with this file name (no folder, no `.md`). */
  notesNamed(name: string): string[]
  /** All note ids, for suggestions. */
  ids(): string[]
  /** Attachment paths with this file name (with its extension). */
  filesNamed(name: string): string[]
}

interface Target {
  kind: TargetKind
  id: string
}

export interface ResolverOptions {
  /**
   * Wiki links are written label first (`links.aliasFirst`, Dendron): not
   * Quartz's syntax, so Quartz's wiki-link pattern is not applied to them.
   */
  aliasFirst?: boolean
}

export function createResolver(base: Base, mode: ResolutionMode = 'absolute', options: ResolverOptions = {}): Resolver {
  const quartzSyntax = isQuartzMode(mode) && !options.aliasFirst
  // Each index is built on first use: a warm run that checks one note
  // usually needs none of them (exact lookups use `base` directly).
  const byLowerId = lazy(() => groupBy(base.byId.keys(), (id) => id.toLowerCase()))
  const byName = lazy(() => groupBy(base.byId.keys(), (id) => baseName(id)))
  const byLowerName = lazy(() => groupBy(base.byId.keys(), (id) => baseName(id).toLowerCase()))
  const lowerFiles = lazy(() => groupBy(base.files, (file) => file.toLowerCase()))
  const attachments = lazy(() => [...base.files].filter((file) => !/\.md$/i.test(file)))
  const fileByName = lazy(() => groupBy(attachments(), (file) => baseName(file)))
  const fileByLowerName = lazy(() => groupBy(attachments(), (file) => baseName(file).toLowerCase()))
  const lowerFolders = lazy(() => groupBy(base.folders, (folder) => folder.toLowerCase()))
  const byAlias = lazy(() => {
    const map = new Map<string, string[]>()
    for (const note of base.notes) {
      for (const alias of note.aliases ?? []) push(map, pathKey(alias), note.id)
    }
    return map
  })
  // Quartz: every published file by its slug (notes without `.md`).
  const quartzTargets = lazy(() => {
    const targets: Array<Target & {slug: string}> = []
    for (const id of base.byId.keys()) targets.push({kind: 'note', id, slug: quartzSlug(id + '.md')})
    for (const file of attachments()) targets.push({kind: 'attachment', id: file, slug: quartzSlug(file)})
    return targets
  })
  const bySlug = lazy(() => groupTargets(quartzTargets(), (target) => target.slug))
  const byLowerSlug = lazy(() => groupTargets(quartzTargets(), (target) => target.slug.toLowerCase()))
  const bySlugName = lazy(() => groupTargets(quartzTargets(), (target) => slugName(target.slug)))
  const byLowerSlugName = lazy(() => groupTargets(quartzTargets(), (target) => slugName(target.slug).toLowerCase()))
  const folderBySlug = lazy(() => groupBy(base.folders, (folder) => quartzSlug(folder)))
  const folderByLowerSlug = lazy(() => groupBy(base.folders, (folder) => quartzSlug(folder).toLowerCase()))

  function lookupAlias(name: string): Resolution | undefined {
    const ids = byAlias().get(name)
    if (!ids) return undefined
    const unique = [...new Set(ids)]
    return unique.length === 1 ? {status: 'resolved', kind: 'note', id: unique[0]!} : {status: 'ambiguous', candidates: unique}
  }

  // --- Quartz: `absolute` and `shortest` ----------------------------------

  /** A path from the site root: a page (note or file) first, then a folder page. */
  function quartzPath(path: string, folderOnly: boolean): Resolution | undefined {
    if (path === '') return {status: 'resolved', kind: 'folder', id: ''}
    const slug = quartzSlug(path)
    if (!folderOnly) {
      const page = preferExact(bySlug().get(slug), path)
      if (page) return {status: 'resolved', ...page}
    }
    const folder = folderBySlug().get(slug)?.[0]
    if (folder !== undefined) return {status: 'resolved', kind: 'folder', id: folder}
    if (!folderOnly) {
      const foldedPage = single(byLowerSlug().get(slug.toLowerCase()))
      return foldedPage && {status: 'case-mismatch', ...foldedPage}
    }
    // Only a target written as a folder (`docs/`) is taken for a folder whose name differs in case.
    const foldedFolder = single(folderByLowerSlug().get(slug.toLowerCase()))
    return foldedFolder === undefined ? undefined : {status: 'case-mismatch', kind: 'folder', id: foldedFolder}
  }

  function quartzTargetOf(reference: Reference) {
    // Quartz decodes a Markdown destination with `decodeURI` (`%26` stays), so read it as written.
    const destination = reference.kind === 'markdown' ? writtenTarget(reference) : undefined
    return readQuartzTarget(destination ?? reference.target, destination === undefined && reference.kind === 'markdown')
  }

  function resolveQuartz(reference: Reference): Resolution {
    const written = reference.target
    const folderOnly = written.endsWith('/')
    const target = quartzTargetOf(reference)
    // `shortest`: the one file with that name wins, even over a folder at the
    // root — also when written as a folder (`[[x/]]`), as Quartz does.
    const byName = mode === 'shortest' && target.bare
    const named = byName ? bySlugName().get(quartzSlug(target.path)) : undefined
    if (named?.length === 1) return {status: 'resolved', ...named[0]!}
    const atRoot = quartzPath(target.path, folderOnly)
    if (atRoot?.status === 'resolved') return atRoot
    if (named && named.length > 1) return {status: 'ambiguous', candidates: named.map((found) => found.id)}
    const foldedName = byName && !atRoot ? single(byLowerSlugName().get(quartzSlug(target.path).toLowerCase())) : undefined
    if (foldedName) return {status: 'case-mismatch', ...foldedName}
    if (target.bare && !folderOnly) {
      const alias = lookupAlias(target.path)
      if (alias) return alias
    }
    return atRoot ?? {status: 'unresolved', why: 'missing'}
  }

  // --- `relative` ----------------------------------------------------------

  /** Exact then case-insensitive lookup of a path from the root: note, file, then folder. */
  function lookupPath(path: string, folderOnly: boolean): Resolution | undefined {
    if (folderOnly) {
      if (path === '' || base.folders.has(path)) return {status: 'resolved', kind: 'folder', id: path}
      const folder = single(lowerFolders().get(path.toLowerCase()))
      return folder === undefined ? undefined : {status: 'case-mismatch', kind: 'folder', id: folder}
    }
    const id = stripMarkdownExtension(path)
    if (base.byId.has(id)) return {status: 'resolved', kind: 'note', id}
    if (base.files.has(path)) return {status: 'resolved', kind: 'attachment', id: path}
    // `[t](./features)` with no note `features`: web servers and publishers serve the folder page.
    if (base.folders.has(path)) return {status: 'resolved', kind: 'folder', id: path}
    const noteId = single(byLowerId().get(id.toLowerCase()))
    if (noteId !== undefined) return {status: 'case-mismatch', kind: 'note', id: noteId}
    const file = single(lowerFiles().get(path.toLowerCase()))
    if (file !== undefined) return {status: 'case-mismatch', kind: 'attachment', id: file}
    return undefined
  }

  function resolveRelative(reference: Reference, from: NoteSummary): Resolution {
    const target = reference.target
    const path = joinInsideRoot(target.startsWith('/') ? '' : folderOf(from.id), target)
    if (path === undefined) return {status: 'unresolved', why: 'outside'}
    const found = lookupPath(path, target.endsWith('/'))
    if (found?.status === 'resolved') return found
    if (!target.includes('/')) {
      const alias = lookupAlias(target)
      if (alias) return alias
    }
    return found ?? {status: 'unresolved', why: 'missing'}
  }

  // --- Obsidian --------------------------------------------------------------

  /** A path from the root, ignoring case: a note (`.md` optional), else a file. */
  function obsidianExact(path: string): Target | undefined {
    const id = stripMarkdownExtension(path)
    if (base.byId.has(id)) return {kind: 'note', id}
    const noteId = firstOf(byLowerId().get(id.toLowerCase()))
    if (noteId !== undefined) return {kind: 'note', id: noteId}
    if (base.files.has(path)) return {kind: 'attachment', id: path}
    const file = firstOf(lowerFiles().get(path.toLowerCase()))
    return file === undefined ? undefined : {kind: 'attachment', id: file}
  }

  /** Notes, else files, whose path ends with the written one (ignoring case). */
  function obsidianPartial(written: string, fromFolder: string): Target | undefined {
    const key = stripMarkdownExtension(written).toLowerCase()
    const endsWith = (path: string) => path.toLowerCase() === key || path.toLowerCase().endsWith('/' + key)
    const notes = (byLowerName().get(baseName(key)) ?? []).filter(endsWith)
    const note = pickObsidianCandidate(notes, fromFolder)
    if (note !== undefined) return {kind: 'note', id: note}
    const fileKey = written.toLowerCase()
    const files = (fileByLowerName().get(baseName(fileKey)) ?? []).filter(
      (file) => file.toLowerCase() === fileKey || file.toLowerCase().endsWith('/' + fileKey)
    )
    const file = pickObsidianCandidate(files, fromFolder)
    return file === undefined ? undefined : {kind: 'attachment', id: file}
  }

  function resolveObsidian(reference: Reference, from: NoteSummary): Resolution {
    const target = reference.target
    if (target.endsWith('/') && !OBSIDIAN_CHOICES.foldersAreTargets) return {status: 'unresolved', why: 'missing'}
    const relative = isExplicitlyRelative(target)
    const path = joinInsideRoot(relative ? folderOf(from.id) : '', target)
    if (path === undefined) return {status: 'unresolved', why: 'outside'}
    const found = obsidianExact(path) ?? (relative || target.startsWith('/') ? undefined : obsidianPartial(path, folderOf(from.id)))
    return found ? {status: 'resolved', ...found} : {status: 'unresolved', why: 'missing'}
  }

  // ---------------------------------------------------------------------------

  function resolve(reference: Reference, from: NoteSummary): Resolution {
    const target = reference.target
    // Quartz renders a wiki link its pattern does not match as plain text.
    if (quartzSyntax && (reference.kind === 'wikilink' || reference.kind === 'embed') && !quartzReadsWikiLink(reference.raw)) {
      return {status: 'unresolved', why: 'not-a-link'}
    }
    if (target === '') return {status: 'resolved', kind: 'note', id: from.id}
    if (/^file:/i.test(target)) return {status: 'unresolved', why: 'file-url'}
    switch (mode) {
      case 'absolute':
      case 'shortest':
        return resolveQuartz(reference)
      case 'relative':
        return resolveRelative(reference, from)
      case 'obsidian':
        return resolveObsidian(reference, from)
    }
  }

  function wanted(reference: Reference, from: NoteSummary): string {
    const target = reference.target
    if (target === '') return from.id
    if (isQuartzMode(mode)) return stripMarkdownExtension(pathKey(quartzTargetOf(reference).path))
    const relative = mode === 'relative' ? !target.startsWith('/') : isExplicitlyRelative(target)
    const joined = joinInsideRoot(relative ? folderOf(from.id) : '', target)
    return joined === undefined ? target : stripMarkdownExtension(joined)
  }

  return {
    mode,
    resolve,
    wanted,
    notesNamed: (name) => byName().get(stripMarkdownExtension(name)) ?? [],
    ids: () => [...base.byId.keys()],
    filesNamed: (name) => fileByName().get(name) ?? []
  }
}

/** `./x`, `../x`: written relative to the note's folder on purpose. */
export function isExplicitlyRelative(target: string): boolean {
  return /^\.\.?(\/|$)/.test(target)
}

export function baseName(id: string): string {
  const slash = id.lastIndexOf('/')
  return slash === -1 ? id : id.slice(slash + 1)
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined
  let made = false
  return () => {
    if (!made) {
      value = make()
      made = true
    }
    return value as T
  }
}

function groupBy(values: Iterable<string>, key: (value: string) => string): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const value of values) push(map, key(value), value)
  return map
}

function groupTargets<T extends Target>(targets: T[], key: (target: T) => string): Map<string, Target[]> {
  const map = new Map<string, Target[]>()
  for (const target of targets) {
    const list = map.get(key(target))
    const plain = {kind: target.kind, id: target.id}
    if (list) list.push(plain)
    else map.set(key(target), [plain])
  }
  return map
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

function single<T>(values: T[] | undefined): T | undefined {
  return values && values.length === 1 ? values[0] : undefined
}

/** Several ids differing only in case (a case-sensitive file system): the first in code-point order. */
function firstOf(values: string[] | undefined): string | undefined {
  return values && values.length > 0 ? values.reduce((best, value) => (value < best ? value : best)) : undefined
}

/** Slugs can collide (`a b.md`, `a-b.md`): the one spelled as written, else the first. */
function preferExact(targets: Target[] | undefined, written: string): Target | undefined {
  if (!targets || targets.length === 0) return undefined
  const id = stripMarkdownExtension(written)
  return targets.find((target) => target.id === id || target.id === written) ?? targets[0]
}
