/**
 * `index-stale`: a generated-index region whose content differs from what
 * `kb-lint index --write` would write (a new note missing from its folder's
 * index, a renamed title, a deleted note still listed), or a region that
 * cannot be generated at all (unclosed, unknown folder, bad attribute).
 */
import {generateRegion} from '../kb/index-regions.js'
import type {BaseRule} from './types.js'

export const indexStale: BaseRule = {
  scope: 'base',
  meta: {
    id: 'index-stale',
    description:
      'A generated-index region (`<!-- kb-lint:index … -->`) whose list differs from the notes of its folder, or that cannot be generated.',
    defaultSeverity: 'warn',
    reads: 'landmarks',
    fixable: true
  },
  check({base, resolver, aliasFirst, note, references, report}) {
    for (const region of note.indexRegions ?? []) {
      const generated = generateRegion(base, {resolver, aliasFirst}, note, region)
      if (!generated.ok) {
        report({reason: generated.problem, place: region.place})
        continue
      }
      // A note no link can name is left out, and said so: the index is not complete.
      for (const {problem} of generated.left) report({reason: problem, place: region.place})
      if (generated.text === region.content) continue
      // What the region links to now, from this note's resolved references inside it.
      const current = new Set<string>()
      for (const {reference, resolution} of references) {
        const offset = reference.position.start.offset ?? -1
        if (offset < region.start || offset >= region.end) continue
        current.add(resolution.status === 'resolved' || resolution.status === 'case-mismatch' ? resolution.id : reference.target)
      }
      const wanted = new Set(generated.notes.map((entry) => entry.id))
      const missing = [...wanted].filter((id) => !current.has(id))
      const extra = [...current].filter((id) => !wanted.has(id))
      const folder = generated.options.folder === '' ? 'the root' : `\`${generated.options.folder}\``
      const details = [
        missing.length > 0 ? `missing ${list(missing)}` : '',
        extra.length > 0 ? `lists ${list(extra)}, which ${extra.length === 1 ? 'is' : 'are'} not in it` : ''
      ].filter(Boolean)
      const what = details.length > 0 ? details.join('; ') : 'titles, descriptions or order changed'
      report({
        reason: `Index of ${folder} is out of date: ${what}; run \`kb-lint index --write\` or \`kb-lint check --fix\``,
        place: region.place,
        fix: {start: region.start, end: region.end, text: generated.text}
      })
    }
  }
}

function list(ids: string[]): string {
  const shown = ids
    .slice(0, 3)
    .map((id) => `\`${id}\``)
    .join(', ')
  return ids.length > 3 ? `${shown} and ${ids.length - 3} more` : shown
}
