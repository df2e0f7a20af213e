/**
 * The content hash of a note's or file's bytes (SHA-1, hex): a summary's
 * `hash`, what the cache recognises an unchanged note by, what the writers
 * compare before they write (read-note.ts `readIfUnchanged`) and what the
 * move journal records. One function, so that they never disagree.
 */
import {createHash} from 'node:crypto'

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex')
}
