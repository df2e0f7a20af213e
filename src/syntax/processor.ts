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
 *
 * The syntax, exactly (a second tokenizer must match it construct by
 * construct; whatever starts first wins, as everywhere in Markdown):
 *
 * - CommonMark (remark-parse / micromark), YAML frontmatter only at the very
 *   start (remark-frontmatter), GFM tables and footnotes (micromark's own
 *   extensions).
 * - Wiki links and embeds, `[[target#anchor|alias]]`, `![[…]]`
 *   (`./wiki-link/syntax.ts`: a `text` construct on `[` and `!`).
 * - Math, remark-math's syntax with its defaults (micromark-extension-math,
 *   as Quartz's Latex plugin): `$…$` and `$$…$$` inline (the closing run of
 *   `$` as long as the opening one, like code spans; `\$` is a plain
 *   dollar), and a `$$` fence line opening a block that ends at a `$$` line
 *   or at the end of its container. Nodes `inlineMath` / `math`.
 * - Obsidian comments: the `%%` pairs are Quartz's, `/%%[\s\S]*?%%/g` over
 *   the whole file (`findCommentRanges`); a pair is a comment inline when it
 *   lies within one paragraph, heading or table cell, and a block when it
 *   starts a line and its closing `%%` ends one (blank lines inside are
 *   fine; it interrupts a paragraph). Any other pair (starting in code,
 *   math, HTML, frontmatter, …) is plain text. The exact rules are in
 *   `./obsidian-comment/syntax.ts`. Node `obsidianComment`.
 *
 * Nothing inside code, HTML, math or a comment is content: those nodes have
 * no children, so no link, heading, block id or table comes from them.
 */
import type {Root} from 'mdast'
import {gfmFootnoteFromMarkdown} from 'mdast-util-gfm-footnote'
import {gfmTableFromMarkdown} from 'mdast-util-gfm-table'
import {gfmFootnote} from 'micromark-extension-gfm-footnote'
import {gfmTable} from 'micromark-extension-gfm-table'
import {mathFromMarkdown} from 'mdast-util-math'
import {math} from 'micromark-extension-math'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import {unified, type Processor} from 'unified'
import {findCommentRanges, obsidianComment, obsidianCommentFromMarkdown, type CommentRanges} from './obsidian-comment/index.js'
import {remarkWikiLink} from './wiki-link/index.js'

/** Which optional syntax a processor has (see `parseMarkdown`). */
interface Syntax {
  tables: boolean
  footnotes: boolean
  math: boolean
  comments: boolean
}

/** The optional syntax kb-lint's checks need, as a unified plugin. */
function remarkOptionalSyntax(this: Processor, options: Syntax): void {
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
  if (options.math) {
    // remark-math's own syntax, with its defaults (as Quartz's Latex plugin).
    micromark.push(math())
    fromMarkdown.push(mathFromMarkdown())
  }
  if (options.comments) {
    micromark.push(obsidianComment({ranges: () => currentCommentRanges}))
    fromMarkdown.push(obsidianCommentFromMarkdown())
  }
}

function makeProcessor(options: Syntax) {
  return unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkOptionalSyntax, options).use(remarkWikiLink).freeze()
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
 * Math is only loaded when the note has a `$`, comments when it has `%%`.
 */
const processors = new Map<number, ReturnType<typeof makeProcessor>>()

function processorFor(syntax: Syntax) {
  const key = (syntax.tables ? 1 : 0) | (syntax.footnotes ? 2 : 0) | (syntax.math ? 4 : 0) | (syntax.comments ? 8 : 0)
  let processor = processors.get(key)
  if (!processor) processors.set(key, (processor = makeProcessor(syntax)))
  return processor
}

const DELIMITER_ROW_PIPE = /\|[ \t]*:?-|-:?[ \t]*\||:-|-:/

/**
 * Which `%%` pair up is decided on the whole text before micromark runs (see
 * `./obsidian-comment/syntax.ts`); the comment constructs read it from here
 * while `parse` runs (synchronously, so one text at a time).
 */
let currentCommentRanges: CommentRanges | undefined

function parseWith(syntax: Syntax, source: string): Root {
  const processor = processorFor(syntax)
  if (!syntax.comments) return processor.parse(source)
  currentCommentRanges = findCommentRanges(source)
  try {
    return processor.parse(source)
  } finally {
    currentCommentRanges = undefined
  }
}

export function parseMarkdown(source: string): Root {
  return parseWith(
    {
      tables: DELIMITER_ROW_PIPE.test(source),
      footnotes: source.includes('[^'),
      // Every math construct starts with `$`, every comment with `%%`.
      math: source.includes('$'),
      comments: source.includes('%%')
    },
    source
  )
}

/** The processor with every extension, whatever the note (tests compare it with `parseMarkdown`). */
export function parseMarkdownWithAllExtensions(source: string): Root {
  return parseWith({tables: true, footnotes: true, math: true, comments: true}, source)
}
