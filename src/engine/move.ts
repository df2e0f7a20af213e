/**
 * `kb-lint mv OLD NEW`: move a note or a folder of notes and rewrite every
 * link to what moved, across the base — what Obsidian does on rename.
 *
 * All or nothing:
 * 1. plan in memory: which files move where, and the new text of every note
 *    whose links change (links inside moved notes included: a relative link
 *    changes when its note changes folder);
 * 2. write every new and rewritten file atomically (`writeFileSafely`), then
 *    remove the old files;
 * 3. on any failure, undo what was done, from the in-memory originals, in
 *    reverse order, and report that nothing changed.
 *
 * Only the target part of a link is replaced, spelled in the link's own form
 * (`kb/link-target.ts`): alias, anchor, title, `.md`, leading `/` or `./`
 * and the Markdown percent-encoding stay as written. A link that reached its
 * target through a frontmatter alias is left alone (the alias moves with the
 * note). Unresolved and ambiguous links are left alone.
 */
import fs from 'node:fs'
import path from 'node:path'
import {createTwoFilesPatch} from 'diff'
import {spellTarget, targetFix, writtenStyle} from '../kb/link-target.js'
import type {Fix, NoteSummary, ResolvedReference, TargetKind} from '../kb/model.js'
import {isMarkdownPath, noteIdFromPath, stripMarkdownExtension} from '../kb/paths.js'
import {writeFileSafely} from './atomic-write.js'
import {encodeNote, readIfUnchanged} from './read-note.js'
import {applyFixes} from './fix.js'
import {lint, type LintOptions, type LintResult} from './lint.js'

/** Bad input for a move (the CLI prints it as a usage error). */
export class MoveError extends Error {}

/** The file operations a move uses; tests inject failures here. */
export interface MoveIO {
  write(file: string, data: Buffer): Promise<void>
  remove(file: string): Promise<void>
}

export interface MoveOptions extends LintOptions {
  /** What to move: a note (`a/b.md`, `a/b`) or a folder, relative to `cwd`. */
  from: string
  /** Where: a new path, or an existing folder to move into. */
  to: string
  /** Plan only: nothing is written, the outcome carries a diff. */
  dryRun?: boolean
  io?: MoveIO
}

export interface MoveOutcome {
  /** Files moved, relative to the root, old → new. */
  moved: Array<{from: string; to: string}>
  /** Notes whose links were rewritten (their final path) → number of links. */
  rewritten: Map<string, number>
  /** Unified diff of the rewritten links (dry run only). */
  diff: string
}

const defaultIO: MoveIO = {
  write: (file, data) => writeFileSafely(file, data),
  remove: (file) => fs.promises.unlink(file)
}

export async function moveInBase(options: MoveOptions): Promise<MoveOutcome> {
  const cwd = options.cwd ?? process.cwd()
  const result = await lint({...options, files: undefined, cwd})
  const {base} = result
  const root = base.root
  const givenRoot = path.resolve(cwd, options.root ?? '.')

  const source = relativeInside(options.from, cwd, givenRoot, root)
  let destination = relativeInside(options.to, cwd, givenRoot, root)
  if (source === '') throw new MoveError('Cannot move the root of the base')

  // What moves: one note, or every file of a folder (ignored files too: the
  // folder moves as a whole).
  const fileMoves = new Map<string, string>()
  let folderMove: {from: string; to: string} | undefined
  const sourceAbsolute = path.join(root, source)
  const sourceStat = fs.lstatSync(sourceAbsolute, {throwIfNoEntry: false})
  if (sourceStat?.isDirectory()) {
    if (isFolder(root, destination)) destination = joinRelative(destination, path.posix.basename(source))
    if (destination === source || destination.startsWith(source + '/')) {
      throw new MoveError(`Cannot move the folder \`${source}\` into itself`)
    }
    folderMove = {from: source, to: destination}
    for (const file of filesBelow(root, source)) fileMoves.set(file, destination + file.slice(source.length))
  } else {
    const note = sourceStat?.isFile() ? source : isMarkdownPath(source) ? undefined : source + '.md'
    if (note === undefined || !isMarkdownPath(note) || !fs.lstatSync(path.join(root, note), {throwIfNoEntry: false})?.isFile()) {
      throw new MoveError(`No note or folder \`${options.from}\` in the base`)
    }
    if (isFolder(root, destination) || options.to.endsWith('/')) destination = joinRelative(destination, path.posix.basename(note))
    else if (!isMarkdownPath(destination)) destination += '.md'
    fileMoves.set(note, destination)
  }
  for (const [from, to] of fileMoves) {
    if (from === to) throw new MoveError(`\`${from}\` is already there`)
    if (fs.lstatSync(path.join(root, to), {throwIfNoEntry: false})) {
      throw new MoveError(`\`${to}\` already exists; kb-lint mv never overwrites`)
    }
  }

  const edits = planLinkEdits(result, fileMoves, folderMove)

  // New bytes of every file that changes.
  const writes = new Map<string, Buffer>()
  let diff = ''
  const rewritten = new Map<string, number>()
  for (const [note, fixes] of edits) {
    const read = readIfUnchanged(path.join(root, note.path), note.hash)
    if (!read.ok && read.changed) {
      throw new MoveError(`\`${note.path}\` changed while kb-lint was reading the base; run again`)
    }
    if (!read.ok) continue
    const {text, used} = applyFixes(read.text, fixes)
    if (text === read.text) continue
    const finalPath = fileMoves.get(note.path) ?? note.path
    writes.set(finalPath, encodeNote(text, read.bom))
    rewritten.set(finalPath, used.length)
    if (options.dryRun) diff += createTwoFilesPatch('a/' + note.path, 'b/' + finalPath, read.text, text, '', '', {context: 1})
  }
  for (const [from, to] of fileMoves) {
    if (!writes.has(to)) writes.set(to, fs.readFileSync(path.join(root, from)))
  }

  const moved = [...fileMoves].map(([from, to]) => ({from, to}))
  if (options.dryRun) return {moved, rewritten, diff}
  await apply(root, writes, [...fileMoves.keys()], options.io ?? defaultIO)
  if (folderMove) removeEmptyFolders(path.join(root, folderMove.from))
  return {moved, rewritten, diff: ''}
}

/**
 * The link rewrites a move needs, planned in memory from a checked base
 * (no file read or written): for each note whose links change, the fixes on
 * its decoded text. `fileMoves` maps old → new paths relative to the root;
 * `folderMove` is set when a whole folder moves. `kb-lint mv` applies them;
 * the language server returns them as edits (`workspace/willRenameFiles`).
 */
export function planLinkEdits(
  result: Pick<LintResult, 'base' | 'references' | 'settings'>,
  fileMoves: ReadonlyMap<string, string>,
  folderMove?: {from: string; to: string}
): Map<NoteSummary, Array<Fix & {ruleId: string; line: number; column: number}>> {
  const {base} = result
  // Old → new, for every kind of link target.
  const noteIds = new Map<string, string>()
  const attachments = new Map<string, string>()
  for (const [from, to] of fileMoves) {
    if (isMarkdownPath(from)) noteIds.set(noteIdFromPath(from), noteIdFromPath(to))
    else attachments.set(from.normalize('NFC'), to.normalize('NFC'))
  }
  const mapTarget = (kind: TargetKind, id: string): string => {
    if (kind === 'note') return noteIds.get(id) ?? id
    if (kind === 'attachment') return attachments.get(id) ?? id
    if (folderMove && (id === folderMove.from || id.startsWith(folderMove.from + '/'))) return folderMove.to + id.slice(folderMove.from.length)
    return id
  }
  const afterIds = [...base.byId.keys()].map((id) => noteIds.get(id) ?? id)
  const afterFiles = [...base.files].filter((file) => !isMarkdownPath(file)).map((file) => attachments.get(file) ?? file)
  const uniqueName = (names: string[]) => {
    const counts = new Map<string, number>()
    for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1)
    return (name: string) => counts.get(name) === 1
  }
  const noteNameUnique = uniqueName(afterIds.map(fileName))
  const fileNameUnique = uniqueName(afterFiles.map(fileName))

  // Link edits per note.
  const edits = new Map<NoteSummary, Array<Fix & {ruleId: string; line: number; column: number}>>()
  for (const resolved of result.references) {
    const fix = rewrite(resolved)
    if (!fix) continue
    const list = edits.get(resolved.from) ?? []
    list.push({...fix, ruleId: 'mv', line: resolved.reference.position.start.line, column: resolved.reference.position.start.column})
    edits.set(resolved.from, list)
  }

  function rewrite({from, reference, resolution}: ResolvedReference): Fix | undefined {
    if (reference.target === '' || (resolution.status !== 'resolved' && resolution.status !== 'case-mismatch')) return undefined
    const {kind, id} = resolution
    const fromId = noteIds.get(from.id) ?? from.id
    const newId = mapTarget(kind, id)
    if (newId === id && fromId === from.id) return undefined
    if (kind !== 'folder' && !namesTarget(reference.target, id)) return undefined
    const unique = kind === 'note' ? noteNameUnique : fileNameUnique
    const mode = result.settings.resolution
    const style = writtenStyle(reference, from.id, {kind, id}, mode)
    // Compare spellings, not the written text: a link written in another
    // accepted form (different case, `./` in absolute mode) is left alone
    // unless the move changes where it must point.
    const before = spellTarget(reference, style, {kind, id, fromId: from.id}, unique)
    const after = spellTarget(reference, style, {kind, id: newId, fromId}, unique)
    if (before === after) return undefined
    return targetFix(reference, after)
  }
  return edits
}

/**
 * Write every file, then remove the old ones; on failure undo in reverse
 * order from the originals kept in memory.
 */
async function apply(root: string, writes: Map<string, Buffer>, removals: string[], io: MoveIO): Promise<void> {
  const undo: Array<() => Promise<void>> = []
  try {
    for (const [relative, data] of writes) {
      const file = path.join(root, relative)
      const original = fs.existsSync(file) ? fs.readFileSync(file) : undefined
      const createdFolder = makeFolders(path.dirname(file))
      if (createdFolder) undo.push(async () => removeEmptyFolders(createdFolder))
      await io.write(file, data)
      undo.push(async () => {
        if (original === undefined) await fs.promises.rm(file, {force: true})
        else await writeFileSafely(file, original)
      })
    }
    for (const relative of removals) {
      const file = path.join(root, relative)
      const original = fs.readFileSync(file)
      await io.remove(file)
      undo.push(async () => {
        makeFolders(path.dirname(file))
        await writeFileSafely(file, original)
      })
    }
  } catch (error) {
    const problems: string[] = []
    for (const step of undo.reverse()) {
      try {
        await step()
      } catch (undoError) {
        problems.push((undoError as Error).message)
      }
    }
    const reason = (error as Error).message
    throw new MoveError(
      problems.length === 0
        ? `Move failed (${reason}); nothing was changed`
        : `Move failed (${reason}) and could not be fully undone: ${problems.join('; ')}`
    )
  }
}

/** The written target names this id (not an alias of it): same last segment. */
function namesTarget(written: string, id: string): boolean {
  const last = (value: string) => stripMarkdownExtension(value.replace(/\/$/, '')).split('/').pop()!.toLowerCase()
  return last(written) === last(id)
}

function fileName(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1)
}

/** A path argument → relative to the root, refusing anything outside it. */
function relativeInside(argument: string, cwd: string, givenRoot: string, root: string): string {
  const absolute = path.resolve(cwd, argument)
  for (const candidate of [givenRoot, root]) {
    const relative = path.relative(candidate, absolute)
    if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) return relative.split(path.sep).join('/')
  }
  throw new MoveError(`\`${argument}\` is outside the base \`${givenRoot}\`; kb-lint mv never leaves the root`)
}

function isFolder(root: string, relative: string): boolean {
  return fs.statSync(path.join(root, relative), {throwIfNoEntry: false})?.isDirectory() === true
}

function joinRelative(folder: string, name: string): string {
  return folder === '' ? name : folder + '/' + name
}

/** Every regular file below a folder, relative to the root. */
function filesBelow(root: string, folder: string): string[] {
  const files: string[] = []
  for (const entry of fs.readdirSync(path.join(root, folder), {recursive: true, withFileTypes: true})) {
    const relative = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')
    if (entry.isFile()) files.push(relative)
    else if (!entry.isDirectory()) throw new MoveError(`\`${relative}\` is not a regular file; move it by hand first`)
  }
  return files.sort()
}

/** mkdir -p; returns the topmost folder it created, if any. */
function makeFolders(folder: string): string | undefined {
  return fs.mkdirSync(folder, {recursive: true}) ?? undefined
}

/** Remove a folder tree that holds no files any more. */
function removeEmptyFolders(folder: string): void {
  const stat = fs.statSync(folder, {throwIfNoEntry: false})
  if (!stat?.isDirectory()) return
  for (const entry of fs.readdirSync(folder)) removeEmptyFolders(path.join(folder, entry))
  if (fs.readdirSync(folder).length === 0) fs.rmdirSync(folder)
}
