/**
 * A reader that stops early (`kb-lint check | head`) closes the pipe under
 * stdout, and Node reports the next write's EPIPE as an unhandled `error`
 * event: a stack trace. kb-lint instead stops writing, as `grep` or
 * `git log` do: a one-shot command ends with its own exit code (1 when it
 * found errors, whatever the reader took), and `--watch` stops watching
 * (`onStdoutClosed`).
 */
let closed = false
const listeners = new Set<() => void>()

/** Installed once, before any command writes. */
export function stopWritingWhenStdoutCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    if (closed) return
    closed = true
    for (const listener of listeners) listener()
  })
}

/** Call `listener` once the reader of stdout has gone; returns a function that cancels this. */
export function onStdoutClosed(listener: () => void): () => void {
  if (closed) listener()
  else listeners.add(listener)
  return () => listeners.delete(listener)
}
