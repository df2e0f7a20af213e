/**
 * The journal that makes `kb-lint mv` a transaction a crash cannot leave half
 * done. Before its first change, `mv` writes `.kb-lint/mv-journal.json` in
 * the base root (a dot-folder: never scanned as notes) with every path it will
 * change — files it rewrites, creates or removes — each with the sha1 of its
 * bytes before and after, and the original bytes of every file it rewrites or
 * removes. The journal is removed after the last change.
 *
 * A journal still there means a move was interrupted (kill, power loss, full
 * disk during the undo). Then:
 * - every other command (check, graph, index, the API's `lint`) stops with one
 *   line naming the move and the two ways out, as git does mid-rebase;
 * - `kb-lint mv --abort` restores every path to its original bytes (or
 *   removes it when it did not exist) → exactly the old base;
 * - `kb-lint mv --continue`, or the same `kb-lint mv OLD NEW` again, restores
 *   the old base the same way and then runs the move anew from it → exactly
 *   the new base. Re-running is therefore idempotent.
 * Rolling back first and re-planning keeps one code path for a fresh and a
 * resumed move. Both steps are idempotent, so a crash during the recovery is
 * recovered the same way.
 */
import fs from 'node:fs'
import path from 'node:path'
import {hashBytes} from '../engine/content-hash.js'
import {syncFolder, writeFileSafely} from './atomic-write.js'

export const JOURNAL_FOLDER = '.kb-lint'
export const JOURNAL_NAME = 'mv-journal.json'
const FORMAT = 'kb-lint-mv-journal'

export interface JournalEntry {
  /** Relative to the root, `/`. */
  path: string
  /** sha1 of the bytes before the move; null: the path did not exist. */
  before: string | null
  /** sha1 after the move; null: the move removes it. */
  after: string | null
  /** The original bytes (base64), for every path that existed. */
  original?: string
}

export interface Journal {
  format: typeof FORMAT
  version: 1
  /** The move as given, relative to the root: what `--continue` runs again. */
  from: string
  to: string
  /** The config file the move used, if one was given. */
  configFile?: string
  entries: JournalEntry[]
  /** Folders the move creates (relative), removed again when empty on abort. */
  createdFolders: string[]
}

/** A move was interrupted; the message is the one line the CLI prints. */
export class InterruptedMoveError extends Error {
  override name = 'InterruptedMoveError'
}

export function journalFile(root: string): string {
  return path.join(root, JOURNAL_FOLDER, JOURNAL_NAME)
}

export async function writeJournal(root: string, journal: Journal): Promise<void> {
  fs.mkdirSync(path.join(root, JOURNAL_FOLDER), {recursive: true})
  await writeFileSafely(journalFile(root), JSON.stringify(journal))
}

export function removeJournal(root: string): void {
  fs.rmSync(journalFile(root), {force: true})
  const folder = path.join(root, JOURNAL_FOLDER)
  try {
    fs.rmdirSync(folder)
  } catch {
    // Not empty (the user keeps other things there) or already gone.
  }
  syncFolder(root)
}

/**
 * The journal of an interrupted move in the first of `roots` that has one
 * (callers pass the root and the config's folder, so checking a subfolder of
 * a half-moved base is stopped too, without looking anywhere else).
 */
export function findJournal(...roots: string[]): {root: string; journal: Journal} | undefined {
  for (const root of roots) {
    const file = journalFile(path.resolve(root))
    if (fs.existsSync(file)) return {root: path.resolve(root), journal: readJournal(file)}
  }
  return undefined
}

function readJournal(file: string): Journal {
  let journal: Journal
  try {
    journal = JSON.parse(fs.readFileSync(file, 'utf8')) as Journal
  } catch (error) {
    throw new InterruptedMoveError(
      `${file} is damaged (${(error as Error).message.split('\n')[0]}); check the base by hand (e.g. git status), then delete it`
    )
  }
  if (journal?.format !== FORMAT || !Array.isArray(journal.entries)) {
    throw new InterruptedMoveError(`${file} is not a kb-lint move journal; check the base by hand, then delete it`)
  }
  return journal
}

/** For every command but `mv`: stop, in one line, when a move was interrupted. */
export function refuseInterruptedMove(...roots: string[]): void {
  const found = findJournal(...roots)
  if (!found) return
  const {from, to} = found.journal
  throw new InterruptedMoveError(
    `an interrupted \`kb-lint mv ${from} ${to}\` left ${displayRoot(found.root)} half moved; run \`kb-lint mv --continue\` to finish it or \`kb-lint mv --abort\` to undo it`
  )
}

/**
 * Put every path of the journal back as it was before the move (idempotent),
 * then remove the journal. A path whose bytes are neither the original nor
 * what the move wrote was edited since: it is still restored (the journal
 * holds its original), and named in the returned list.
 */
export async function rollBack(root: string, journal: Journal): Promise<{edited: string[]}> {
  const edited: string[] = []
  // Restore originals first (a moved note's old path may be inside a folder
  // the move removed), then remove what the move created.
  for (const entry of journal.entries) {
    const file = inside(root, entry.path)
    const current = fs.existsSync(file) ? hashBytes(fs.readFileSync(file)) : null
    if (current !== entry.before && current !== entry.after) edited.push(entry.path)
    if (entry.before === null || current === entry.before) continue
    fs.mkdirSync(path.dirname(file), {recursive: true})
    await writeFileSafely(file, Buffer.from(entry.original ?? '', 'base64'))
  }
  for (const entry of journal.entries) {
    if (entry.before !== null) continue
    fs.rmSync(inside(root, entry.path), {force: true})
  }
  // A writer killed mid-write leaves its temporary dot-file beside the target.
  for (const entry of journal.entries) removeStrayTemporaries(inside(root, entry.path))
  for (const folder of [...journal.createdFolders].sort().reverse()) removeIfEmpty(inside(root, folder))
  removeJournal(root)
  return {edited}
}

/** A journal path joined to the root, refusing one that leaves it (a hand-edited journal). */
function inside(root: string, relative: string): string {
  const file = path.resolve(root, relative)
  const rel = path.relative(root, file)
  if (rel === '' || rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) {
    throw new InterruptedMoveError(
      `the move journal names \`${relative}\`, outside the base; check the base by hand, then delete ${journalFile(root)}`
    )
  }
  return file
}

/** `.name.<pid>.<hex>.tmp` files of atomic-write.ts beside `file`. */
function removeStrayTemporaries(file: string): void {
  const folder = path.dirname(file)
  const prefix = '.' + path.basename(file) + '.'
  let names: string[]
  try {
    names = fs.readdirSync(folder)
  } catch {
    return
  }
  for (const name of names) {
    if (name.startsWith(prefix) && /^\d+\.[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length)))
      fs.rmSync(path.join(folder, name), {force: true})
  }
}

function removeIfEmpty(folder: string): void {
  try {
    fs.rmdirSync(folder)
  } catch {
    // Not empty, or already gone: keep it.
  }
}

function displayRoot(root: string): string {
  const relative = path.relative(process.cwd(), root)
  return relative === '' ? 'the base' : `the base ${relative.startsWith('..') ? root : relative}`
}
