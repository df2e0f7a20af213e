/**
 * "Did you mean …?" for broken links. A note with the same file name in
 * another folder comes first (the usual cause: the note was moved); then the
 * closest id by edit distance, when it is close enough to be a typo.
 *
 * A large base has tens of thousands of ids and hundreds of broken links, so
 * candidates are found through an index of file names by length: only names
 * within the allowed distance of the wanted name are compared at all, and
 * each wanted target is answered once per run.
 */
import {distance} from 'fastest-levenshtein'
import type {Resolver} from './resolve.js'

/** Edit distance allowed: about a third of the name, at least 2. */
function threshold(length: number): number {
  return Math.max(2, Math.floor(length / 3))
}

interface NameIndex {
  /** Note ids grouped by the length of their (lowercased) file name. */
  byLength: Map<number, Array<{id: string; name: string}>>
  answers: Map<string, string | undefined>
}

const indexes = new WeakMap<Resolver, NameIndex>()

function indexOf(resolver: Resolver): NameIndex {
  let index = indexes.get(resolver)
  if (!index) {
    index = {byLength: new Map(), answers: new Map()}
    for (const id of resolver.ids()) {
      const name = baseName(id).toLowerCase()
      let bucket = index.byLength.get(name.length)
      if (!bucket) index.byLength.set(name.length, (bucket = []))
      bucket.push({id, name})
    }
    indexes.set(resolver, index)
  }
  return index
}

export function suggestNote(wanted: string, resolver: Resolver): string | undefined {
  const index = indexOf(resolver)
  if (index.answers.has(wanted)) return index.answers.get(wanted)
  const answer = findSuggestion(wanted, resolver, index)
  index.answers.set(wanted, answer)
  return answer
}

function findSuggestion(wanted: string, resolver: Resolver, index: NameIndex): string | undefined {
  const name = baseName(wanted)
  const sameName = resolver.notesNamed(name)
  if (sameName.length === 1) return sameName[0]
  if (sameName.length > 1) return closest(wanted, sameName, Infinity)

  // The allowance follows the note's own name: a long shared folder path must
  // not make unrelated names in it look close.
  const limit = threshold(name.length)
  const folded = name.toLowerCase()
  const near: Array<{id: string; nameDistance: number}> = []
  for (let length = folded.length - limit; length <= folded.length + limit; length++) {
    for (const entry of index.byLength.get(length) ?? []) {
      const nameDistance = distance(folded, entry.name)
      if (nameDistance <= limit) near.push({id: entry.id, nameDistance})
    }
  }
  if (near.length === 0) return undefined
  // A bare name in shortest mode means "the note with this file name":
  // the closest file name wins. Otherwise the closest whole id.
  if (name === wanted && resolver.mode === 'shortest') {
    return near.reduce((best, entry) => (entry.nameDistance < best.nameDistance ? entry : best)).id
  }
  return closest(
    wanted,
    near.map((entry) => entry.id),
    Infinity
  )
}

/** The closest of `candidates` within `limit` edits (case-insensitive). */
export function closest(wanted: string, candidates: Iterable<string>, limit: number): string | undefined {
  const folded = wanted.toLowerCase()
  let best: string | undefined
  let bestDistance = limit + 1
  for (const candidate of candidates) {
    // Cheap length filter first: most candidates are far away.
    if (Math.abs(candidate.length - wanted.length) >= bestDistance) continue
    const d = distance(folded, candidate.toLowerCase())
    if (d < bestDistance) {
      bestDistance = d
      best = candidate
    }
  }
  return best
}

function baseName(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1)
}
