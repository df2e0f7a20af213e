/**
 * For clients that do not watch files for the server (no dynamic
 * registration of `workspace/didChangeWatchedFiles`): the server watches the
 * root itself (chokidar, as `check --watch` does), so a git checkout or
 * another tool still reaches the open notes. Only reads; never writes.
 */
import path from 'node:path'
import {watch, type FSWatcher} from 'chokidar'

/** Long enough to merge a checkout's burst of writes, short enough to feel instant. */
const DEBOUNCE_MS = 150

/** Files the scan reads although they start with a dot. */
const READ_DOT_FILES = new Set(['.gitignore', '.kblintignore'])

export function watchBase(
  root: string,
  extra: string[],
  onChange: (files: string[]) => void,
  onError: (message: string) => void
): FSWatcher {
  const pending = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  const watcher = watch([root, ...extra], {ignoreInitial: true, ignored: (file) => skipped(root, file)})
  watcher.on('all', (_event, file) => {
    pending.add(file)
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = undefined
      const files = [...pending]
      pending.clear()
      onChange(files)
    }, DEBOUNCE_MS)
  })
  watcher.on('error', (error) => onError(error instanceof Error ? error.message : String(error)))
  return watcher
}

/** What the scan never reads: `node_modules`, dot-folders and dot-files (but the ignore files). */
function skipped(root: string, file: string): boolean {
  const relative = path.relative(root, file)
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false
  const parts = relative.split(path.sep)
  return parts.some(
    (part, index) => part === 'node_modules' || (part.startsWith('.') && !(index === parts.length - 1 && READ_DOT_FILES.has(part)))
  )
}
