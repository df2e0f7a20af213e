/** Where command output goes: stdout, or a file written atomically; and whether it is coloured. */
import path from 'node:path'
import {writeFileSafely} from '../write/atomic-write.js'
import {requireOutputFolder} from './arguments.js'
import {UsageError} from './errors.js'
import {onStdoutClosed} from './closed-pipe.js'

export async function emit(text: string, outputFile: string | undefined): Promise<void> {
  const body = text.endsWith('\n') || text === '' ? text : text + '\n'
  if (!outputFile) return writeStdout(body)
  requireOutputFolder(outputFile)
  try {
    await writeFileSafely(path.resolve(outputFile), body)
  } catch (error) {
    // The writer's temp file is an implementation detail: name the file the user gave.
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new UsageError(`Cannot write -o ${outputFile}: permission denied`)
    if (code === 'ENOSPC') throw new UsageError(`Cannot write -o ${outputFile}: no space left on the device`)
    if (code === 'ENOENT') throw new UsageError(`Cannot write -o ${outputFile}: no folder ${path.dirname(outputFile)}`)
    throw error
  }
}

/**
 * Resolve once the text is flushed, so exit codes never cut a report short
 * — or once the reader has gone (`| head`, cli/closed-pipe.ts): there is
 * nobody left to deliver it to, and the run's exit code still stands.
 */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (text === '') return resolve()
    const forget = onStdoutClosed(resolve)
    process.stdout.write(text, (error) => {
      forget()
      if (error && (error as NodeJS.ErrnoException).code !== 'EPIPE') reject(error)
      else resolve()
    })
  })
}

/** `--color` (true) / `--no-color` (false) / neither (undefined: decide from the terminal and the environment). */
let colorChoice: boolean | undefined

export function setColorChoice(choice: boolean | undefined): void {
  colorChoice = choice
}

/**
 * Colour for human formats. `--color` / `--no-color` win; then, as Node
 * itself decides, FORCE_COLOR (`0`/`false` off, anything else on) before
 * NO_COLOR (any non-empty value, no-color.org); then a terminal that
 * supports colour.
 */
export function useColor(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  if (colorChoice !== undefined) return colorChoice
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR.toLowerCase() !== 'false'
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  return Boolean(stream.isTTY && stream.hasColors?.())
}

/** The width to keep lines within: the terminal's, when stdout is one (`COLUMNS` otherwise, if set). */
export function outputWidth(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (stream.isTTY && stream.columns > 0) return stream.columns
  const columns = Number(env.COLUMNS)
  return Number.isInteger(columns) && columns > 0 ? columns : undefined
}
