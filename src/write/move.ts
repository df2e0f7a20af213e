/**
 * `kb-lint mv OLD NEW`: move a note or a folder of notes and rewrite every
 * link to what moved, across the base — what Obsidian does on rename.
 *
 * The base is found the way `check` finds it: the folder of the config that
 * applies to OLD (discovered upwards from OLD's folder, or `--config`), else
 * `--root` (default: the current folder). Paths are relative to the current
 * folder, like `git mv`. The move is refused (MoveError, exit 2) when kb-lint
 * cannot see every inbound link: `--root` inside a bigger base (its config is
 * above), or a note of the base that could not be read and names OLD.
 *
 * A transaction (write/move-journal.ts):
 * 1. plan in memory: which files move where, and the new text of every note
 *    whose links change (links inside moved notes included: a relative link
 *    changes when its note changes folder), plus the generated-index regions
 *    the move makes stale (regions that were current before stay current);
 * 2. write the journal (every path with its hashes and original bytes);
 * 3. write every new and rewritten file (verified, atomic), then remove the
 *    old files — an original goes only after its copy is on disk whole;
 * 4. remove the journal. On a failure, undo from the journal and report that
 *    nothing changed; after a kill, `mv --abort` / `mv --continue`.
 *
 * Containment is checked on real paths: a source, destination or parent that
 * reaches outside the base through a symbolic link is refused, the same way
 * the scan never follows such a link.
 *
 * Only the target part of a link is replaced, spelled in the link's own form
 * (`kb/link-target.ts`): alias, anchor, title, `.md`, leading `/` or `./`
 * and the Markdown percent-encoding stay as written. A link that reached its
 * target through a frontmatter alias is left alone (the alias moves with the
 * note). Ambiguous links are left alone; unresolved links that point into a
 * moved folder follow it (they stay unresolved, but point where the folder
 * is), and are counted in the outcome. Every rewritten link is read back in
 * the base as it will be (kb/link-check.ts); when no spelling lands on its
 * target — a wiki link cannot hold `#`, `|`, `[`, `]`, a line break or
 * spaces at its ends; under Quartz another note may own the slug — the move
 * is refused before anything is written. Markdown links percent-encode what
 * a destination cannot hold. A hidden name (`.x`, `..x.md`) is refused: the
 * scan never reads one.
 */
import fs from 'node:fs'
import path from 'node:path'
import {createTwoFilesPatch} from 'diff'
import {findConfigFile} from '../config/load.js'
import {generateRegion, markerFolder} from '../kb/index-regions.js'
import {checkedTargetFix, targetSpellings, type LinkReading} from '../kb/link-check.js'
import {isQuartzMode} from '../kb/quartz-path.js'
import {spellTarget, targetFix, wikiTargetProblem, writtenStyle} from '../kb/link-target.js'
import type {Base, Fix, NoteSummary, ResolvedReference, TargetKind} from '../kb/model.js'
import {folderOf, isInside, isMarkdownPath, joinInsideRoot, noteIdFromPath, stripMarkdownExtension, pathKey} from '../kb/paths.js'
import {createResolver, isExplicitlyRelative} from '../kb/resolve.js'
import {writeFileSafely} from './atomic-write.js'
import {hashBytes} from '../engine/content-hash.js'
import {encodeNote, readIfUnchanged} from '../engine/read-note.js'
import {applyFixes} from './fix.js'
import {lint, type LintOptions, type LintResult} from '../engine/lint.js'
import {findJournal, InterruptedMoveError, removeJournal, rollBack, writeJournal, type Journal, type JournalEntry} from './move-journal.js'

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
  /** Called after each file change (tests stop the process here). */
  onStep?: (step: number) => void
}

export interface MoveOutcome {
  /** The base root the move worked in (absolute, real). */
  root: string
  /** Files moved, relative to the root, old → new. */
  moved: Array<{from: string; to: string}>
  /** Notes whose links were rewritten (their final path) → number of links. */
  rewritten: Map<string, number>
  /** Generated-index regions rewritten. */
  regions: number
  /** Unresolved links into a moved folder, rewritten to point into its new place. */
  brokenFollowed: number
  /** Notes left alone because they changed or vanished while the move was planned. */
  skipped: string[]
  /** Unified diff of the rewritten links (dry run only). */
  diff: string
}

const defaultIO: MoveIO = {
  write: (file, data) => writeFileSafely(file, data),
  remove: (file) => fs.promises.unlink(file)
}

/** The root of the base a move of `from` works in, found as `check` finds it. */
export function findMoveBase(options: Pick<MoveOptions, 'root' | 'configFile' | 'cwd' | 'from'>): string {
  const cwd = options.cwd ?? process.cwd()
  if (options.root !== undefined) {
    const root = path.resolve(cwd, options.root)
    if (!fs.statSync(root, {throwIfNoEntry: false})?.isDirectory()) throw new MoveError(`The root \`${options.root}\` is not a folder`)
    const config = options.configFile ? undefined : findConfigFile(root)
    if (config && path.dirname(config) !== root && isInside(path.dirname(config), root)) {
      const base = path.relative(cwd, path.dirname(config)) || '.'
      throw new MoveError(
        `\`--root ${options.root}\` is inside the base \`${base}\` (config ${path.relative(cwd, config)}), whose other notes may link to what moves; run with --root ${base}`
      )
    }
    return root
  }
  if (options.configFile) return path.dirname(path.resolve(cwd, options.configFile))
  // The nearest existing folder of the source, upwards: where `check` would start.
  let start = path.dirname(path.resolve(cwd, options.from))
  while (!fs.existsSync(start) && path.dirname(start) !== start) start = path.dirname(start)
  const config = isInside(cwd, start) || isInside(start, cwd) ? findConfigFile(start) : undefined
  return config ? path.dirname(config) : cwd
}

export async function moveInBase(options: MoveOptions): Promise<MoveOutcome> {
  const cwd = options.cwd ?? process.cwd()
  const givenRoot = findMoveBase(options)
  const interrupted = findJournal(givenRoot)
  if (interrupted) {
    const again = interrupted.journal
    const same =
      path.resolve(interrupted.root, again.from) === path.resolve(cwd, options.from) &&
      path.resolve(interrupted.root, again.to) === path.resolve(cwd, options.to)
    if (!same || options.dryRun) {
      throw new InterruptedMoveError(
        `an interrupted \`kb-lint mv ${again.from} ${again.to}\` must be finished first: run \`kb-lint mv --continue\` or \`kb-lint mv --abort\``
      )
    }
    return continueMove(interrupted.root, options)
  }
  return moveFresh({...options, root: givenRoot, cwd})
}

/** `mv --continue`: undo the interrupted move, then run it again from the old base. */
export async function continueMove(root: string, options: Partial<MoveOptions> = {}): Promise<MoveOutcome> {
  const found = findJournal(...recoveryRoots(root))
  if (!found) throw new MoveError('No interrupted move to continue')
  const {journal} = found
  await rollBack(found.root, journal)
  return moveFresh({
    ...options,
    root: found.root,
    cwd: found.root,
    configFile: journal.configFile,
    from: journal.from,
    to: journal.to,
    dryRun: false
  })
}

/** `mv --abort`: put the base back exactly as it was before the interrupted move. */
export async function abortMove(root: string): Promise<{root: string; edited: string[]; journal: Journal}> {
  const found = findJournal(...recoveryRoots(root))
  if (!found) throw new MoveError('No interrupted move to abort')
  const {edited} = await rollBack(found.root, found.journal)
  return {root: found.root, edited, journal: found.journal}
}

/** Where `--continue` / `--abort` look for the journal: the folder given, and the folder of the config that applies to it. */
function recoveryRoots(root: string): string[] {
  const config = findConfigFile(path.resolve(root))
  return config ? [root, path.dirname(config)] : [root]
}

async function moveFresh(options: MoveOptions & {root: string; cwd: string}): Promise<MoveOutcome> {
  const {cwd} = options
  const result = await lint({...options, files: undefined, cwd})
  const {base} = result
  const root = base.root

  const sourceAbsolute = path.resolve(cwd, options.from)
  const source = realRelative(options.from, sourceAbsolute, root, cwd, true)
  let destination = realRelative(options.to, path.resolve(cwd, options.to), root, cwd, false)
  if (source === '') throw new MoveError('Cannot move the root of the base')

  // What moves: one note, or every file of a folder (ignored files too: the
  // folder moves as a whole).
  const fileMoves = new Map<string, string>()
  let folderMove: {from: string; to: string} | undefined
  const sourceStat = fs.lstatSync(path.join(root, source), {throwIfNoEntry: false})
  if (sourceStat?.isSymbolicLink())
    throw new MoveError(`\`${options.from}\` is a symbolic link; kb-lint mv moves notes and folders, not links`)
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
      throw new MoveError(`No note or folder \`${options.from}\` in the base${hintFromRoot(options.from, root, cwd)}`)
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
    if (to.split('/').some((segment) => segment === '.' || segment === '..' || segment === ''))
      throw new MoveError(`\`${to}\` is not a valid path in the base`)
    const hidden = to.split('/').find((segment) => segment.startsWith('.'))
    if (hidden !== undefined) {
      throw new MoveError(
        `\`${to}\`: \`${hidden}\` starts with a dot, and kb-lint (like Obsidian and Quartz) never reads hidden files, so every link to it would break; choose another name`
      )
    }
  }
  refuseUnseenLinks(base, fileMoves, folderMove)

  const {edits, markers, regions, brokenFollowed} = planLinkEdits(result, fileMoves, folderMove)

  // New bytes of every file that changes.
  const writes = new Map<string, Buffer>()
  let diff = ''
  const rewritten = new Map<string, number>()
  const skipped: string[] = []
  for (const [note, fixes] of edits) {
    const absolute = path.join(root, note.path)
    const read = readIfUnchanged(absolute, note.hash)
    if (!read.ok && read.changed && fileMoves.has(note.path)) {
      throw new MoveError(`\`${note.path}\` changed while kb-lint was reading the base; run again`)
    }
    if (!read.ok) {
      if (read.changed) skipped.push(note.path)
      continue
    }
    for (const marker of markers.get(note) ?? []) {
      const fix = markerFolderFix(read.text, marker)
      if (fix) fixes.push(fix)
    }
    const {text, used} = applyFixes(read.text, fixes)
    if (text === read.text) continue
    const finalPath = fileMoves.get(note.path) ?? note.path
    writes.set(finalPath, encodeNote(text, read.bom))
    const links = used.filter((fix) => fix.ruleId === 'mv').length
    if (links > 0) rewritten.set(finalPath, links)
    if (options.dryRun) diff += createTwoFilesPatch('a/' + note.path, 'b/' + finalPath, read.text, text, '', '', {context: 1})
  }
  const moved = [...fileMoves].map(([from, to]) => ({from, to}))
  if (options.dryRun) return {root, moved, rewritten, regions, brokenFollowed, skipped, diff}

  const originals = new Map<string, Buffer>()
  for (const [from, to] of fileMoves) {
    const bytes = fs.readFileSync(path.join(root, from))
    originals.set(from, bytes)
    if (!writes.has(to)) writes.set(to, bytes)
  }
  const journal = planJournal(root, options, writes, originals, [...fileMoves.keys()])
  await writeJournal(root, journal)
  await apply(root, journal, writes, [...fileMoves.keys()], folderMove?.from, options.io ?? defaultIO, options.onStep)
  removeJournal(root)
  return {root, moved, rewritten, regions, brokenFollowed, skipped, diff: ''}
}

/** A link (or index region) rewrite of a move, on a note's decoded text. */
export type PlannedEdit = Fix & {ruleId: string; line: number; column: number}

/**
 * The rewrites a move needs, planned in memory from a checked base (no file
 * read or written): per note, the link and index-region edits on its decoded
 * text, and the index markers whose `folder` follows a moved folder
 * (`markerFixes` turns those into edits once the text is read). `fileMoves`
 * maps old → new paths relative to the root; `folderMove` is set when a whole
 * folder moves. `kb-lint mv` applies them; the language server returns them
 * as edits (`workspace/willRenameFiles`).
 */
export function planLinkEdits(
  result: Pick<LintResult, 'base' | 'references' | 'settings'>,
  fileMoves: ReadonlyMap<string, string>,
  folderMove?: {from: string; to: string}
): {edits: Map<NoteSummary, PlannedEdit[]>; markers: Map<NoteSummary, MarkerChange[]>; regions: number; brokenFollowed: number} {
  const {base} = result
  // Old → new, for every kind of link target.
  const noteIds = new Map<string, string>()
  const attachments = new Map<string, string>()
  for (const [from, to] of fileMoves) {
    if (isMarkdownPath(from)) noteIds.set(noteIdFromPath(from), noteIdFromPath(to))
    else attachments.set(pathKey(from), pathKey(to))
  }
  const intoFolder = (id: string): string | undefined =>
    folderMove && (id === folderMove.from || id.startsWith(folderMove.from + '/'))
      ? folderMove.to + id.slice(folderMove.from.length)
      : undefined
  const mapTarget = (kind: TargetKind, id: string): string => {
    if (kind === 'note') return noteIds.get(id) ?? id
    if (kind === 'attachment') return attachments.get(id) ?? id
    return intoFolder(id) ?? id
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
  const mode = result.settings.resolution
  const quartz = isQuartzMode(mode)
  // Every rewritten link must read back as its target in the base as it
  // will be (kb/link-check.ts); the index regions are generated from it too.
  const after = baseAfterMove(base, noteIds, attachments, intoFolder)
  const afterReading: LinkReading = {resolver: createResolver(after, mode), aliasFirst: result.settings.aliasFirst}
  const beforeReading: LinkReading = {resolver: createResolver(base, mode), aliasFirst: result.settings.aliasFirst}

  // Link edits per note.
  const edits = new Map<NoteSummary, PlannedEdit[]>()
  const addEdit = (note: NoteSummary, fix: Fix, line: number, column: number) => {
    const list = edits.get(note) ?? []
    list.push({...fix, ruleId: 'mv', line, column})
    edits.set(note, list)
  }
  let brokenFollowed = 0
  for (const resolved of result.references) {
    const {line, column} = resolved.reference.position.start
    const fix = rewrite(resolved)
    if (fix) {
      addEdit(resolved.from, fix, line, column)
      continue
    }
    const followed = followBroken(resolved)
    if (followed) {
      addEdit(resolved.from, followed, line, column)
      brokenFollowed++
    }
  }

  function rewrite({from, reference, resolution}: ResolvedReference): Fix | undefined {
    if (reference.target === '' || (resolution.status !== 'resolved' && resolution.status !== 'case-mismatch')) return undefined
    const {kind, id} = resolution
    const fromId = noteIds.get(from.id) ?? from.id
    const newId = mapTarget(kind, id)
    if (newId === id && fromId === from.id) return undefined
    if (kind !== 'folder' && !namesTarget(reference.target, id)) return undefined
    const unique = kind === 'note' ? noteNameUnique : fileNameUnique
    const style = writtenStyle(reference, from.id, {kind, id}, mode)
    // Compare spellings, not the written text: a link written in another
    // accepted form (different case, `./` in absolute mode) is left alone
    // unless the move changes where it must point.
    const before = spellTarget(reference, style, {kind, id, fromId: from.id}, unique)
    const spelledAfter = spellTarget(reference, style, {kind, id: newId, fromId}, unique)
    if (before === spelledAfter) return undefined
    const target = {kind, id: newId, fromId}
    const movedFrom = after.byId.get(fromId) ?? {...from, id: fromId}
    const checked = checkedTargetFix(
      reference,
      [spelledAfter, ...targetSpellings(reference, target, mode, unique)],
      movedFrom,
      target,
      afterReading
    )
    if (!checked.ok) {
      const which =
        reference.kind === 'markdown' ? 'a Markdown link' : reference.kind === 'frontmatter' ? 'a frontmatter link' : 'a wiki link'
      throw new MoveError(`\`${from.path}\` links to what moves with ${which}, and ${checked.problem}; choose another name`)
    }
    return checked.fix
  }

  /** An unresolved link whose path lies inside the moved folder follows it. */
  function followBroken({from, reference, resolution}: ResolvedReference): Fix | undefined {
    if (!folderMove || resolution.status !== 'unresolved' || resolution.why !== 'missing' || reference.target === '') return undefined
    const written = reference.target
    const explicitFolder = reference.kind === 'markdown' || written.startsWith('/') || isExplicitlyRelative(written) || mode === 'relative'
    const joined = explicitFolder && !written.startsWith('/') ? joinInsideRoot(folderOf(from.id), written) : joinInsideRoot('', written)
    if (joined === undefined || intoFolder(joined) === undefined || joined === folderMove.from) return undefined
    const fromId = noteIds.get(from.id) ?? from.id
    const newPath = intoFolder(joined)!
    let spelled: string
    if (written.startsWith('/')) spelled = '/' + newPath
    else if (explicitFolder) {
      spelled = path.posix.relative(folderOf(fromId), newPath) || '.'
      if (written.startsWith('./') && !spelled.startsWith('.')) spelled = './' + spelled
    } else spelled = newPath
    if (written.endsWith('/') && !spelled.endsWith('/')) spelled += '/'
    if (spelled === written) return undefined
    if (reference.kind !== 'markdown' && wikiTargetProblem(spelled, quartz)) return undefined
    return targetFix(reference, spelled, quartz)
  }

  // Index regions: a region that lists the right notes now must list the
  // right notes after the move; a region naming the moved folder follows it.
  let regions = 0
  const markers = new Map<NoteSummary, MarkerChange[]>()
  for (const note of base.notes) {
    if (!note.indexRegions) continue
    const movedNote = {...note, id: noteIds.get(note.id) ?? note.id, path: fileMoves.get(note.path) ?? note.path}
    for (const region of note.indexRegions) {
      const current = generateRegion(base, beforeReading, note, region)
      if (!current.ok || current.text !== region.content) continue
      const folder = region.attributes.folder === undefined ? undefined : markerFolder(region.attributes.folder)
      const newFolder = folder === undefined ? undefined : intoFolder(folder)
      const moved = newFolder === undefined ? region : {...region, attributes: {...region.attributes, folder: newFolder}}
      const next = generateRegion(after, afterReading, movedNote, moved)
      if (!next.ok) continue
      const list = (edits.get(note) ?? []).filter((edit) => edit.start >= region.end || edit.end <= region.start)
      let changed = false
      if (next.text !== region.content) {
        list.push({
          start: region.start,
          end: region.end,
          text: next.text,
          ruleId: 'index-stale',
          line: region.place.start.line,
          column: region.place.start.column
        })
        changed = true
      }
      const {start, end} = {start: region.place.start.offset, end: region.place.end.offset}
      if (newFolder !== undefined && newFolder !== folder && start !== undefined && end !== undefined) {
        const changes = markers.get(note) ?? []
        changes.push({start, end, newFolder, line: region.place.start.line, column: region.place.start.column})
        markers.set(note, changes)
        changed = true
      }
      if (changed) {
        edits.set(note, list)
        regions++
      }
    }
  }
  return {edits, markers, regions, brokenFollowed}
}

/** The edits of a note's index markers whose folder moves, on its current text. */
export function markerFixes(text: string, markers: MarkerChange[]): PlannedEdit[] {
  return markers.map((marker) => markerFolderFix(text, marker)).filter((fix): fix is PlannedEdit => fix !== undefined)
}

/** Every path the move touches, hashed before and after, with the bytes to restore. */
function planJournal(
  root: string,
  options: MoveOptions,
  writes: Map<string, Buffer>,
  originals: Map<string, Buffer>,
  removals: string[]
): Journal {
  const entries: JournalEntry[] = []
  const createdFolders = new Set<string>()
  for (const [relative, data] of writes) {
    const file = path.join(root, relative)
    const existing = originals.get(relative) ?? (fs.existsSync(file) ? fs.readFileSync(file) : undefined)
    entries.push({
      path: relative,
      before: existing ? hashBytes(existing) : null,
      after: hashBytes(data),
      original: existing?.toString('base64')
    })
    for (let folder = folderOf(relative); folder !== '' && !fs.existsSync(path.join(root, folder)); folder = folderOf(folder))
      createdFolders.add(folder)
  }
  for (const relative of removals) {
    const bytes = originals.get(relative)!
    entries.push({path: relative, before: hashBytes(bytes), after: null, original: bytes.toString('base64')})
  }
  const fromRoot = (value: string) =>
    path
      .relative(root, path.resolve(options.cwd ?? process.cwd(), value))
      .split(path.sep)
      .join('/')
  return {
    format: 'kb-lint-mv-journal',
    version: 1,
    from: fromRoot(options.from),
    to: fromRoot(options.to) + (options.to.endsWith('/') ? '/' : ''),
    configFile: options.configFile ? path.resolve(options.cwd ?? process.cwd(), options.configFile) : undefined,
    entries,
    createdFolders: [...createdFolders]
  }
}

/**
 * Write every file, then remove the old ones (and a moved folder, once
 * empty); on failure undo from the journal (which holds every original).
 */
async function apply(
  root: string,
  journal: Journal,
  writes: Map<string, Buffer>,
  removals: string[],
  emptied: string | undefined,
  io: MoveIO,
  onStep?: (step: number) => void
): Promise<void> {
  let step = 0
  try {
    for (const [relative, data] of writes) {
      const file = path.join(root, relative)
      fs.mkdirSync(path.dirname(file), {recursive: true})
      await io.write(file, data)
      onStep?.(++step)
    }
    for (const relative of removals) {
      await io.remove(path.join(root, relative))
      onStep?.(++step)
    }
    if (emptied !== undefined) removeEmptyFolders(root, emptied)
  } catch (error) {
    const reason = (error as Error).message
    try {
      await rollBack(root, journal)
    } catch (undoError) {
      throw new MoveError(
        `Move failed (${reason}) and could not be undone (${(undoError as Error).message}); run \`kb-lint mv --abort\` when the cause is fixed`
      )
    }
    throw new MoveError(`Move failed (${reason}); nothing was changed`)
  }
}

/**
 * kb-lint cannot see a link in a note it could not read (too large, not
 * UTF-8, vanished): if such a note names what moves, the move would leave
 * that link broken without a word, so it is refused.
 */
function refuseUnseenLinks(base: Base, fileMoves: Map<string, string>, folderMove: {from: string; to: string} | undefined): void {
  const names = new Set<string>()
  if (folderMove) names.add(path.posix.basename(folderMove.from))
  else for (const from of fileMoves.keys()) names.add(stripMarkdownExtension(path.posix.basename(from)))
  for (const note of base.notes) {
    const unread =
      note.hash === '' || note.findings.some((finding) => finding.ruleId === 'file-unreadable' || finding.ruleId === 'file-encoding')
    if (!unread || fileMoves.has(note.path)) continue
    let bytes: Buffer
    try {
      bytes = fs.readFileSync(path.join(base.root, note.path))
    } catch {
      continue
    }
    const text = bytes.toString('latin1') + '\n' + bytes.toString('utf8')
    for (const name of names) {
      if (text.includes(name) || text.includes(encodeURIComponent(name))) {
        throw new MoveError(
          `\`${note.path}\` could not be checked (${note.findings[0]?.reason ?? 'unreadable'}) and mentions \`${name}\`; its links cannot be rewritten, so nothing was moved: fix that note first`
        )
      }
    }
  }
}

/** The base as it will be after the move, enough for index regions (ids, titles, folders). */
function baseAfterMove(
  base: Base,
  noteIds: Map<string, string>,
  attachments: Map<string, string>,
  intoFolder: (id: string) => string | undefined
): Base {
  const byId = new Map<string, NoteSummary>()
  const notes: NoteSummary[] = []
  for (const note of base.notes) {
    const id = noteIds.get(note.id) ?? note.id
    const moved = id === note.id ? note : {...note, id, path: id + note.path.slice(note.id.length)}
    notes.push(moved)
  }
  for (const [id, note] of base.byId) {
    const newId = noteIds.get(id) ?? id
    byId.set(newId, newId === id ? note : {...note, id: newId})
  }
  const folders = new Set<string>()
  for (const folder of base.folders) folders.add(intoFolder(folder) ?? folder)
  for (const id of byId.keys()) for (let folder = folderOf(id); folder !== ''; folder = folderOf(folder)) folders.add(folder)
  // Notes are files too: a link to a note's old path must not find it as a file.
  const movedFile = (file: string) =>
    attachments.get(file) ??
    (isMarkdownPath(file) && noteIds.has(noteIdFromPath(file))
      ? noteIds.get(noteIdFromPath(file))! + file.slice(noteIdFromPath(file).length)
      : file)
  const files = new Set<string>([...base.files].map(movedFile))
  return {...base, notes, byId, folders, files}
}

/**
 * The fix that rewrites `folder="old"` to the new folder in a region's start
 * marker (`place` spans the marker comment in the decoded text).
 */
function markerFolderFix(text: string, marker: MarkerChange): (Fix & {ruleId: string; line: number; column: number}) | undefined {
  const comment = text.slice(marker.start, marker.end)
  const match = /\bfolder\s*=\s*(["'])(.*?)\1/s.exec(comment)
  if (!match) return undefined
  const valueStart = marker.start + match.index + match[0].length - 1 - match[2]!.length
  return {
    start: valueStart,
    end: valueStart + match[2]!.length,
    text: marker.newFolder,
    ruleId: 'index-marker',
    line: marker.line,
    column: marker.column
  }
}

export interface MarkerChange {
  start: number
  end: number
  newFolder: string
  line: number
  column: number
}

/** The written target names this id (not an alias of it): same last segment. */
function namesTarget(written: string, id: string): boolean {
  const last = (value: string) => stripMarkdownExtension(value.replace(/\/$/, '')).split('/').pop()!.toLowerCase()
  return last(written) === last(id)
}

function fileName(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1)
}

/**
 * A path argument → relative to the real root. Checked on real paths: the
 * nearest existing folder of the path is resolved with `realpath`, so a
 * symlinked folder that leads outside is refused, and a path that reaches a
 * folder of the base through a link is refused with its real path.
 */
function realRelative(argument: string, absolute: string, root: string, cwd: string, mustExist: boolean): string {
  let existing = absolute
  const rest: string[] = []
  // The source itself may be a symlink (refused later); resolve its parent.
  if (mustExist) {
    rest.unshift(path.basename(existing))
    existing = path.dirname(existing)
  }
  while (!fs.existsSync(existing)) {
    rest.unshift(path.basename(existing))
    const parent = path.dirname(existing)
    if (parent === existing) break
    existing = parent
  }
  let real: string
  try {
    real = path.join(fs.realpathSync(existing), ...rest)
  } catch {
    real = absolute
  }
  if (!isInside(root, real)) {
    throw new MoveError(
      `\`${argument}\` is outside the base \`${path.relative(cwd, root) || '.'}\`; kb-lint mv never leaves the base${hintFromRoot(argument, root, cwd)}`
    )
  }
  const viaLink = path.relative(path.resolve(cwd), absolute)
  const relative = path.relative(root, real).split(path.sep).join('/')
  const givenRelative = path.relative(root, absolute).split(path.sep).join('/')
  if (isInside(root, absolute) && givenRelative !== relative && viaLink !== '') {
    throw new MoveError(
      `\`${argument}\` goes through a symbolic link; kb-lint mv works on real paths: use \`${path.relative(cwd, real) || '.'}\``
    )
  }
  return relative
}

/** "(did you mean …)" when the argument names something relative to the root rather than the current folder. */
function hintFromRoot(argument: string, root: string, cwd: string): string {
  if (path.resolve(cwd) === root) return ''
  const fromRoot = path.join(root, argument)
  if (!fs.existsSync(fromRoot) && !fs.existsSync(fromRoot + '.md')) return ''
  return `; paths are relative to the current folder: did you mean \`${path.relative(cwd, fromRoot)}\`?`
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
    else if (!entry.isDirectory()) throw new MoveError(`\`${relative}\` is not a regular file (a symbolic link?); move it by hand first`)
  }
  return files.sort()
}

/** Remove a folder tree (relative) that holds no files any more, up to but not including the root. */
function removeEmptyFolders(root: string, relative: string): void {
  if (relative === '') return
  const folder = path.join(root, relative)
  const stat = fs.lstatSync(folder, {throwIfNoEntry: false})
  if (!stat?.isDirectory()) return
  for (const entry of fs.readdirSync(folder)) removeEmptyFolders(root, relative + '/' + entry)
  if (fs.readdirSync(folder).length === 0) fs.rmdirSync(folder)
}
