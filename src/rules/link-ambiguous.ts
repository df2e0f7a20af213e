import {quote} from './link-messages.js'
import type {BaseRule} from './types.js'

export const linkAmbiguous: BaseRule = {
  scope: 'base',
  meta: {
    id: 'link-ambiguous',
    description: 'A bare note name that matches several notes (shortest-path resolution); the publisher may pick any of them.',
    defaultSeverity: 'error',
    reads: 'landmarks',
    hasSuggestions: true
  },
  check({references, report}) {
    for (const {reference, resolution} of references) {
      if (resolution.status !== 'ambiguous') continue
      const candidates = resolution.candidates.slice().sort()
      report({
        reason: `${quote(reference)} matches ${candidates.length} notes: ${candidates.map((id) => '`' + id + '`').join(', ')}; write the path of the one you mean`,
        place: reference.position,
        expected: candidates
      })
    }
  }
}
