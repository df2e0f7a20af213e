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
import {onStdoutClosed} from './closed-pipe.js'

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

/** How long a stopped watch waits for a forwarded second Ctrl-C before exiting. */
const SECOND_SIGNAL_GRACE_MS = 200

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
  const root = path.resolve(options.root)
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined
    let running = false
    let again = false
    let stopped = false
    /** What changed since the last run started, by path relative to the current folder. */
    let changes = new Map<string, string>()

    const run = async () => {
      timer = undefined
      running = true
      const changed = changes
      changes = new Map()
      // Clear the screen only for a person at a terminal; a pipe or a log keeps every report.
      if (process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[3J\x1b[H')
      const header = `kb-lint: ${clockTime()}${changed.size > 0 ? ` · ${describeChanges(changed)}` : ''}`
      try {
        const outcome = await options.run()
        process.stderr.write(`${header} · ${status(outcome)} — watching for changes (Ctrl-C to stop)\n`)
      } catch (error) {
        const known = error instanceof UsageError || error instanceof ConfigError
        process.stderr.write(`${header} · ${known ? '' : 'internal error: '}${describe(error)} — watching for changes (Ctrl-C to stop)\n`)
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

    const onChange = (event: string, file: string) => {
      schedule()
      // A new or deleted folder shows through the notes in it.
      if (event === 'addDir' || event === 'unlinkDir') return
      const shown = path.relative(process.cwd(), path.resolve(root, file)) || file
      // The last word wins, except that a note created and then changed is still new.
      if (!(event === 'change' && changes.get(shown) === 'add')) changes.set(shown, event)
    }

    // Ctrl-C reaches every process of the terminal's group, and under `npx`
    // npm forwards it to its child once more, a moment later. The handlers
    // stay until the process ends, and the process lingers a moment after
    // closing the watcher, so that second signal is absorbed here instead of
    // finding Node's default action (death by SIGINT: exit 130) during exit.
    const stop = () => {
      if (stopped) return
      stopped = true
      if (timer) clearTimeout(timer)
      process.stderr.write('kb-lint: stopped watching\n')
      const done = () => setTimeout(() => resolve(EXIT_OK), SECOND_SIGNAL_GRACE_MS)
      void watcher.close().then(done, done)
    }

    watcher.on('all', onChange)
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
    // `kb-lint check --watch | head`: nobody reads the reports any more.
    onStdoutClosed(stop)
    void run()
  })
}

/** `14:03:27`, local time. */
function clockTime(): string {
  return new Date().toTimeString().slice(0, 8)
}

const EVENT_WORDS: Record<string, string> = {add: 'new', unlink: 'deleted'}

/** `a.md changed`, `a.md (new), b.md (deleted) changed`, `a.md, b.md, c.md and 4 more changed`. */
export function describeChanges(changes: Map<string, string>): string {
  const SHOWN = 3
  const names = [...changes].slice(0, SHOWN).map(([file, event]) => (EVENT_WORDS[event] ? `${file} (${EVENT_WORDS[event]})` : file))
  const more = changes.size > SHOWN ? ` and ${changes.size - SHOWN} more` : ''
  return `${names.join(', ')}${more} changed`
}

/** `2 errors, 1 warning in 9 notes`. */
function status(outcome: CheckOutcome): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`
  return `${plural(outcome.errors, 'error')}, ${plural(outcome.warnings, 'warning')} in ${plural(outcome.notes, 'note')}`
}

/** What the scan never reads (`node_modules`, dot-folders and dot-files) and the report file. */
function isIgnored(root: string, output: string | undefined, file: string): boolean {
  // The report's temporary file (write/atomic-write.ts) is a dot-file beside it, ignored below.
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
