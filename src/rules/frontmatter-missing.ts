import type {FileRule} from './types.js'

export const frontmatterMissing: FileRule = {
  scope: 'file',
  meta: {
    id: 'frontmatter-missing',
    description: 'A note without a YAML frontmatter block.',
    defaultSeverity: 'error'
  },
  check({frontmatter, report}) {
    if (frontmatter) return
    report({
      reason: 'Note has no frontmatter: start it with a `---` block holding at least `title` and `description`',
      place: {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 1, offset: 0}}
    })
  }
}
