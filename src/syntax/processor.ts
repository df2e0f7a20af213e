/**
 * The one Markdown processor of kb-lint. Everything that parses a note goes
 * through `parseMarkdown`, so every module sees the same syntax: CommonMark,
 * YAML frontmatter, GFM tables and footnotes, and Obsidian wiki links /
 * embeds.
 *
 * Only the GFM extensions a check needs are loaded (parsing is the whole cost
 * of a run, see bench/README.md): tables are checked; footnotes must be
 * parsed so `[^1]: text` is not read as a link definition. Autolink literals
 * (`www.x.com`), strikethrough and task lists change no check — a bare URL
 * has a scheme and is never a file link — and skipping them makes parsing
 * about a fifth cheaper than with all of `remark-gfm`.
 */
import type {Root} from 'mdast'
import {gfmFootnoteFromMarkdown} from 'mdast-util-gfm-footnote'
import {gfmTableFromMarkdown} from 'mdast-util-gfm-table'
import {gfmFootnote} from 'micromark-extension-gfm-footnote'
import {gfmTable} from 'micromark-extension-gfm-table'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import {unified, type Processor} from 'unified'
import {remarkWikiLink} from './wiki-link/index.js'

/** The GFM syntax kb-lint's checks need, as a unified plugin. */
function remarkGfmForChecks(this: Processor): void {
  const data = this.data()
  ;(data.micromarkExtensions ??= []).push(gfmTable(), gfmFootnote())
  ;(data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmFootnoteFromMarkdown())
}

const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfmForChecks)
  .use(remarkWikiLink)
  .freeze()

export function parseMarkdown(source: string): Root {
  return processor.parse(source)
}
