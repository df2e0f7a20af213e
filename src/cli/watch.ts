/**
 * `kb-lint check --watch`: lint, print the report, and again after every
 * change below the root, until Ctrl-C.
 *
 * Each run is a full `lint` (so notes that link to a changed, added, removed
 * or renamed note are re-checked too, and a deleted note's backlinks turn
 * into `link-unresolved`); the engine's cache keeps unchanged notes from
 * being parsed again. Bursts of events (an editor's save, `git checkout`) are
 * debounced into one run, and runs never overlap: events during a run
 * schedule exactly one more. A run that fails (a config briefly invalid, the
 * root gone) prints one line and the watch goes on.
 */
import fs from 'node:fs'
import path from 'node:path'
import {watch, type FSWatcher} from 'chokidar'
import {ConfigError} from '../config/load.js'
import {EXIT_OK, UsageError} from './errors.js'

/** What one check run found, for the status line. */
export interface CheckOutcome {
  exitCode: number
  errors: number
  warnings: number
  notes: number
}

export interface WatchOptions {
  /** The base root, as given. */
  root: string
  /** An explicit config file: watched too, it may live outside the root. */
  configFile?: string
  /** The report file: never a reason to re-run (writing it would loop). */
  outputFile?: string
  /** Lint and print once. */
  run: () => Promise<CheckOutcome>
  /** Quiet time before a run, in ms. */
  debounce?: number
}

/** Long enough to merge an editor's write-rename-chmod, short enough to feel instant. */
const DEBOUNCE_MS = 150

/** Files whose change never changes the report: the scan skips them too. */
const IGNORE_FILES = new Set(['.gitignore', '.kblintignore'])

export async function watchCheck(options: WatchOptions): Promise<number> {
  const root = path.resolve(options.root)
  if (!isFolder(root)) throw new UsageError(`Cannot watch \`${options.root}\`: no such folder`)
  const output = options.outputFile ? path.resolve(options.outputFile) : undefined
  const watched = [root, ...(options.configFile ? [path.resolve(options.configFile)] : [])]
  const watcher = watch(watched, {
    ignoreInitial: true,
    ignored: (file) => isIgnored(root, output, file)
  })
  watcher.on('error', (error) => process.stderr.write(`kb-lint: watch error: ${describe(error)}\n`))
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
  return loop(watcher, options, options.debounce ?? DEBOUNCE_MS)
}

function loop(watcher: FSWatcher, options: WatchOptions, debounce: number): Promise<number> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined
    let running = false
    let again = false
    let stopped = false

    const run = async () => {
      timer = undefined
      running = true
      if (process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H')
      try {
        const outcome = await options.run()
        process.stderr.write(`kb-lint: ${status(outcome)} — watching for changes (Ctrl-C to stop)\n`)
      } catch (error) {
        const known = error instanceof UsageError || error instanceof ConfigError
        process.stderr.write(`kb-lint: ${known ? '' : 'internal error: '}${describe(error)} — watching for changes (Ctrl-C to stop)\n`)
      }
      running = false
      if (again && !stopped) {
        again = false
        schedule()
      }
    }

    const schedule = () => {
      if (stopped) return
      if (running) {
        again = true
        return
      }
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => void run(), debounce)
    }

    const stop = () => {
      if (stopped) return
      stopped = true
      if (timer) clearTimeout(timer)
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      process.stderr.write('kb-lint: stopped watching\n')
      void watcher.close().then(() => resolve(EXIT_OK), () => resolve(EXIT_OK))
    }

    watcher.on('all', schedule)
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
    void run()
  })
}

/** `2 errors, 1 warning in 9 notes`. */
function status(outcome: CheckOutcome): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`
  return `${plural(outcome.errors, 'error')}, ${plural(outcome.warnings, 'warning')} in ${plural(outcome.notes, 'note')}`
}

/** What the scan never reads (`node_modules`, dot-folders and dot-files) and the report file. */
function isIgnored(root: string, output: string | undefined, file: string): boolean {
  // The report's temporary file (engine/atomic-write.ts) is a dot-file beside it, ignored below.
  if (output && file === output) return true
  const relative = path.relative(root, file)
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false
  const parts = relative.split(path.sep)
  return parts.some((part, index) => {
    if (part === 'node_modules') return true
    if (!part.startsWith('.')) return false
    return !(index === parts.length - 1 && IGNORE_FILES.has(part))
  })
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory()
  } catch {
    return false
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
