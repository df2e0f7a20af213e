/**
 * `check --staged`: the file list is what git has staged below the root —
 * including deleted notes and the old names of renamed ones (`--no-renames`
 * splits a rename into a deletion and an addition), so links to them in other
 * notes are caught. Hook runners pass only added and modified files; this is
 * how the pre-commit hook sees deletions and renames.
 */
import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {UsageError} from './errors.js'

/** Absolute paths of the staged files below `root`. */
export function stagedFiles(root: string): string[] {
  const absoluteRoot = path.resolve(root)
  // Outside a repository `git diff` turns into `git diff --no-index`, which
  // answers "unknown option `cached'": ask git first whether there is one.
  const inside = spawnSync('git', ['-C', absoluteRoot, 'rev-parse', '--is-inside-work-tree'], {encoding: 'utf8'})
  if (inside.error) throw new UsageError(`--staged needs git, which could not be run: ${inside.error.message}`)
  if (inside.status !== 0 || inside.stdout.trim() !== 'true') {
    throw new UsageError(`--staged needs a git repository, and ${root} is not inside one`)
  }
  const result = spawnSync('git', ['-C', absoluteRoot, 'diff', '--cached', '--name-only', '--no-renames', '--relative', '-z'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024
  })
  if (result.error) throw new UsageError(`--staged needs git, which could not be run: ${result.error.message}`)
  if (result.status !== 0) {
    const reason = result.stderr.trim().split('\n')[0] || `git exited with ${result.status}`
    throw new UsageError(`--staged needs a git repository at ${root}: ${reason}`)
  }
  return result.stdout
    .split('\0')
    .filter(Boolean)
    .map((file) => path.join(absoluteRoot, file))
}
