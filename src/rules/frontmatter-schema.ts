import {frontmatterProblems} from '../kb/frontmatter-schema.js'
import type {FileRule} from './types.js'

export const frontmatterSchema: FileRule = {
  scope: 'file',
  meta: {
    id: 'frontmatter-schema',
    description: 'Frontmatter that breaks the frontmatter JSON Schema (by default: `title` and `description` are non-empty strings).',
    defaultSeverity: 'error',
    reads: 'note'
  },
  check({frontmatter, frontmatterSettings, report}) {
    // Broken YAML is reported once, by frontmatter-syntax; no schema noise on top.
    if (!frontmatter?.valid || !frontmatter.data) return
    for (const problem of frontmatterProblems(frontmatter, frontmatterSettings)) report(problem)
  }
}
