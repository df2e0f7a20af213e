/** Where command output goes: stdout, or a file written atomically. */
import path from 'node:path'
import {writeFileSafely} from '../engine/atomic-write.js'

export async function emit(text: string, outputFile: string | undefined): Promise<void> {
  const body = text.endsWith('\n') || text === '' ? text : text + '\n'
  if (outputFile) await writeFileSafely(path.resolve(outputFile), body)
  else await writeStdout(body)
}

/** Resolve once the text is flushed, so exit codes never cut a report short. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (text === '') return resolve()
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()))
  })
}

/** Colour for human formats: a TTY that supports it; NO_COLOR / FORCE_COLOR respected by Node. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true
  return Boolean(stream.isTTY && stream.hasColors?.())
}
