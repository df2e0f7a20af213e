/**
 * A note's plain text for client-side search (`kb-lint index --text`).
 *
 * Decisions: the frontmatter is left out (its fields are in the index entry
 * already), and so is HTML (comments, index markers, raw tags); code blocks
 * and inline code are kept, since people search a technical base for
 * commands. Wiki links read as their alias, else their target; images as
 * their alt text. Blocks are separated by a line break so words of adjacent
 * paragraphs, headings or table cells never run together (which
 * `mdast-util-to-string` alone would do); cells of a row by a space.
 */
import type {Nodes, Root} from 'mdast'
import type {WikiLink} from '../syntax/wiki-link/index.js'

const BLOCK_CONTAINERS = new Set(['root', 'blockquote', 'list', 'listItem', 'table', 'footnoteDefinition'])

export function plainText(tree: Root): string {
  return text(tree)
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n')
}

function text(node: Nodes | WikiLink): string {
  switch (node.type) {
    case 'yaml':
    case 'html':
    case 'definition':
    case 'thematicBreak':
      return ''
    case 'obsidianComment':
      return ''
    case 'text':
    case 'inlineCode':
    case 'code':
    case 'inlineMath':
    case 'math':
      return node.value
    case 'wikiLink': {
      const link = node as WikiLink
      return link.alias ?? link.target + (link.anchor ? ` ${link.anchor.replace(/^\^/, '')}` : '')
    }
    case 'image':
    case 'imageReference':
      return node.alt ?? ''
    case 'break':
      return '\n'
    case 'tableRow':
      return node.children.map(text).join(' ')
  }
  if (!('children' in node)) return ''
  const children = (node.children as Nodes[]).map(text)
  return BLOCK_CONTAINERS.has(node.type) ? children.join('\n') : children.join('')
}
