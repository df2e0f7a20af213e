import {spellTarget, styleForMode, targetFix} from '../kb/link-target.js'
import type {Fix, NoteSummary, Reference, TargetKind} from '../kb/model.js'
import type {Resolver} from '../kb/resolve.js'
import {suggestNote} from '../kb/suggest.js'
import {climbsFromSiteRoot} from '../kb/quartz-path.js'
import {isAttachmentTarget, quote} from './link-format.js'
import type {BaseRule} from './types.js'

export const linkUnresolved: BaseRule = {
  scope: 'base',
  meta: {
    id: 'link-unresolved',
    description: 'A wiki link, embed or relative Markdown link whose target note, file or folder does not exist in the base.',
    defaultSeverity: 'error',
    // Only the moved-target case is fixed: exactly one note (or file) with
    // that file name exists, so the rewrite cannot pick the wrong one.
    fixable: true
  },
  check({references, resolver, note, report}) {
    for (const {reference, resolution, wanted} of references) {
      if (resolution.status !== 'unresolved') continue
      let reason: string
      let expected: string[] | undefined
      let fix: Fix | undefined
      const name = wanted.slice(wanted.lastIndexOf('/') + 1)
      // `[[../x]]` in a Quartz mode: say why the note's own folder was not used.
      const fromRoot = climbsFromSiteRoot(reference.target, resolver.mode) ? ' (Quartz reads `..` from the site root)' : ''
      if (resolution.why === 'outside') {
        reason = `Cannot resolve ${quote(reference)}: the link points outside the base`
      } else if (resolution.why === 'file-url') {
        reason = `Cannot resolve ${quote(reference)}: \`file:\` URLs point outside the base; link to a file of the base instead`
      } else if (reference.target.endsWith('/') && resolver.mode === 'obsidian') {
        reason = `Cannot resolve ${quote(reference)}: Obsidian links name notes and files, not folders`
      } else if (reference.target.endsWith('/')) {
        reason = `Cannot resolve ${quote(reference)}: no folder \`${wanted}\``
      } else if (isAttachmentTarget(reference.target)) {
        const moved = single(resolver.filesNamed(name))
        expected = moved === undefined ? undefined : [moved]
        fix = moved === undefined ? undefined : movedFix(reference, note, 'attachment', moved, resolver)
        reason = `Cannot resolve ${quote(reference)}: no file \`${wanted}\`${fromRoot}` + (moved ? `; did you mean \`${moved}\`?` : '')
      } else {
        const suggestion = suggestNote(wanted, resolver)
        expected = suggestion === undefined ? undefined : [suggestion]
        const moved = single(resolver.notesNamed(name))
        fix = moved === undefined ? undefined : movedFix(reference, note, 'note', moved, resolver)
        reason = `Cannot resolve ${quote(reference)}: no note \`${wanted}\`${fromRoot}` + (suggestion ? `; did you mean \`${suggestion}\`?` : '')
      }
      report({reason, place: reference.position, expected, actual: reference.target, fix})
    }
  }
}

/** Point the link at the one note or file with its file name, in the link's own form. */
function movedFix(reference: Reference, note: NoteSummary, kind: TargetKind, id: string, resolver: Resolver): Fix | undefined {
  const unique = (name: string) => (kind === 'note' ? resolver.notesNamed(name) : resolver.filesNamed(name)).length === 1
  const text = spellTarget(reference, styleForMode(reference, resolver.mode), {kind, id, fromId: note.id}, unique)
  return targetFix(reference, text)
}

function single(values: string[]): string | undefined {
  return values.length === 1 ? values[0] : undefined
}
