/**
 * Every file kb-lint writes (fixes, moves, index regions, cache, `-o`
 * outputs) goes through here: written to a temporary file in the same folder,
 * flushed, then renamed over the target, so a crash or kill at any moment
 * leaves either the old file or the new one, never half of one.
 */
import {randomBytes} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'

export async function writeFileSafely(file: string, data: string | Buffer): Promise<void> {
  await writeFileAtomic(file, data, {fsync: true})
}

/**
 * The same guarantee for content given in pieces (the cache of a large base
 * is hundreds of MB): the pieces are written one after another, never joined
 * in memory. The temporary file is removed if anything fails.
 */
export function writeChunksSafely(file: string, chunks: Iterable<Uint8Array>): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  let descriptor: number | undefined
  try {
    descriptor = fs.openSync(temporary, 'wx')
    for (const chunk of chunks) {
      let written = 0
      while (written < chunk.length) written += fs.writeSync(descriptor, chunk, written, chunk.length - written)
    }
    fs.fsyncSync(descriptor)
    fs.closeSync(descriptor)
    descriptor = undefined
    fs.renameSync(temporary, file)
  } catch (error) {
    if (descriptor !== undefined) fs.closeSync(descriptor)
    fs.rmSync(temporary, {force: true})
    throw error
  }
}
