/**
 * Obsidian-style wiki links (`[[target#anchor|alias]]`) and embeds
 * (`![[target]]`) for unified / remark.
 *
 * ```ts
 * unified().use(remarkParse).use(remarkGfm).use(remarkWikiLink)
 * ```
 */

import type {Literal} from 'mdast'
// Registers `data.micromarkExtensions` / `data.fromMarkdownExtensions` types.
import type {} from 'remark-parse'
import type {Options as ToMarkdownExtension} from 'mdast-util-to-markdown'
import type {Processor} from 'unified'
import type {Position} from 'unist'
import {wikiLinkFromMarkdown} from './from-markdown.js'
import {wikiLink} from './syntax.js'
import {wikiLinkToMarkdown} from './to-markdown.js'

export {wikiLinkFromMarkdown} from './from-markdown.js'
export {wikiLink} from './syntax.js'
export {wikiLinkToMarkdown} from './to-markdown.js'

/**
 * A wiki link or embed.
 *
 * All `*Position`s are unist positions (1-based line/column with UTF-16
 * columns, 0-based offset) of the trimmed part; a part position is present
 * only when that part is a non-empty string.
 */
export interface WikiLink extends Literal {
  type: 'wikiLink'
  /** The raw source text of the whole link, e.g. `[[a\|b]]` or `![[x.png]]`. */
  value: string
  /** `true` for `![[...]]`. */
  embed: boolean
  /** Trimmed target (never contains `\|`); `''` for `[[#Heading]]`. */
  target: string
  /** Text after the first `#`, trimmed; keeps a leading `^` for block refs. */
  anchor?: string
  /** Trimmed alias (text after `|` / `\|`); `\|` inside it is unescaped to `|`. */
  alias?: string
  targetPosition?: Position
  anchorPosition?: Position
  aliasPosition?: Position
  /** The whole link, including `!`, `[[` and `]]`. */
  position: Position
}

declare module 'mdast' {
  interface PhrasingContentMap {
    wikiLink: WikiLink
  }

  interface RootContentMap {
    wikiLink: WikiLink
  }
}

/**
 * unified plugin adding wiki link support to `remark-parse` and
 * `remark-stringify`.
 */
export function remarkWikiLink(this: Processor): undefined {
  const data = this.data()
  const micromarkExtensions = data.micromarkExtensions || (data.micromarkExtensions = [])
  const fromMarkdownExtensions = data.fromMarkdownExtensions || (data.fromMarkdownExtensions = [])
  // What remark-stringify reads (typed here without depending on it).
  const stringifyData = data as {toMarkdownExtensions?: ToMarkdownExtension[]}
  const toMarkdownExtensions = stringifyData.toMarkdownExtensions || (stringifyData.toMarkdownExtensions = [])

  micromarkExtensions.push(wikiLink())
  fromMarkdownExtensions.push(wikiLinkFromMarkdown())
  toMarkdownExtensions.push(wikiLinkToMarkdown())
}
