/**
 * mdast-util-to-markdown extension writing `wikiLink` nodes back, so a
 * pipeline with `remark-stringify` (a formatter, a fixer) keeps them.
 *
 * A node is written as it was read (`value`) while its fields still say
 * what `value` says; a node a plugin changed (or made) is written from its
 * fields. Inside a table cell the separator and every `|` of the alias are
 * written `\|`, since GFM splits a row at each bare `|`. Text before a link
 * is escaped where it would change it (`!` before `[[` would make an embed),
 * through `peek`; a `[` in text is always escaped by mdast-util-to-markdown,
 * so text never turns into a wiki link.
 */
import type {Handle, Options as ToMarkdownExtension, State} from 'mdast-util-to-markdown'
import {parseWikiLinkText} from '../../kb/wiki-link-text.js'
import type {WikiLink} from './index.js'

export function wikiLinkToMarkdown(): ToMarkdownExtension {
  return {handlers: {wikiLink: handleWikiLink}}
}

const handleWikiLink: Handle = Object.assign(
  (node: WikiLink, _parent: unknown, state: State): string => {
    const inCell = state.stack.includes('tableCell')
    if (writtenAsRead(node, inCell)) return node.value
    const separator = inCell ? '\\|' : '|'
    const alias = node.alias === undefined ? '' : separator + (inCell ? node.alias.replaceAll('|', '\\|') : node.alias)
    const anchor = node.anchor === undefined ? '' : '#' + node.anchor
    return (node.embed ? '!' : '') + '[[' + node.target + anchor + alias + ']]'
  },
  {peek: (node: WikiLink) => (node.embed ? '!' : '[')}
)

/** `value` still reads as the node's fields (and needs no escaping where it goes). */
function writtenAsRead(node: WikiLink, inCell: boolean): boolean {
  const match = /^(!?)\[\[([\s\S]*)\]\]$/.exec(node.value ?? '')
  if (!match || (match[1] === '!') !== node.embed) return false
  const inner = match[2]!
  if (inCell && /(^|[^\\])\|/.test(inner)) return false
  const parts = parseWikiLinkText(inner)
  return parts !== undefined && parts.target === node.target && parts.anchor === node.anchor && parts.alias === node.alias
}
