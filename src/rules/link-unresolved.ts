import {suggestNote} from '../kb/suggest.js'
import {isAttachmentTarget, quote} from './link-format.js'
import type {BaseRule} from './types.js'

export const linkUnresolved: BaseRule = {
  scope: 'base',
  meta: {
    id: 'link-unresolved',
    description: 'A wiki link, embed or relative Markdown link whose target note, file or folder does not exist in the base.',
    defaultSeverity: 'error'
  },
  check({references, resolver, report}) {
    for (const {reference, resolution, wanted} of references) {
      if (resolution.status !== 'unresolved') continue
      let reason: string
      let expected: string[] | undefined
      if (resolution.why === 'outside') {
        reason = `Cannot resolve ${quote(reference)}: the link points outside the base`
      } else if (resolution.why === 'file-url') {
        reason = `Cannot resolve ${quote(reference)}: \`file:\` URLs point outside the base; link to a file of the base instead`
      } else if (reference.target.endsWith('/')) {
        reason = `Cannot resolve ${quote(reference)}: no folder \`${wanted}\``
      } else if (isAttachmentTarget(reference.target)) {
        reason = `Cannot resolve ${quote(reference)}: no file \`${wanted}\``
      } else {
        const suggestion = suggestNote(wanted, resolver)
        expected = suggestion === undefined ? undefined : [suggestion]
        reason = `Cannot resolve ${quote(reference)}: no note \`${wanted}\`` + (suggestion ? `; did you mean \`${suggestion}\`?` : '')
      }
      report({reason, place: reference.position, expected, actual: reference.target})
    }
  }
}
