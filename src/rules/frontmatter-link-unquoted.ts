import type {FileRule} from './types.js'

export const frontmatterLinkUnquoted: FileRule = {
  scope: 'file',
  meta: {
    id: 'frontmatter-link-unquoted',
    description: 'A wiki link in frontmatter without quotes (`- [[a]]`): YAML reads a list inside a list, not the text `[[a]]`.',
    defaultSeverity: 'error',
    reads: 'note',
    fixable: true
  },
  check({frontmatter, report}) {
    for (const link of frontmatter?.unquotedLinks ?? []) {
      report({
        reason: `Unquoted \`${link.raw}\` in frontmatter is a list inside a list for YAML, not a link; write \`${link.quoted}\``,
        place: link.place,
        expected: [link.quoted],
        actual: link.raw,
        fix: {start: link.place.start.offset!, end: link.place.end.offset!, text: link.quoted}
      })
    }
  }
}
