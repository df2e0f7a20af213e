import {checkedTargetFix, targetSpellings} from '../kb/link-check.js'
import {quote} from './link-messages.js'
import type {BaseRule} from './types.js'

export const linkCaseMismatch: BaseRule = {
  scope: 'base',
  meta: {
    id: 'link-case-mismatch',
    // An error: in every mode that reports it (all but `obsidian`, which
    // ignores case as Obsidian does) the publisher is case-sensitive and the
    // link is broken on the site.
    description:
      'A link target that matches only when letter case is ignored: it works in Obsidian and breaks on Quartz and any case-sensitive web server.',
    defaultSeverity: 'error',
    reads: 'landmarks',
    hasSuggestions: true,
    fixable: true
  },
  check({references, resolver, aliasFirst, note, report}) {
    for (const {reference, resolution} of references) {
      if (resolution.status !== 'case-mismatch') continue
      const written = reference.target
      const {kind, id} = resolution
      // The writer's own form re-cased first, then the spellings any writer
      // tries; kept only when it reads back as the target (kb/link-check.ts).
      const unique = (name: string) => (kind === 'note' ? resolver.notesNamed(name) : resolver.filesNamed(name)).length === 1
      const spellings = [correctCase(written, id), ...targetSpellings(reference, {kind, id, fromId: note.id}, resolver.mode, unique)]
      const checked = checkedTargetFix(reference, [...new Set(spellings)], note, {kind, id}, {resolver, aliasFirst})
      const advice = checked.ok
        ? `write \`${checked.written}\``
        : `and ${checked.problem}; rename the ${kind === 'folder' ? 'folder' : 'file'}`
      report({
        reason: `${quote(reference)} matches \`${id}\` only when case is ignored${checked.ok ? '; ' : ', '}${advice}`,
        place: reference.position,
        expected: checked.ok ? [checked.written] : undefined,
        actual: written,
        fix: checked.ok ? checked.fix : undefined
      })
    }
  }
}

/**
 * Re-case the written target from the real id, keeping the writer's form:
 * bare name or path, with or without `.md` / the extension, and a trailing
 * `/` for folders. Only the last `n` segments written are replaced.
 */
export function correctCase(written: string, id: string): string {
  const trailing = written.endsWith('/') ? '/' : ''
  const body = trailing ? written.slice(0, -1) : written
  const extension = /\.md$/i.test(body) && !/\.md$/i.test(id) ? body.slice(-3) : ''
  const writtenSegments = (extension ? body.slice(0, -3) : body).split('/')
  const realSegments = id.split('/')
  const out = writtenSegments.slice()
  for (let index = 1; index <= Math.min(writtenSegments.length, realSegments.length); index++) {
    const mine = writtenSegments[writtenSegments.length - index]!
    const real = realSegments[realSegments.length - index]!
    if (mine.toLowerCase() === real.toLowerCase()) out[out.length - index] = real
  }
  return out.join('/') + extension + trailing
}
