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

interface GfmOptions {
  tables: boolean
  footnotes: boolean
}

/** The GFM syntax kb-lint's checks need, as a unified plugin. */
function remarkGfmForChecks(this: Processor, options: GfmOptions): void {
  const data = this.data()
  const micromark = (data.micromarkExtensions ??= [])
  const fromMarkdown = (data.fromMarkdownExtensions ??= [])
  if (options.tables) {
    micromark.push(gfmTable())
    fromMarkdown.push(gfmTableFromMarkdown())
  }
  if (options.footnotes) {
    micromark.push(gfmFootnote())
    fromMarkdown.push(gfmFootnoteFromMarkdown())
  }
}

function makeProcessor(options: GfmOptions) {
  return unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfmForChecks, options).use(remarkWikiLink).freeze()
}

/**
 * The same syntax, without the extensions a note cannot trigger. Every GFM
 * table has a delimiter row, and that row has a `|` next to a `-` (give or
 * take spaces and an alignment colon) or, with one column and no pipe, an
 * alignment colon next to a `-` (`:-`, `-:`; a bare `---` there is a setext
 * heading underline); every footnote starts with `[^`. A note
 * with neither is parsed without those extensions, which cost ≈ 15 % and
 * ≈ 7 % of every parse even when they find nothing; the tree is the same
 * (test/processor.test.ts compares both on the fixtures and the GFM spec).
 */
const processors = {
  full: makeProcessor({tables: true, footnotes: true}),
  tables: makeProcessor({tables: true, footnotes: false}),
  footnotes: makeProcessor({tables: false, footnotes: true}),
  plain: makeProcessor({tables: false, footnotes: false})
}

const DELIMITER_ROW_PIPE = /\|[ \t]*:?-|-:?[ \t]*\||:-|-:/

export function parseMarkdown(source: string): Root {
  const tables = DELIMITER_ROW_PIPE.test(source)
  const footnotes = source.includes('[^')
  const processor = tables ? (footnotes ? processors.full : processors.tables) : footnotes ? processors.footnotes : processors.plain
  return processor.parse(source)
}

/** The processor with every extension, whatever the note (tests compare it with `parseMarkdown`). */
export function parseMarkdownWithAllExtensions(source: string): Root {
  return processors.full.parse(source)
}
