import type {FileRule} from './types.js'

export const frontmatterMissing: FileRule = {
  scope: 'file',
  meta: {
    id: 'frontmatter-missing',
    description: 'A note without a YAML frontmatter block.',
    defaultSeverity: 'error',
    reads: 'note'
  },
  check({frontmatter, frontmatterSettings, report}) {
    if (frontmatter) return
    // Name what the configured schema requires, so the advice fits this base.
    const required = (frontmatterSettings.schema as {required?: unknown}).required
    const keys = Array.isArray(required) ? required.filter((key): key is string => typeof key === 'string') : []
    const holding =
      keys.length === 0 ? '' : ` holding at least ${keys.map((key) => '`' + key + '`').join(keys.length === 2 ? ' and ' : ', ')}`
    report({
      reason: `Note has no frontmatter: start it with a \`---\` block${holding}`,
      place: {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 1, offset: 0}}
    })
  }
}
