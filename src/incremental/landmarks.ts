/**
 * What lets a warm run skip the whole-base pass for unchanged notes.
 *
 * The base rules check one note against the rest of the base, and what they
 * can see of the rest is small: which files and folders exist, and of each
 * note its id, aliases, title, description, headings and block ids — its
 * *landmarks*. (Positions are not landmarks: moving a heading down a line
 * changes no other note's findings.) The *world fingerprint* hashes all of
 * it, plus the section templates. When it is the same as when the cache was
 * written, an unchanged note's base findings are the same too, and only the
 * notes whose bytes changed are resolved and checked again.
 *
 * Which rules see what is their metadata (`meta.reads`, rules/types.ts): a
 * rule that reads other notes' links (`orphan-note`) switches reuse off while
 * it is enabled — see `incrementalAllowed`.
 */
import {createHash} from 'node:crypto'
import type {Settings} from '../config/settings.js'
import type {Base, NoteSummary} from '../kb/model.js'
import {rules} from '../rules/index.js'

/** Rules whose findings on a note depend on other notes' links, not only their landmarks. */
const READS_OTHER_NOTES_LINKS = rules.filter((rule) => rule.meta.reads === 'links').map((rule) => rule.meta.id)

const known = new WeakMap<NoteSummary, string>()

/** The landmark hash of a note (computed once per summary object). */
export function landmarksOf(note: NoteSummary): string {
  let hash = known.get(note)
  if (hash === undefined) {
    hash = createHash('sha1')
      .update(
        JSON.stringify([
          note.path,
          note.id,
          note.aliases ?? null,
          note.title ?? null,
          note.description ?? null,
          note.headings.map((heading) => [heading.text, heading.slug, heading.depth]),
          note.blockIds.map((block) => block.id)
        ])
      )
      .digest('base64')
    known.set(note, hash)
  }
  return hash
}

/** Record a landmark hash known from the cache, so it is not computed again. */
export function rememberLandmarks(note: NoteSummary, hash: string): void {
  known.set(note, hash)
}

/** The fingerprint of everything base findings can depend on beyond the note itself. */
export function worldFingerprint(base: Base, templates: ReadonlyMap<string, NoteSummary>): string {
  const hash = createHash('sha1')
  for (const file of base.files) hash.update(file).update('\0')
  hash.update('\u0001')
  for (const folder of base.folders) hash.update(folder).update('\0')
  hash.update('\u0001')
  // A link to an unpublished file says so (link-unresolved).
  for (const file of base.unpublished ?? []) hash.update(file).update('\0')
  hash.update('\u0001')
  for (const note of base.notes) hash.update(landmarksOf(note))
  hash.update('\u0001')
  for (const [name, template] of templates) hash.update(name).update('\0').update(landmarksOf(template))
  return hash.digest('base64')
}

/** Whether findings may be reused at all with these settings. */
export function incrementalAllowed(base: Base, settings: Settings): boolean {
  return base.notes.every((note) => {
    const rules = settings.forNote(note.path).rules
    return READS_OTHER_NOTES_LINKS.every((id) => !rules.has(id))
  })
}
