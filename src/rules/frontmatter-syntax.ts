import type {FileRule} from './types.js'

export const frontmatterSyntax: FileRule = {
  scope: 'file',
  meta: {
    id: 'frontmatter-syntax',
    description: 'Frontmatter YAML that does not parse, or that is not a mapping of keys to values.',
    defaultSeverity: 'error',
    reads: 'note'
  },
  check({frontmatter, report}) {
    for (const error of frontmatter?.errors ?? []) {
      report({reason: `Invalid frontmatter YAML: ${error.reason}`, place: error.place})
    }
  }
}
