import type {FileRule} from './types.js'

export const frontmatterDuplicateKey: FileRule = {
  scope: 'file',
  meta: {
    id: 'frontmatter-duplicate-key',
    description: 'The same frontmatter key written twice; YAML forbids it and tools keep different copies.',
    defaultSeverity: 'error',
    reads: 'note'
  },
  check({frontmatter, report}) {
    for (const duplicate of frontmatter?.duplicateKeys ?? []) {
      report({
        reason: `Frontmatter key \`${duplicate.key}\` is set twice (first on line ${duplicate.firstLine}); keep one`,
        place: duplicate.place
      })
    }
  }
}
