/**
 * Every file kb-lint writes (fixes, moves, index regions, cache, `-o`
 * outputs) goes through here: written to a temporary file in the same folder,
 * flushed, then renamed over the target, so a crash or kill at any moment
 * leaves either the old file or the new one, never half of one.
 */
import writeFileAtomic from 'write-file-atomic'

export async function writeFileSafely(file: string, data: string | Buffer): Promise<void> {
  await writeFileAtomic(file, data, {fsync: true})
}
