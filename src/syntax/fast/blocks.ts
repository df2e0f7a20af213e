/**
 * Block structure for the fast parser: YAML frontmatter, ATX headings,
 * paragraphs, one-line link reference definitions, fenced code, HTML blocks
 * (not declarations, instructions or CDATA), thematic breaks, GFM tables,
 * block quotes of any of these (every line with its `>`; the quote's lines
 * are read as a container of their own), and bullet / ordered lists whose
 * items hold paragraphs, fenced code and nested lists, indented with spaces
 * or tabs. Everything else — lazy lines of a quote, setext headings,
 * indented code, HTML or a quote in a list item, tabs in a quote, list items
 * that start with another block, a table that would interrupt a paragraph —
 * throws `Unsure`, and the reference parser reads the note instead.
 *
 * Positions follow micromark's exactly (the differential test compares the
 * summaries and findings of both parsers): a heading, paragraph or table row
 * ends at the end of its line including trailing whitespace; an HTML block
 * starts at the start of its line; a code block, heading or list item starts
 * at its first marker.
 */
import type {
  Blockquote,
  Code,
  Definition,
  Heading,
  Html,
  List,
  ListItem,
  Paragraph,
  Root,
  RootContent,
  Table,
  TableCell,
  TableRow,
  ThematicBreak,
  Yaml
} from 'mdast'
import {normalizeIdentifier} from 'micromark-util-normalize-identifier'
import {closesRaw, htmlFlowStart} from './html-flow.js'
import {parseInline, type InlineContext, type Segment} from './inline.js'
import {Positions, Unsure} from './shared.js'

interface Line {
  /** Offset of the first character. */
  start: number
  /** Offset just after the last character before the line ending. */
  end: number
}

interface Level {
  list: List
  item: ListItem
  /** Column (0-based) where the item's content starts. */
  contentColumn: number
  /** Bullet character, or the delimiter of an ordered marker. */
  kind: string
}

interface OpenParagraph {
  node: Paragraph
  segments: Segment[]
  lastLine: Line
}

const THEMATIC_BREAK = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/
const ATX_HEADING = /^(#{1,6})(?:[ \t]|$)/
const FENCE = /^(`{3,}|~{3,})/
const SETEXT_UNDERLINE = /^(?:=+|-+)[ \t]*$/
/** Only table-delimiter characters, with a `-`: a delimiter row, valid or not. */
const DELIMITER_LIKE = /^[ \t]*[|:-][ \t|:-]*$/
const DELIMITER_CELL = /^[ \t]*:?-+:?[ \t]*$/
/** A list marker: followed by a space, a tab or the line's end (`**bold**`, `-x` and `1.5` are text). */
const LIST_ITEM = /^(?:([-*+])|([0-9]{1,9})([.)]))(?=[ \t]|$)( *)/
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const BACKSLASH = 0x5c
const COLON = 0x3a
const LINE_FEED = 0x0a
const CARRIAGE_RETURN = 0x0d

/**
 * The block tree of `source`. `mayDefine` says the note holds a `]:`, so a
 * link reference definition is possible: one can only begin where a
 * paragraph (or a table's header row) begins, with a label (`[`, no other
 * `[` before its `]`) right before a `:`. A definition on one line is read
 * (`definitionOn`); any other such start is refused. `[text]` is then a
 * reference when a definition has its label, plain text otherwise
 * (inline.ts).
 */
export function parseBlocks(source: string, mayDefine = false): Root {
  // micromark knows every definition before it reads any inline content, so
  // a `[label]` may use one made further down: with any, read it all again.
  const labels = new Set<string>()
  const tree = readBlocks(source, mayDefine, labels)
  return labels.size === 0 ? tree : readBlocks(source, mayDefine, labels)
}

/** One pass of `parseBlocks`; the identifiers of the definitions it meets go into `labels`. */
function readBlocks(source: string, mayDefine: boolean, labels: Set<string>): Root {
  const positions = new Positions(source)
  const root: Root = {type: 'root', children: [], position: {start: positions.point(0), end: positions.point(source.length)}}
  const lists: List[] = []

  const span = (from: number, to: number) => ({start: positions.point(from), end: positions.point(to)})

  const inline = (from: number, to: number, context: InlineContext) =>
    parseInline(source, [{start: from, end: to}], positions, context, labels)

  /**
   * Reads `lines` into `children` from line `first`: the note's lines, or a
   * block quote's without their `>` (the same offsets into `source`, so
   * positions need nothing more). Returns whether it ends in content a lazy
   * line could continue (a paragraph, a definition, a table, or a quote ending so).
   */
  const readContainer = (lines: Line[], children: RootContent[], first: number): boolean => {
    const levels: Level[] = []
    let paragraph: OpenParagraph | undefined
    let table: Table | undefined
    let afterBlank = false
    /** The line being read closed a paragraph (it interrupts it). */
    let interrupted = false
    /**
     * What came before the `[` of a definition on the line just read. In
     * micromark a definition and a paragraph after it are one piece of content,
     * so the next line could continue it lazily or be something that cannot
     * interrupt a paragraph: only another definition with the same prefix, or a
     * blank line, is read after one.
     */
    let definitionPrefix: string | undefined
    let lazyQuote = false
    let index = first

    const closeParagraph = (): void => {
      if (!paragraph) return
      const {node, segments, lastLine} = paragraph
      const last = segments[segments.length - 1]!
      let end = last.end
      while (end > last.start && (source[end - 1] === ' ' || source[end - 1] === '\t')) end--
      last.end = end
      // `**b**^id`: the block id's text node would start after the closing
      // delimiter, which the fast parser does not resolve.
      if (/[*_]\^[A-Za-z0-9-]+$/.test(source.slice(last.start, end))) throw new Unsure('a block id right after emphasis')
      node.children = parseInline(source, segments, positions, 'paragraph', labels)
      node.position = span(segments[0]!.start, lastLine.end)
      paragraph = undefined
    }

    const refuseDefinition = (from: number): void => {
      if (!mayDefine || source.charCodeAt(from) !== OPEN_BRACKET) return
      // A label ends at its first `]` and holds no unescaped `[`; only `]:` can
      // define. An escape or a label going on past the line: not sure.
      for (let at = from + 1; at < source.length; at++) {
        const code = source.charCodeAt(at)
        if (code === OPEN_BRACKET) return
        if (code === CLOSE_BRACKET) {
          if (source.charCodeAt(at + 1) !== COLON) return
          break
        }
        if (code === BACKSLASH || code === LINE_FEED || code === CARRIAGE_RETURN) break
      }
      throw new Unsure('a paragraph that may start with a link reference definition')
    }

    const openParagraph = (children: RootContent[], from: number, line: Line): void => {
      if (mayDefine && source.charCodeAt(from) === OPEN_BRACKET) {
        const node = definitionOn(source, from, line, lines[index + 1], span)
        if (node) {
          labels.add(node.identifier)
          children.push(node)
          definitionPrefix = source.slice(line.start, from)
          return
        }
      }
      refuseDefinition(from)
      // Under a delimiter-like row, this line may be a table's header (in a
      // list item or a quote; top-level tables are read before this).
      const next = lines[index + 1]
      const nextText = next ? source.slice(next.start, next.end) : ''
      if (DELIMITER_LIKE.test(nextText) && /[|:]/.test(nextText)) throw new Unsure('a table in a container')
      const node: Paragraph = {type: 'paragraph', children: []}
      children.push(node)
      paragraph = {node, segments: [{start: from, end: line.end}], lastLine: line}
    }

    for (; index < lines.length; index++) {
      const line = lines[index]!
      interrupted = false
      // The first character after the indentation, and its column: a tab
      // advances to the next multiple of 4 (Obsidian indents nested lists with tabs).
      let at = line.start
      let indent = 0
      for (; at < line.end; at++) {
        const code = source.charCodeAt(at)
        if (code === 0x20) indent++
        else if (code === 0x09) indent += 4 - (indent % 4)
        else break
      }
      if (at === line.end) {
        closeParagraph()
        table = undefined
        afterBlank = true
        definitionPrefix = undefined
        continue
      }
      if (definitionPrefix !== undefined) {
        const text = source.slice(line.start, line.end)
        if (!text.startsWith(definitionPrefix) || !DEFINITION.test(text.slice(definitionPrefix.length)))
          throw new Unsure('a line right after a definition')
        definitionPrefix = undefined
      }
      const rest = source.slice(at, line.end)

      if (table) {
        // Any other block ends a table (no paragraph to interrupt there); the
        // rest of the lines are rows, however few pipes they have.
        if (indent > 0 || rest[0] === '<' || rest[0] === '>')
          throw new Unsure('an indented line, HTML or a block quote right after a table')
        if (!blockStart(rest, true) && !LIST_ITEM.test(rest)) {
          table.children.push(tableRow(source, line, inline, span))
          table.position!.end = positions.point(line.end)
          continue
        }
        table = undefined
      }

      const item = LIST_ITEM.exec(rest)
      const innermost = levels.length > 0 ? levels[levels.length - 1]!.contentColumn : 0

      // A line that continues the open paragraph (lazily or not).
      if (paragraph && !afterBlank) {
        const relative = indent - innermost
        const next = lines[index + 1]
        if (next && DELIMITER_LIKE.test(source.slice(next.start, next.end)) && /[|:]/.test(source.slice(next.start, next.end))) {
          throw new Unsure('a table or delimiter-like row under a paragraph')
        }
        if (relative >= 4) {
          paragraph.segments.push({start: at, end: line.end})
          paragraph.lastLine = line
          continue
        }
        if (SETEXT_UNDERLINE.test(rest) || THEMATIC_BREAK.test(rest))
          throw new Unsure('a setext underline or thematic break under a paragraph')
        // An ordered list may interrupt a paragraph only when it starts at 1;
        // a further item of an open list interrupts nothing.
        if (item && item[2] !== undefined && item[2] !== '1' && siblingOf(levels, indent)?.kind !== item[3]) {
          throw new Unsure('an ordered item that may not interrupt a paragraph')
        }
        // Only HTML blocks of kinds 1–6 interrupt it (and close the list
        // when the line is lazy, short of the item's content); other lines
        // starting with `<` continue it (their tags and autolinks read
        // inline). But on a lazy line micromark also starts a kind 7 block,
        // inside the item: left to the reference.
        if (indent < innermost && rest[0] === '<' && htmlFlowStart(rest, false) === 'complete') throw new Unsure('HTML on a lazy line')
        if (!blockStart(rest, true) && !(item && itemContentStart(rest, item) !== undefined)) {
          if (item) throw new Unsure('an empty list item under a paragraph')
          paragraph.segments.push({start: at, end: line.end})
          paragraph.lastLine = line
          continue
        }
        closeParagraph()
        interrupted = true
      }
      afterBlank = false

      if (item && !THEMATIC_BREAK.test(rest)) {
        const contentOffset = itemContentStart(rest, item)
        if (contentOffset === undefined) throw new Unsure('an empty list item or one indented 5 or more spaces')
        const sibling = siblingOf(levels, indent)
        while (levels.length > 0 && levels[levels.length - 1]!.contentColumn > indent) levels.pop()
        const container = levels.length > 0 ? levels[levels.length - 1]! : undefined
        if (indent - (container?.contentColumn ?? 0) >= 4) throw new Unsure('a list item indented like code')
        const kind = item[1] ?? item[3]!
        const listItem: ListItem = {type: 'listItem', spread: false, checked: null, children: [], position: span(at, line.end)}
        let list: List
        if (sibling && sibling.kind === kind) {
          list = sibling.list
        } else {
          list = {
            type: 'list',
            ordered: item[1] === undefined,
            start: item[2] === undefined ? null : Number(item[2]),
            spread: false,
            children: [],
            position: span(at, line.end)
          }
          lists.push(list)
          ;(container ? container.item.children : children).push(list)
        }
        list.children.push(listItem)
        levels.push({list, item: listItem, contentColumn: indent + contentOffset, kind})
        const content = source.slice(at + contentOffset, line.end)
        const itemFence = FENCE.exec(content)
        if (itemFence) {
          index = fencedCode(source, lines, index, at + contentOffset, 0, itemFence[1]!, listItem.children, span, indent + contentOffset)
          continue
        }
        if (blockStart(content, false) || LIST_ITEM.test(content)) throw new Unsure('a list item that starts with another block')
        openParagraph(listItem.children, at + contentOffset, line)
        continue
      }

      while (levels.length > 0 && levels[levels.length - 1]!.contentColumn > indent) levels.pop()
      if (levels.length > 0) {
        // Inside a list item, after a blank line or a block: paragraphs and fenced code are read here.
        const level = levels[levels.length - 1]!
        if (indent - level.contentColumn >= 4) throw new Unsure('indented code in a list item')
        const itemFence = FENCE.exec(rest)
        if (itemFence) {
          index = fencedCode(
            source,
            lines,
            index,
            at,
            indent - level.contentColumn,
            itemFence[1]!,
            level.item.children,
            span,
            level.contentColumn
          )
          continue
        }
        if (blockStart(rest, false)) throw new Unsure('a block other than a paragraph in a list item')
        openParagraph(level.item.children, at, line)
        continue
      }

      if (indent >= 4) throw new Unsure('indented code')
      const heading = ATX_HEADING.exec(rest)
      if (heading) {
        children.push(atxHeading(source, at, line, heading[1]!.length, inline, span))
        continue
      }
      const fence = FENCE.exec(rest)
      if (fence) {
        index = fencedCode(source, lines, index, at, indent, fence[1]!, children, span)
        continue
      }
      if (rest[0] === '>') {
        // The quote's lines, read as a container of their own.
        const quoted: Line[] = []
        let next = index
        for (; next < lines.length; next++) {
          const inner = quotedLine(source, lines[next]!)
          if (!inner) break
          quoted.push(inner)
        }
        // A quote that interrupts a paragraph reads its first line as
        // interrupting it too (micromark): no list item starting at 2, no
        // definition, no HTML of kind 7 there. Only plain text is read.
        const opening = source.slice(quoted[0]!.start, quoted[0]!.end)
        if (interrupted && (/^[-+*\d>#<[|`~ ]/.test(opening) || opening.includes('|')))
          throw new Unsure('a block quote interrupting a paragraph')
        const quote: Blockquote = {type: 'blockquote', children: [], position: span(at, lines[next - 1]!.end)}
        children.push(quote)
        const lazyOpen = readContainer(quoted, quote.children, 0)
        if (lazyOpen && next < lines.length && !isBlank(source, lines[next]!)) throw new Unsure('a lazy line in a block quote')
        // A quote that runs to this container's end leaves its open content to the next line out.
        lazyQuote = lazyOpen && next === lines.length
        index = next - 1
        continue
      }
      if (rest[0] === '<') {
        const kind = htmlFlowStart(rest, false)
        if (kind === 'other') throw new Unsure('an HTML declaration, instruction or CDATA block')
        if (kind === 'comment') {
          index = htmlComment(source, lines, index, children, span)
          continue
        }
        if (kind !== undefined) {
          index = htmlBlock(source, lines, index, kind, children, span)
          continue
        }
        // Not an HTML block: a paragraph (or a table), like any other line.
      }
      if (THEMATIC_BREAK.test(rest)) {
        children.push({type: 'thematicBreak', position: span(at, line.end)} satisfies ThematicBreak)
        continue
      }
      const next = lines[index + 1]
      const nextText = next ? source.slice(next.start, next.end) : ''
      if (next && DELIMITER_LIKE.test(nextText) && /[|:]/.test(nextText)) {
        refuseDefinition(at)
        table = tableStart(source, line, next, inline, span)
        children.push(table)
        index++
        continue
      }
      openParagraph(children, at, line)
    }
    const lazyOpen = paragraph !== undefined || definitionPrefix !== undefined || table !== undefined || lazyQuote
    closeParagraph()
    return lazyOpen
  }

  const lines = splitLines(source)
  readContainer(lines, root.children, frontmatter(source, lines, root, span))

  // A list item ends where its last child ends, a list where its last item ends.
  for (let at = lists.length - 1; at >= 0; at--) {
    const list = lists[at]!
    for (const listItem of list.children) {
      const last = listItem.children[listItem.children.length - 1]
      if (last?.position) listItem.position!.end = last.position.end
    }
    list.position!.end = list.children[list.children.length - 1]!.position!.end
  }
  return root
}

/** The open item a new item at `indent` would follow in the same list (before checking its kind). */
function siblingOf(levels: Level[], indent: number): Level | undefined {
  let sibling: Level | undefined
  for (let at = levels.length - 1; at >= 0 && levels[at]!.contentColumn > indent; at--) sibling = levels[at]
  return sibling
}

function splitLines(source: string): Line[] {
  const lines: Line[] = []
  let start = 0
  for (;;) {
    const newline = source.indexOf('\n', start)
    if (newline === -1) {
      lines.push({start, end: source.length})
      return lines
    }
    lines.push({start, end: newline > start && source[newline - 1] === '\r' ? newline - 1 : newline})
    start = newline + 1
  }
}

/**
 * A link reference definition on one line (micromark's `definition`):
 * `[label]: destination "title"`, without escapes, character references,
 * parentheses in the destination or a title on the next line (those are
 * left to the reference: `refuseDefinition`).
 */
const DEFINITION =
  /^\[([^[\]\\\n]*[^[\]\\\s][^[\]\\\n]*)\]:[ \t]*(?:<([^<>\n\\&]*)>|([^\s<>()\\&\0-\x1f\x7f]+))(?:[ \t]+(?:"([^"\\\n&]*)"|'([^'\\\n&]*)'|\(([^()\\\n&]*)\)))?[ \t]*$/

/** The definition that `line` holds from `from`, or undefined. */
function definitionOn(source: string, from: number, line: Line, next: Line | undefined, span: SpanOf): Definition | undefined {
  const match = DEFINITION.exec(source.slice(from, line.end))
  if (!match || match[1]!.length > 999) return undefined
  const title = match[4] ?? match[5] ?? match[6]
  // Without a title, one may follow on the next line.
  if (title === undefined && next && /^[ \t]*["'(]/.test(source.slice(next.start, next.end)))
    throw new Unsure('a definition whose title may be on the next line')
  return {
    type: 'definition',
    identifier: normalizeIdentifier(match[1]!).toLowerCase(),
    label: match[1]!,
    url: match[2] ?? match[3]!,
    title: title ?? null,
    position: span(from, line.end)
  }
}

/** The part of `line` after its block quote marker (`>` and one space), or undefined when it has none. */
function quotedLine(source: string, line: Line): Line | undefined {
  let at = line.start
  while (at < line.end && at - line.start < 3 && source.charCodeAt(at) === 0x20) at++
  if (source.charCodeAt(at) !== 0x3e || at >= line.end) return undefined
  at++
  const after = source.charCodeAt(at)
  if (after === 0x20 && at < line.end) at++
  // Tab stops count from the start of the whole line, not of the quote's
  // content: a tab in a quoted line's indentation is left to the reference.
  for (let space = at; space < line.end; space++) {
    const code = source.charCodeAt(space)
    if (code === 0x09) throw new Unsure('a tab in a block quote')
    if (code !== 0x20) break
  }
  return {start: at, end: line.end}
}

/**
 * A block that may interrupt a paragraph (`interrupt`) or start after one,
 * or one the fast parser refuses in a container (`>`, HTML). A `<` that
 * starts no HTML block is text.
 */
function blockStart(text: string, interrupt: boolean): boolean {
  return (
    ATX_HEADING.test(text) ||
    FENCE.test(text) ||
    (text[0] === '<' && htmlFlowStart(text, interrupt) !== undefined) ||
    text[0] === '>' ||
    THEMATIC_BREAK.test(text)
  )
}

/** Offset of an item's content after its marker, or undefined (empty item, 5+ spaces, a tab). */
function itemContentStart(text: string, item: RegExpExecArray): number | undefined {
  const marker = (item[1] ?? item[2]! + item[3]!).length
  const spaces = item[4]!.length
  if (spaces === 0 || spaces > 4) return undefined
  if (marker + spaces >= text.length || text[marker + spaces] === '\t') return undefined
  return marker + spaces
}

type SpanOf = (from: number, to: number) => {start: ReturnType<Positions['point']>; end: ReturnType<Positions['point']>}
type InlineOf = (from: number, to: number, context: InlineContext) => ReturnType<typeof parseInline>

/** remark-frontmatter: `---` on the first line, closed by a `---` line. Returns the next line to read. */
function frontmatter(source: string, lines: Line[], root: Root, span: SpanOf): number {
  const fence = /^---[ \t]*$/
  const first = lines[0]!
  if (!fence.test(source.slice(first.start, first.end))) return 0
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index]!
    if (!fence.test(source.slice(line.start, line.end))) continue
    const valueEnd = index === 1 ? lines[1]!.start : lines[index - 1]!.end
    const value = index === 1 ? '' : source.slice(lines[1]!.start, valueEnd)
    root.children.push({type: 'yaml', value, position: span(0, line.end)} satisfies Yaml)
    return index + 1
  }
  throw new Unsure('an unclosed frontmatter fence')
}

function atxHeading(source: string, at: number, line: Line, depth: number, inline: InlineOf, span: SpanOf): Heading {
  let from = at + depth
  while (from < line.end && (source[from] === ' ' || source[from] === '\t')) from++
  let to = line.end
  while (to > from && (source[to - 1] === ' ' || source[to - 1] === '\t')) to--
  // A closing sequence of `#`s, after whitespace (or the whole content).
  let hashes = to
  while (hashes > from && source[hashes - 1] === '#') hashes--
  if (hashes < to && (hashes === from || source[hashes - 1] === ' ' || source[hashes - 1] === '\t')) {
    to = hashes
    while (to > from && (source[to - 1] === ' ' || source[to - 1] === '\t')) to--
  }
  return {
    type: 'heading',
    depth: depth as Heading['depth'],
    children: to > from ? inline(from, to, 'heading') : [],
    position: span(at, line.end)
  }
}

/**
 * A fenced code block from `index`, its fence at `at`, `indent` spaces into
 * its container, which starts `base` columns into each line (a list item's
 * content column; 0 at the top level). Returns the index of its last line.
 * In a list item, every line up to the closing fence must belong to the item
 * (a blank line, or `base` spaces first): a code block that its item ends
 * is left to the reference.
 */
function fencedCode(
  source: string,
  lines: Line[],
  index: number,
  at: number,
  indent: number,
  fence: string,
  children: RootContent[],
  span: SpanOf,
  base = 0
): number {
  const line = lines[index]!
  const info = source.slice(at + fence.length, line.end)
  if (fence[0] === '`' && info.includes('`')) throw new Unsure('a backtick fence with a backtick in its info string')
  const content: string[] = []
  for (let next = index + 1; next < lines.length; next++) {
    const inner = lines[next]!
    let text = source.slice(inner.start, inner.end)
    if (base > 0) {
      let spaces = 0
      while (spaces < base && text.charCodeAt(spaces) === 0x20) spaces++
      if (spaces < base && !/^ *$/.test(text)) throw new Unsure('a code fence that its list item does not close')
      text = text.slice(spaces)
    }
    const closing = /^( {0,3})(`{3,}|~{3,})[ \t]*$/.exec(text)
    if (closing && closing[2]![0] === fence[0] && closing[2]!.length >= fence.length) {
      const words = info.trim().split(/[ \t]+/)
      children.push({
        type: 'code',
        lang: words[0] || null,
        meta: words.length > 1 ? info.trim().slice(words[0]!.length).trim() : null,
        value: content.join('\n'),
        position: span(at, inner.end)
      } satisfies Code)
      return next
    }
    let strip = 0
    while (strip < indent && text[strip] === ' ') strip++
    content.push(text.slice(strip))
  }
  throw new Unsure('an unclosed code fence')
}

/** An HTML comment block (CommonMark type 2) from `index`; returns the index of its last line. */
function htmlComment(source: string, lines: Line[], index: number, children: RootContent[], span: SpanOf): number {
  const line = lines[index]!
  const open = source.indexOf('<!--', line.start)
  if (source.startsWith('<!-->', open) || source.startsWith('<!--->', open)) throw new Unsure('an empty HTML comment')
  // Line by line: in a block quote, the lines after this one are the quote's.
  let last = index
  let from = open + 4
  while (!source.slice(from, lines[last]!.end).includes('-->')) {
    last++
    if (last === lines.length) throw new Unsure('an unclosed HTML comment')
    from = lines[last]!.start
  }
  const end = lines[last]!.end
  children.push({type: 'html', value: joinLines(source, lines, index, last), position: span(line.start, end)} satisfies Html)
  return last
}

/** Lines `from` to `to` of a container with their own line endings (without a block quote's `>`). */
function joinLines(source: string, lines: Line[], from: number, to: number): string {
  let value = source.slice(lines[from]!.start, lines[from]!.end)
  for (let at = from + 1; at <= to; at++) {
    const end = lines[at - 1]!.end
    value += (source.charCodeAt(end) === 0x0d ? '\r\n' : '\n') + source.slice(lines[at]!.start, lines[at]!.end)
  }
  return value
}

/**
 * An HTML block other than a comment (html-flow.ts), from `index`; returns
 * the index of its last line. A raw block (`<pre>`, `<script>`, …) ends at
 * the line with its end tag, the others before a blank line.
 */
function htmlBlock(
  source: string,
  lines: Line[],
  index: number,
  kind: 'raw' | 'basic' | 'complete',
  children: RootContent[],
  span: SpanOf
): number {
  const line = lines[index]!
  let last = index
  if (kind === 'raw') {
    // The opening `<name` holds no `</`: the first line is searched whole.
    while (!closesRaw(source.slice(lines[last]!.start, lines[last]!.end))) {
      last++
      if (last === lines.length) throw new Unsure('an unclosed raw HTML block')
    }
  } else {
    while (last + 1 < lines.length && !isBlank(source, lines[last + 1]!)) last++
  }
  const end = lines[last]!.end
  children.push({type: 'html', value: joinLines(source, lines, index, last), position: span(line.start, end)} satisfies Html)
  return last
}

function isBlank(source: string, line: Line): boolean {
  for (let at = line.start; at < line.end; at++) {
    const code = source.charCodeAt(at)
    if (code !== 0x20 && code !== 0x09) return false
  }
  return true
}

/** A table's header and delimiter rows (already known delimiter-like). */
function tableStart(source: string, header: Line, delimiter: Line, inline: InlineOf, span: SpanOf): Table {
  const headerText = source.slice(header.start, header.end)
  const delimiterText = source.slice(delimiter.start, delimiter.end)
  if (/^[ \t]/.test(headerText) || /^[ \t]/.test(delimiterText)) throw new Unsure('an indented table')
  if (!headerText.includes('|') || !delimiterText.includes('|')) throw new Unsure('a table without pipes')
  // `- | -` is a list item before it is a delimiter row.
  if (/^[-*+](?:[ \t]|$)/.test(delimiterText) || THEMATIC_BREAK.test(delimiterText))
    throw new Unsure('a delimiter row that starts a list item')
  const delimiterCells = cellRanges(delimiterText)
  if (!delimiterCells.every(([from, to]) => DELIMITER_CELL.test(delimiterText.slice(from, to))))
    throw new Unsure('an invalid delimiter row')
  const headerRow = tableRow(source, header, inline, span)
  if (headerRow.children.length !== delimiterCells.length) throw new Unsure('a header and delimiter row of different widths')
  const align = delimiterCells.map(([from, to]) => {
    const cell = delimiterText.slice(from, to).trim()
    const left = cell.startsWith(':')
    const right = cell.endsWith(':')
    return left && right ? 'center' : left ? 'left' : right ? 'right' : null
  })
  return {type: 'table', align, children: [headerRow], position: span(header.start, delimiter.end)}
}

/**
 * Content ranges (in `text`) of a row's cells: split at unescaped pipes, one
 * leading and one trailing pipe dropped, whitespace trimmed.
 */
function cellRanges(text: string): Array<[number, number]> {
  if (text.includes('\\\\')) throw new Unsure('an escaped backslash in a table row')
  let end = text.length
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--
  const pipes = unescapedPipes(text, end)
  const leading = pipes[0] === 0
  const trailing = pipes.length > 0 && pipes[pipes.length - 1] === end - 1
  if (leading && trailing && pipes.length === 1) throw new Unsure('a row that is a single pipe')
  const bounds = [
    leading ? 0 : -1,
    ...pipes.filter((pipe) => !(leading && pipe === 0) && !(trailing && pipe === end - 1)),
    trailing ? end - 1 : end
  ]
  const ranges: Array<[number, number]> = []
  for (let cell = 0; cell + 1 < bounds.length; cell++) {
    let from = bounds[cell]! + 1
    let to = bounds[cell + 1]!
    while (from < to && (text[from] === ' ' || text[from] === '\t')) from++
    while (to > from && (text[to - 1] === ' ' || text[to - 1] === '\t')) to--
    ranges.push([from, to])
  }
  return ranges
}

/**
 * Offsets of the pipes before `end` that no backslash escapes. `indexOf`
 * and character codes: indexing a row at each (Cyrillic) character made a
 * string of each.
 */
function unescapedPipes(text: string, end: number): number[] {
  const pipes: number[] = []
  for (let index = text.indexOf('|'); index !== -1 && index < end; index = text.indexOf('|', index + 1)) {
    if (index === 0 || text.charCodeAt(index - 1) !== 0x5c) pipes.push(index)
  }
  return pipes
}

/** One row: cell i spans from its opening pipe (the row start for the first) to the next pipe, the last to the row end. */
function tableRow(source: string, line: Line, inline: InlineOf, span: SpanOf): TableRow {
  const text = source.slice(line.start, line.end)
  const ranges = cellRanges(text)
  const separators = unescapedPipes(text, text.length)
  const cells: TableCell[] = ranges.map(([from, to]) => ({
    type: 'tableCell',
    children: to > from ? inline(line.start + from, line.start + to, 'cell') : [],
    position: undefined as unknown as TableCell['position']
  }))
  // Cell boundaries: the pipe before each cell's content (none for a first cell without a leading pipe).
  let start = line.start
  for (let cell = 0; cell < cells.length; cell++) {
    const nextFrom = ranges[cell + 1]?.[0]
    const boundary = nextFrom === undefined ? undefined : separators.filter((pipe) => pipe < nextFrom).pop()
    const end = boundary === undefined ? line.end : line.start + boundary
    cells[cell]!.position = span(start, end)
    start = end
  }
  return {type: 'tableRow', children: cells, position: span(line.start, line.end)}
}
