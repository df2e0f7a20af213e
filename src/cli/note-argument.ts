/** A note named on the command line (`--print-config`, `--stdin-filename`): where it sits in the base. */
import fs from 'node:fs'
import path from 'node:path'
import {isInside, isMarkdownPath, toRelative} from '../kb/paths.js'
import {UsageError} from './errors.js'

/**
 * The note's path relative to the base root, with `/`. The note is given
 * relative to the current folder (as every path on the command line is) and
 * may not exist yet; it must be a `.md` path inside the root.
 */
export function noteInBase(root: string, note: string, option: string): string {
  const absoluteRoot = realOrResolved(path.resolve(root))
  const absolute = realOrResolved(path.resolve(note))
  if (!isInside(absoluteRoot, absolute) || absolute === absoluteRoot) {
    throw new UsageError(`${option} ${note} is not inside the base root ${root} (paths are relative to the current folder)`)
  }
  if (!isMarkdownPath(absolute)) throw new UsageError(`${option} ${note} is not a note: notes end in .md`)
  return toRelative(absoluteRoot, absolute)
}

/** The real path of the longest existing part of `file`, the rest appended: symlinked roots and new notes both work. */
function realOrResolved(file: string): string {
  let existing = file
  const rest: string[] = []
  while (!fs.existsSync(existing)) {
    const parent = path.dirname(existing)
    if (parent === existing) return file
    rest.unshift(path.basename(existing))
    existing = parent
  }
  return path.join(fs.realpathSync(existing), ...rest)
}
