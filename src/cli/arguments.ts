/**
 * Checks of the command-line paths, before any work, so a user's mistake is
 * one line in their words (exit 2) rather than an internal error from deep
 * inside a run.
 */
import fs from 'node:fs'
import path from 'node:path'
import {UsageError} from './errors.js'

/** The base root must be an existing folder; a file given as root is a usage error, not a finding. */
export function requireRootFolder(root: string | undefined): void {
  const given = root ?? '.'
  let stat: fs.Stats | undefined
  try {
    stat = fs.statSync(path.resolve(given))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`No such folder: ${given}`)
    if (code === 'EACCES' || code === 'EPERM') throw new UsageError(`Cannot read folder ${given}: permission denied`)
    throw new UsageError(`Cannot read folder ${given}: ${(error as Error).message}`)
  }
  if (!stat.isDirectory()) {
    throw new UsageError(
      `${given} is a file, not a folder: give the folder that holds the base (to report on one note: kb-lint check ROOT -- ${given})`
    )
  }
}

/** `-o FILE` must go into an existing folder; said before the run, in the user's words (not a temp file's name). */
export function requireOutputFolder(file: string | undefined, option = '-o'): void {
  if (file === undefined) return
  const folder = path.dirname(path.resolve(file))
  let stat: fs.Stats | undefined
  try {
    stat = fs.statSync(folder)
  } catch {
    throw new UsageError(`Cannot write ${option} ${file}: no folder ${path.dirname(file)}; create it first`)
  }
  if (!stat.isDirectory()) throw new UsageError(`Cannot write ${option} ${file}: ${path.dirname(file)} is not a folder`)
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`Cannot write ${option} ${file}: it is a folder`)
}
