/**
 * The progress line of long runs: `kb-lint: parsed 1200/5000 notes (850/s)`
 * on stderr, rewritten in place, cleared at the end.
 *
 * Shown only to a person watching: stderr is a terminal, not in CI (the `CI`
 * variable every CI service sets), not with `--quiet`, and only once a run
 * has taken longer than about a second — short runs stay silent. It never
 * goes to stdout, so machine formats there are never mixed with it.
 */

export interface ProgressOptions {
  stream?: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>
  env?: NodeJS.ProcessEnv
  quiet?: boolean
  /** Milliseconds before the first line; `KB_LINT_PROGRESS_AFTER_MS` overrides the default 1000. */
  after?: number
  now?: () => number
}

export interface Progress {
  /** Matches the engine's `onProgress(done, total)`; undefined when progress is off. */
  onProgress?: (done: number, total: number) => void
  /** Clear the line if one was drawn. */
  end(): void
}

/** Redraw at most this often: cheap on huge bases, still looks live. */
const REDRAW_MS = 100

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr
  const env = options.env ?? process.env
  if (!stream.isTTY || options.quiet || isCi(env)) return {end() {}}
  const now = options.now ?? (() => performance.now())
  const after = options.after ?? delayFromEnv(env) ?? 1000
  const start = now()
  let lastDraw = -Infinity
  let drawn = false
  return {
    onProgress(done, total) {
      const time = now()
      const elapsed = time - start
      if (elapsed < after || (time - lastDraw < REDRAW_MS && done < total)) return
      lastDraw = time
      drawn = true
      const rate = elapsed > 0 ? Math.round((done * 1000) / elapsed) : done
      stream.write(`\r\x1b[Kkb-lint: parsed ${done}/${total} ${total === 1 ? 'note' : 'notes'} (${rate}/s)`)
    },
    end() {
      if (drawn) stream.write('\r\x1b[K')
      drawn = false
    }
  }
}

/** `CI=true`, `CI=1`… as set by GitHub Actions, GitLab CI and the rest; `CI=false`/`0`/empty means not CI. */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
}

function delayFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.KB_LINT_PROGRESS_AFTER_MS
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined
}
