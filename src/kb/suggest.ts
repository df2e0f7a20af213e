/**
 * "Did you mean …?" for broken links. A note with the same file name in
 * another folder comes first (the usual cause: the note was moved); then the
 * closest id by edit distance, when it is close enough to be a typo.
 */
import {distance} from 'fastest-levenshtein'
import type {Resolver} from './resolve.js'

/** Edit distance allowed: about a third of the name, at least 2. */
function threshold(length: number): number {
  return Math.max(2, Math.floor(length / 3))
}

export function suggestNote(wanted: string, resolver: Resolver): string | undefined {
  const name = wanted.slice(wanted.lastIndexOf('/') + 1)
  const sameName = resolver.notesNamed(name)
  if (sameName.length === 1) return sameName[0]
  if (sameName.length > 1) return closest(wanted, sameName, Infinity)
  // The allowance follows the note's own name: a long shared folder path must
  // not make unrelated names in it look close.
  if (name === wanted && resolver.mode === 'shortest') {
    // A bare name in shortest mode means "the note with this file name":
    // compare file names, and suggest the id.
    const byName = new Map<string, string>()
    for (const id of resolver.ids()) byName.set(id.slice(id.lastIndexOf('/') + 1), id)
    const found = closest(wanted, byName.keys(), threshold(name.length))
    return found === undefined ? undefined : byName.get(found)
  }
  return closest(wanted, resolver.ids(), threshold(name.length))
}

/** The closest of `candidates` within `limit` edits (case-insensitive). */
export function closest(wanted: string, candidates: Iterable<string>, limit: number): string | undefined {
  const folded = wanted.toLowerCase()
  let best: string | undefined
  let bestDistance = limit + 1
  for (const candidate of candidates) {
    // Cheap length filter first: most ids of a large base are far away.
    if (Math.abs(candidate.length - wanted.length) >= bestDistance) continue
    const d = distance(folded, candidate.toLowerCase())
    if (d < bestDistance) {
      bestDistance = d
      best = candidate
    }
  }
  return best
}
