/**
 * Every file kb-lint writes (fixes, moves, index regions, the cache, `-o`
 * reports, shard summaries, `init`) goes through here, with the guarantees of
 * an editor's safe-save:
 *
 * 1. the bytes go to a new temporary file beside the target (same folder, so
 *    same filesystem), with `writeSync` loops that check every byte count: a
 *    short write is continued, a write that makes no progress is `ENOSPC`;
 * 2. the temporary file is fsynced and closed (both can report `ENOSPC`,
 *    `EDQUOT` or `EIO` on filesystems that allocate late), and its size is
 *    checked against the bytes meant;
 * 3. only then is it renamed over the target, and the folder fsynced so the
 *    rename itself survives a power loss.
 *
 * On any failure the temporary file is removed, the original is untouched,
 * and a `WriteError` says what happened in one line. A crash or `kill -9` at
 * any moment leaves the old file or the new one, never part of one (at worst
 * a stray `.name.*.tmp` dot-file, which kb-lint never reads as a note).
 *
 * write-file-atomic was used before: it ignores the count `fs.write`
 * returns, so on a nearly full disk a short write was renamed over the note
 * (a 345 KB note cut to 64 KB, exit 0).
 */
import {randomBytes} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/** A write that did not happen; the target is as it was. The message is one line for the user. */
export class WriteError extends Error {
  override name = 'WriteError'
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly file: string
  ) {
    super(message)
  }
}

/** Reasons a user can act on, by error code; anything else keeps the system's text. */
const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'a parent is not a folder',
  EISDIR: 'it is a folder',
  EFBIG: 'file too large for the file system',
  EMFILE: 'too many open files'
}

export function describeWriteFailure(error: unknown): {code: string | undefined; reason: string} {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const known = code ? REASONS[code] : undefined
  if (known) return {code, reason: `${known} (${code})`}
  const message = error instanceof Error ? error.message : String(error)
  return {code, reason: message.split('\n')[0]!}
}

/** Hooks for tests only: make the n-th write return fewer bytes, or fail. */
export interface WriteFaults {
  write?: (descriptor: number, data: Uint8Array, offset: number, length: number) => number
}
let faults: WriteFaults | undefined
export function injectWriteFaults(next: WriteFaults | undefined): void {
  faults = next
}

/** Write `data` to `file` atomically and verified; throws `WriteError` (target untouched) on any failure. */
export function writeFileVerifiedSync(file: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  writeChunksSafely(file, [typeof data === 'string' ? Buffer.from(data, 'utf8') : data], options)
}

export interface WriteOptions {
  /**
   * Replace an existing file only: when the target was removed or renamed
   * meanwhile (a note edited away during `--fix`), nothing is written and a
   * `WriteError` with code `ENOENT` says so, rather than bringing it back.
   */
  replaceOnly?: boolean
}

/** The same, for callers that await (kept async so a future non-blocking version keeps its callers). */
export async function writeFileSafely(file: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  writeFileVerifiedSync(file, data, options)
}

/**
 * The same guarantee for content given in pieces (the cache of a large base
 * is hundreds of MB): the pieces are written one after another, never joined
 * in memory.
 */
export function writeChunksSafely(file: string, chunks: Iterable<Uint8Array>, options: WriteOptions = {}): void {
  const target = path.resolve(file)
  const folder = path.dirname(target)
  const temporary = path.join(folder, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  let descriptor: number | undefined
  let created = false
  let existed = false
  try {
    // Keep the permissions of the file being replaced (a note stays 0644, a
    // script's report stays 0600); a new file gets the usual 0666 & ~umask.
    const existing = fs.statSync(target, {throwIfNoEntry: false})
    existed = existing !== undefined
    if (options.replaceOnly && !existing) throw gone()
    descriptor = fs.openSync(temporary, 'wx', existing ? existing.mode & 0o7777 : 0o666)
    created = true
    if (existing) {
      fs.fchmodSync(descriptor, existing.mode & 0o7777)
      // Run as root (CI, containers), keep the owner too; elsewhere chown is not allowed and not needed.
      if (process.getuid?.() === 0 && (existing.uid !== 0 || existing.gid !== 0)) fs.fchownSync(descriptor, existing.uid, existing.gid)
    }
    let expected = 0
    for (const chunk of chunks) {
      writeAll(descriptor, chunk)
      expected += chunk.length
    }
    fs.fsyncSync(descriptor)
    const size = fs.fstatSync(descriptor).size
    if (size !== expected) throw Object.assign(new Error(`wrote ${size} of ${expected} bytes`), {code: 'EIO'})
    fs.closeSync(descriptor)
    descriptor = undefined
    if (options.replaceOnly && !fs.existsSync(target)) throw gone()
    fs.renameSync(temporary, target)
    created = false
  } catch (error) {
    if (descriptor !== undefined) {
      try {
        fs.closeSync(descriptor)
      } catch {
        // Already failing; the temporary file is removed below.
      }
    }
    if (created) fs.rmSync(temporary, {force: true})
    if (error instanceof WriteError) throw error
    const {code, reason} = describeWriteFailure(error)
    throw new WriteError(
      `cannot write ${displayPath(target)}: ${reason}; ${existed ? 'the file was left as it was' : 'nothing was written'}`,
      code,
      target
    )
  }
  syncFolder(folder)

  function gone(): WriteError {
    return new WriteError(`${displayPath(target)} was removed or renamed while kb-lint ran; not written`, 'ENOENT', target)
  }
}

/** Every byte of `data`, continuing after short writes; no progress at all is a full disk. */
function writeAll(descriptor: number, data: Uint8Array): void {
  let written = 0
  while (written < data.length) {
    const count = faults?.write
      ? faults.write(descriptor, data, written, data.length - written)
      : fs.writeSync(descriptor, data, written, data.length - written)
    if (count <= 0) throw Object.assign(new Error('no progress writing'), {code: 'ENOSPC'})
    written += count
  }
}

/**
 * fsync the folder so the rename is durable. Some systems cannot fsync a
 * folder (EISDIR, EINVAL, EPERM): the rename is then as durable as they make it.
 */
export function syncFolder(folder: string): void {
  let descriptor: number | undefined
  try {
    descriptor = fs.openSync(folder, 'r')
    fs.fsyncSync(descriptor)
  } catch {
    // See above: best effort where the platform does not support it.
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor)
  }
}

/** Relative to the current folder when below it: what the user typed, more or less. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file
}
