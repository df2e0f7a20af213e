/**
 * The one Markdown processor of kb-lint. Everything that parses a note goes
 * through `parseMarkdown`, so every module sees the same syntax: CommonMark,
 * YAML frontmatter, GFM (tables, footnotes, autolinks, strikethrough, task
 * lists) and Obsidian wiki links / embeds.
 */
import type {Root} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {remarkWikiLink} from './wiki-link/index.js'

const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .use(remarkWikiLink)
  .freeze()

export function parseMarkdown(source: string): Root {
  return processor.parse(source)
}
