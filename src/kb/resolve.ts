/**
 * Resolve a reference's target against the whole base.
 *
 * Pure lookups in in-memory indexes built from the scan and the note
 * summaries: resolving never touches the file system, so no link can make
 * kb-lint read outside the root.
 *
 * Modes (config `links.resolution`), for wiki links, embeds and frontmatter
 * links, as Quartz's `transformLink` resolves them:
 * - `absolute` (default): the target is a path from the root (`[[a/b]]`,
 *   `[[/a/b]]`, `[[./a/b]]`, `.md` optional).
 * - `relative`: the target is a path from the note's folder (`[[b]]`,
 *   `[[../x/b]]`); a leading `/` starts at the root.
 * - `shortest` (Obsidian / Quartz default): a path from the root; a bare name
 *   (no `/`) that is not a note at the root matches the one note with that
 *   file name anywhere in the base (several: ambiguous). A target written
 *   `./x` or `../x` is relative to the note's folder (Obsidian's relative
 *   form). No folder of the note is searched otherwise: Quartz does not, so
 *   a link that only Obsidian's "closest note" rule finds breaks on the site.
 * Markdown links are relative to the note's folder (root-relative when they
 * start with `/`), as GitHub and every Markdown renderer read them; in
 * `shortest` mode a path from the root and a bare file name are accepted too,
 * since Quartz resolves Markdown links with the same rule as wiki links.
 * In every mode a target that only matches when case is ignored is a case
 * mismatch, and a bare name that matches a note's frontmatter `aliases`
 * resolves (Quartz publishes an alias page for it).
 */
import {folderOf, joinInsideRoot, stripMarkdownExtension} from './paths.js'
import type {Base, NoteSummary, Reference, Resolution} from './model.js'

export type ResolutionMode = 'absolute' | 'relative' | 'shortest'


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

export function createResolver(base: Base, mode: ResolutionMode = 'absolute'): Resolver {
  // Each index is built on first use: a warm run that checks one note
  // usually needs none of them (exact lookups use `base` directly).
  const byLowerId = lazy(() => groupBy(base.byId.keys(), (id) => id.toLowerCase()))
  const byName = lazy(() => groupBy(base.byId.keys(), (id) => baseName(id)))
  const byLowerName = lazy(() => groupBy(base.byId.keys(), (id) => baseName(id).toLowerCase()))
  const lowerFiles = lazy(() => groupBy(base.files, (file) => file.toLowerCase()))
  // Attachments by file name: `![[diagram.png]]` in shortest mode (Quartz
  // slugs every file, not only notes).
  const attachments = lazy(() => [...base.files].filter((file) => !/\.md$/i.test(file)))
  const fileByName = lazy(() => groupBy(attachments(), (file) => baseName(file)))
  const fileByLowerName = lazy(() => groupBy(attachments(), (file) => baseName(file).toLowerCase()))
  const lowerFolders = lazy(() => groupBy(base.folders, (folder) => folder.toLowerCase()))
  const byAlias = lazy(() => {
    const map = new Map<string, string[]>()
    for (const note of base.notes) {
      for (const alias of note.aliases ?? []) push(map, alias.normalize('NFC'), note.id)
    }
    return map
  })

  /** Exact then case-insensitive lookup of a path from the root. */
  function lookupPath(path: string, folderOnly: boolean): Resolution | undefined {
    if (folderOnly) {
      if (path === '' || base.folders.has(path)) return {status: 'resolved', kind: 'folder', id: path}
      const folder = single(lowerFolders().get(path.toLowerCase()))
      return folder === undefined ? undefined : {status: 'case-mismatch', kind: 'folder', id: folder}
    }
    const id = stripMarkdownExtension(path)
    if (base.byId.has(id)) return {status: 'resolved', kind: 'note', id}
    if (base.files.has(path)) return {status: 'resolved', kind: 'attachment', id: path}
    const noteId = single(byLowerId().get(id.toLowerCase()))
    if (noteId !== undefined) return {status: 'case-mismatch', kind: 'note', id: noteId}
    const file = single(lowerFiles().get(path.toLowerCase()))
    if (file !== undefined) return {status: 'case-mismatch', kind: 'attachment', id: file}
    // `[t](./features)` with no note `features`: publishers serve the folder
    // page there (Quartz renders one for every folder).
    if (base.folders.has(path)) return {status: 'resolved', kind: 'folder', id: path}
    return undefined
  }

  function lookupName(name: string): Resolution | undefined {
    const id = stripMarkdownExtension(name)
    const exact = byName().get(id)
    if (exact) return exact.length === 1 ? {status: 'resolved', kind: 'note', id: exact[0]!} : {status: 'ambiguous', candidates: exact}
    const folded = byLowerName().get(id.toLowerCase())
    if (folded) return folded.length === 1 ? {status: 'case-mismatch', kind: 'note', id: folded[0]!} : {status: 'ambiguous', candidates: folded}
    const files = fileByName().get(name)
    if (files) return files.length === 1 ? {status: 'resolved', kind: 'attachment', id: files[0]!} : {status: 'ambiguous', candidates: files}
    const foldedFiles = fileByLowerName().get(name.toLowerCase())
    if (foldedFiles) return foldedFiles.length === 1 ? {status: 'case-mismatch', kind: 'attachment', id: foldedFiles[0]!} : {status: 'ambiguous', candidates: foldedFiles}
    return undefined
  }

  function lookupAlias(name: string): Resolution | undefined {
    const ids = byAlias().get(name)
    if (!ids) return undefined
    const unique = [...new Set(ids)]
    return unique.length === 1 ? {status: 'resolved', kind: 'note', id: unique[0]!} : {status: 'ambiguous', candidates: unique}
  }

  function resolve(reference: Reference, from: NoteSummary): Resolution {
    const target = reference.target
    if (target === '') return {status: 'resolved', kind: 'note', id: from.id}
    if (/^file:/i.test(target)) return {status: 'unresolved', why: 'file-url'}
    const folderOnly = target.endsWith('/')
    const isMarkdown = reference.kind === 'markdown'
    const noteFolder = folderOf(from.id)
    const fromRoot = target.startsWith('/')
    const attempts: Array<string | undefined> = []
    if (isMarkdown) {
      attempts.push(joinInsideRoot(fromRoot ? '' : noteFolder, target))
      if (mode === 'shortest' && !fromRoot && !isExplicitlyRelative(target)) attempts.push(joinInsideRoot('', target))
    } else if (mode === 'relative' || (mode === 'shortest' && isExplicitlyRelative(target))) {
      attempts.push(joinInsideRoot(fromRoot ? '' : noteFolder, target))
    } else {
      attempts.push(joinInsideRoot('', target))
    }
    if (attempts.every((attempt) => attempt === undefined)) return {status: 'unresolved', why: 'outside'}

    let caseMismatch: Resolution | undefined
    for (const path of attempts) {
      if (path === undefined) continue
      const found = lookupPath(path, folderOnly)
      if (found?.status === 'resolved') return found
      caseMismatch ??= found
    }
    const bare = !target.replace(/\/$/, '').includes('/')
    if (bare && !folderOnly) {
      if (mode === 'shortest') {
        const byFileName = lookupName(target)
        if (byFileName?.status === 'resolved' || byFileName?.status === 'ambiguous') return byFileName
        caseMismatch ??= byFileName
      }
      const alias = lookupAlias(target)
      if (alias) return alias
    }
    return caseMismatch ?? {status: 'unresolved', why: 'missing'}
  }

  function wanted(reference: Reference, from: NoteSummary): string {
    const target = reference.target
    if (target === '') return from.id
    const relative = reference.kind === 'markdown' || mode === 'relative' || (mode === 'shortest' && isExplicitlyRelative(target))
    const joined = joinInsideRoot(target.startsWith('/') || !relative ? '' : folderOf(from.id), target)
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

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

function single(values: string[] | undefined): string | undefined {
  return values && values.length === 1 ? values[0] : undefined
}
