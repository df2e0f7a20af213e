import type {PhrasingContent, Root, RootContent} from 'mdast'
import {fromMarkdown} from 'mdast-util-from-markdown'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import type {Point, Position} from 'unist'
import {visit} from 'unist-util-visit'
import {describe, expect, it} from 'vitest'
import {remarkWikiLink, wikiLink, wikiLinkFromMarkdown, type WikiLink} from '../src/syntax/wiki-link/index.js'

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkWikiLink)

function parse(source: string): Root {
  return processor.parse(source)
}

function links(source: string): WikiLink[] {
  const found: WikiLink[] = []
  visit(parse(source), 'wikiLink', (node) => {
    found.push(node)
  })
  // Every link found must have self-consistent positions.
  for (const node of found) checkPositions(source, node)
  return found
}

function collect(source: string): WikiLink[] {
  const found: WikiLink[] = []
  visit(parse(source), 'wikiLink', (node) => {
    found.push(node)
  })
  return found
}

function one(source: string): WikiLink {
  const found = links(source)
  expect(found).toHaveLength(1)
  return found[0]!
}

/** Only the semantic fields (no positions), for compact assertions. */
function fields(node: WikiLink) {
  const {value, embed, target, anchor, alias} = node
  return {value, embed, target, anchor, alias}
}

function types(source: string): string[] {
  const found: string[] = []
  visit(parse(source), (node) => {
    found.push(node.type)
  })
  return found
}

/** Line/column (1-based, UTF-16 columns) of an offset, computed independently. */
function pointAt(text: string, offset: number): Point {
  let line = 1
  let lineStart = 0
  for (let index = 0; index < offset; index++) {
    const char = text[index]
    if (char === '\r' && text[index + 1] === '\n') {
      continue // the `\n` ends the line
    }

    if (char === '\n' || char === '\r') {
      line++
      lineStart = index + 1
    }
  }

  return {line, column: offset - lineStart + 1, offset}
}

/** The decoded text that offsets index into (BOM removed). */
function decoded(source: string): string {
  return source.charCodeAt(0) === 0xfe_ff ? source.slice(1) : source
}

function slice(source: string, position: Position): string {
  return decoded(source).slice(position.start.offset, position.end.offset)
}

function checkPoint(source: string, point: Point): void {
  expect(point.offset).toBeTypeOf('number')
  expect(point).toEqual(pointAt(decoded(source), point.offset!))
}

function checkPositions(source: string, node: WikiLink): void {
  const parts: Array<[Position | undefined, string | undefined]> = [
    [node.position, node.value],
    [node.targetPosition, node.target],
    [node.anchorPosition, node.anchor],
    [node.aliasPosition, node.alias?.includes('|') ? undefined : node.alias]
  ]
  for (const [position, text] of parts) {
    if (!position) {
      // Part positions are present iff the part is a non-empty string.
      expect(text ?? '').toBe('')
      continue
    }

    checkPoint(source, position.start)
    checkPoint(source, position.end)
    if (text !== undefined) expect(slice(source, position)).toBe(text)
  }
}

function pos(startLine: number, startColumn: number, startOffset: number, endLine: number, endColumn: number, endOffset: number): Position {
  return {
    start: {line: startLine, column: startColumn, offset: startOffset},
    end: {line: endLine, column: endColumn, offset: endOffset}
  }
}

describe('wiki link syntax: forms', () => {
  it('produces the exact node shape for [[target]]', () => {
    const tree = parse('[[target]]')
    const paragraph = tree.children[0]
    expect(paragraph?.type).toBe('paragraph')
    expect(paragraph && 'children' in paragraph && paragraph.children).toEqual([
      {
        type: 'wikiLink',
        value: '[[target]]',
        embed: false,
        target: 'target',
        targetPosition: pos(1, 3, 2, 1, 9, 8),
        position: pos(1, 1, 0, 1, 11, 10)
      }
    ])
  })

  it('produces the exact node shape for ![[note#Heading|alias]]', () => {
    expect(one('![[note#Heading|alias]]')).toEqual({
      type: 'wikiLink',
      value: '![[note#Heading|alias]]',
      embed: true,
      target: 'note',
      anchor: 'Heading',
      alias: 'alias',
      targetPosition: pos(1, 4, 3, 1, 8, 7),
      anchorPosition: pos(1, 9, 8, 1, 16, 15),
      aliasPosition: pos(1, 17, 16, 1, 22, 21),
      position: pos(1, 1, 0, 1, 24, 23)
    })
  })

  it.each([
    ['[[target|alias]]', {target: 'target', alias: 'alias'}],
    ['[[target\\|alias]]', {target: 'target', alias: 'alias'}],
    ['[[target#Heading]]', {target: 'target', anchor: 'Heading'}],
    ['[[#Heading]]', {target: '', anchor: 'Heading'}],
    ['[[target#^blockid]]', {target: 'target', anchor: '^blockid'}],
    ['[[#^blockid]]', {target: '', anchor: '^blockid'}],
    ['[[target#Heading|alias]]', {target: 'target', anchor: 'Heading', alias: 'alias'}],
    ['[[target#Heading\\|alias]]', {target: 'target', anchor: 'Heading', alias: 'alias'}],
    ['[[#Heading|alias]]', {target: '', anchor: 'Heading', alias: 'alias'}],
    ['[[a#H1#H2]]', {target: 'a', anchor: 'H1#H2'}],
    ['[[a#H1#H2|x]]', {target: 'a', anchor: 'H1#H2', alias: 'x'}],
    ['[[a|b|c]]', {target: 'a', alias: 'b|c'}],
    ['[[a|b#c]]', {target: 'a', alias: 'b#c'}],
    ['[[folder/sub note.md]]', {target: 'folder/sub note.md'}],
    ['[[a\\b]]', {target: 'a\\b'}],
    ['[[a*b*c]]', {target: 'a*b*c'}],
    ['[[a`b`]]', {target: 'a`b`'}],
    ['[[a&amp;b]]', {target: 'a&amp;b'}],
    ['[[a|]]', {target: 'a', alias: ''}],
    ['[[a#]]', {target: 'a', anchor: ''}],
    ['[[a#|x]]', {target: 'a', anchor: '', alias: 'x'}]
  ])('parses %s', (source, expected) => {
    const node = one(source)
    expect(fields(node)).toEqual({
      value: source,
      embed: false,
      anchor: undefined,
      alias: undefined,
      ...expected
    })
  })

  it.each([
    ['![[target]]', {target: 'target'}],
    ['![[img.png]]', {target: 'img.png'}],
    ['![[doc.pdf#page=3]]', {target: 'doc.pdf', anchor: 'page=3'}],
    ['![[img.png|100x200]]', {target: 'img.png', alias: '100x200'}],
    ['![[note#Heading|alias]]', {target: 'note', anchor: 'Heading', alias: 'alias'}],
    ['![[#^block]]', {target: '', anchor: '^block'}]
  ])('parses embed %s', (source, expected) => {
    expect(fields(one(source))).toEqual({
      value: source,
      embed: true,
      anchor: undefined,
      alias: undefined,
      ...expected
    })
  })

  it('trims target, anchor and alias, with positions of the trimmed text', () => {
    const source = '[[  a b  #  H 1 \t|   al ias  ]]'
    const node = one(source)
    expect(fields(node)).toEqual({
      value: source,
      embed: false,
      target: 'a b',
      anchor: 'H 1',
      alias: 'al ias'
    })
    expect(node.targetPosition).toEqual(pos(1, 5, 4, 1, 8, 7))
    expect(node.anchorPosition).toEqual(pos(1, 13, 12, 1, 16, 15))
    expect(node.aliasPosition).toEqual(pos(1, 22, 21, 1, 28, 27))
  })

  it('keeps the target without the backslash of `\\|`', () => {
    const node = one('[[a\\|b]]')
    expect(node.target).toBe('a')
    expect(node.alias).toBe('b')
    expect(node.value).toBe('[[a\\|b]]')
    expect(node.targetPosition).toEqual(pos(1, 3, 2, 1, 4, 3))
    expect(node.aliasPosition).toEqual(pos(1, 6, 5, 1, 7, 6))
  })

  it('is a phrasing content node in the mdast types', () => {
    const node: PhrasingContent = one('[[a]]')
    const content: RootContent = node
    expect(content.type).toBe('wikiLink')
  })
})

describe('wiki link syntax: not links', () => {
  it.each([
    ['[[]]'],
    ['[[ ]]'],
    ['[[|x]]'],
    ['[[ |x]]'],
    ['[[\\|x]]'],
    ['[[#]]'],
    ['[[#|x]]'],
    ['[[a'],
    ['[[a]'],
    ['[[a] ]'],
    ['[[a|b'],
    ['[[a#b'],
    ['[a]]'],
    ['[ [a]]'],
    ['![['],
    ['![a]]'],
    ['! [[a]]'.slice(0, 3)],
    ['[[a\nb]]'],
    ['[[a\r\nb]]'],
    ['[[a|b\nc]]'],
    ['[[a#b\nc]]'],
    ['[[a\n]]'],
    ['[[\na]]'],
    ['[[a [b]]'],
    ['[[a]b]]'],
    ['[[a|b]c]]'],
    ['[[a#b[c]]'],
    ['\\[[a]]'],
    ['\\[\\[a]]'],
    ['[\\[a]]']
  ])('does not parse %j', (source) => {
    expect(links(source)).toEqual([])
  })

  it('does not parse `![[a]]` with an escaped bang as an embed', () => {
    const node = one('\\![[a]]')
    expect(node.embed).toBe(false)
    expect(node.position).toEqual(pos(1, 3, 2, 1, 8, 7))
  })

  it('leaves unclosed / broken links as plain text', () => {
    const tree = parse('see [[a and [[]] and [[a\nb]]')
    expect(types('see [[a and [[]] and [[a\nb]]')).toEqual(['root', 'paragraph', 'text'])
    const paragraph = tree.children[0]
    expect(paragraph && 'children' in paragraph && paragraph.children).toEqual([
      expect.objectContaining({value: 'see [[a and [[]] and [[a\nb]]'})
    ])
  })

  it('does not trigger inside fenced code', () => {
    expect(links('```\n[[a]]\n```\n\n~~~md\n![[b]]\n~~~')).toEqual([])
  })

  it('does not trigger inside indented code', () => {
    expect(links('para\n\n    [[a]]\n    ![[b|c]]\n')).toEqual([])
  })

  it('does not trigger inside inline code', () => {
    expect(links('a `[[b]]` c ``x [[d]] y``')).toEqual([])
  })

  it('does not trigger inside HTML comments', () => {
    expect(links('<!-- [[a]] -->\n\ntext <!-- [[b|c]] --> d')).toEqual([])
    expect(links('<!--\n[[a]]\n-->')).toEqual([])
  })

  it('does not trigger inside HTML blocks or inline HTML', () => {
    expect(links('<div>\n[[a]]\n</div>')).toEqual([])
    expect(links('x <span title="[[a]]">y</span>')).toEqual([])
  })

  it('does not trigger inside YAML frontmatter', () => {
    expect(links('---\nup: "[[a]]"\n---\n\nbody')).toEqual([])
  })

  it('does not trigger inside link destinations or autolinks', () => {
    expect(links('[x](<[[a]]>) <https://e.com/[[a]]>')).toEqual([])
  })
})

describe('wiki link syntax: inline context', () => {
  it('parses links adjacent to text', () => {
    const tree = parse('x[[a]]y')
    const paragraph = tree.children[0]
    expect(paragraph && 'children' in paragraph && paragraph.children).toEqual([
      expect.objectContaining({type: 'text', value: 'x'}),
      expect.objectContaining({type: 'wikiLink', target: 'a'}),
      expect.objectContaining({type: 'text', value: 'y'})
    ])
  })

  it('parses two links on one line', () => {
    const found = links('[[a|A]] and ![[b#H]]')
    expect(found.map((node) => fields(node))).toEqual([
      {value: '[[a|A]]', embed: false, target: 'a', anchor: undefined, alias: 'A'},
      {value: '![[b#H]]', embed: true, target: 'b', anchor: 'H', alias: undefined}
    ])
    expect(found[1]!.position).toEqual(pos(1, 13, 12, 1, 21, 20))
  })

  it('parses directly adjacent links', () => {
    expect(links('[[a]][[b]]![[c]]').map((node) => node.value)).toEqual(['[[a]]', '[[b]]', '![[c]]'])
  })

  it('keeps `[[a]](x)` a wiki link followed by text', () => {
    const tree = parse('[[a]](x)')
    const paragraph = tree.children[0]
    expect(paragraph && 'children' in paragraph && paragraph.children).toEqual([
      expect.objectContaining({type: 'wikiLink', target: 'a'}),
      expect.objectContaining({type: 'text', value: '(x)'})
    ])
    expect(types('[[a]](x)')).not.toContain('link')
  })

  it('takes precedence over a link reference with the same label', () => {
    const source = '[[ref]]\n\n[ref]: https://example.com'
    expect(fields(one(source)).target).toBe('ref')
    expect(types(source)).not.toContain('link')
  })

  it('handles extra brackets around a link', () => {
    const tree = parse('[[[a]]]')
    const paragraph = tree.children[0]
    expect(paragraph && 'children' in paragraph && paragraph.children).toEqual([
      expect.objectContaining({type: 'text', value: '['}),
      expect.objectContaining({type: 'wikiLink', value: '[[a]]'}),
      expect.objectContaining({type: 'text', value: ']'})
    ])
    expect(links('[[a]]]').map((node) => node.value)).toEqual(['[[a]]'])
  })

  it('works inside emphasis, strong and strikethrough', () => {
    expect(links('*[[a]]* **[[b|c]]** ~~![[d]]~~').map((n) => n.value)).toEqual(['[[a]]', '[[b|c]]', '![[d]]'])
  })

  it('works inside the text of a Markdown link', () => {
    const source = '[see [[a]] here](https://x.org)'
    expect(one(source).target).toBe('a')
    expect(types(source)).toContain('link')
  })

  it('is not broken up by GFM autolink literals or emphasis markers', () => {
    const source = '[[www.example.com]] [[https://e.com/x|y]] [[a@b.com]] [[a_b_c]] [[a~~b~~]]'
    expect(links(source).map((node) => node.target)).toEqual(['www.example.com', 'https://e.com/x', 'a@b.com', 'a_b_c', 'a~~b~~'])
    expect(types(source)).not.toContain('link')
    expect(types(source)).not.toContain('emphasis')
    expect(types(source)).not.toContain('delete')
  })

  it('is not mistaken for a definition at the start of a line', () => {
    expect(types('[[a]]: y')).toEqual(['root', 'paragraph', 'wikiLink', 'text'])
  })

  it('works in headings', () => {
    expect(one('# Title [[a#b]]').anchor).toBe('b')
    expect(one('Title [[a]]\n===').target).toBe('a')
  })
})

describe('wiki link syntax: coexistence with Markdown', () => {
  const source = [
    'A [link](b.md) and [ref][r] and [collapsed][] and [r] and ![img](i.png)',
    'and ![ref img][r] and a footnote[^1] and [[wiki]] and <https://auto.link>',
    'and www.example.com and [^1] again.',
    '',
    '[r]: https://example.com',
    '[collapsed]: c.md',
    '',
    '[^1]: The note with [[inner]].'
  ].join('\n')

  it('still parses links, references, images and footnotes', () => {
    const tree = parse(source)
    const found: Record<string, number> = {}
    visit(tree, (node) => {
      found[node.type] = (found[node.type] ?? 0) + 1
    })
    expect(found).toMatchObject({
      link: 3, // [link](b.md), <https://auto.link>, www.example.com
      linkReference: 3,
      image: 1,
      imageReference: 1,
      footnoteReference: 2,
      footnoteDefinition: 1,
      definition: 2,
      wikiLink: 2
    })
    expect(links(source).map((node) => node.target)).toEqual(['wiki', 'inner'])
  })

  it('still parses `[a](b)` / `![a](b)` next to wiki links', () => {
    const tree = parse('[[a]] [a](b) ![c](d) ![[e]]')
    const paragraph = tree.children[0]
    expect(paragraph && 'children' in paragraph && paragraph.children.map((n) => n.type)).toEqual([
      'wikiLink',
      'text',
      'link',
      'text',
      'image',
      'text',
      'wikiLink'
    ])
  })
})

describe('wiki link syntax: GFM tables', () => {
  it('parses `[[a\\|b]]` in a table cell as target a, alias b', () => {
    const source = '| Link | Other |\n| --- | --- |\n| [[a\\|b]] | c |\n'
    const tree = parse(source)
    const table = tree.children[0]
    expect(table?.type).toBe('table')
    const row = table && table.type === 'table' ? table.children[1] : undefined
    expect(row?.children).toHaveLength(2)
    const node = one(source)
    expect(fields(node)).toEqual({
      value: '[[a\\|b]]',
      embed: false,
      target: 'a',
      anchor: undefined,
      alias: 'b'
    })
    expect(node.position).toEqual(pos(3, 3, 33, 3, 11, 41))
    expect(node.targetPosition).toEqual(pos(3, 5, 35, 3, 6, 36))
    expect(node.aliasPosition).toEqual(pos(3, 8, 38, 3, 9, 39))
    expect(row?.children[0]?.children).toEqual([node])
  })

  it('parses anchors and embeds in table cells', () => {
    const source = '| a | b |\n|:-|-:|\n| ![[n#H\\|x]] | [[#^blk]] |\n| [[p]] [[q\\|r]] | s |'
    expect(links(source).map((node) => fields(node))).toEqual([
      {value: '![[n#H\\|x]]', embed: true, target: 'n', anchor: 'H', alias: 'x'},
      {value: '[[#^blk]]', embed: false, target: '', anchor: '^blk', alias: undefined},
      {value: '[[p]]', embed: false, target: 'p', anchor: undefined, alias: undefined},
      {value: '[[q\\|r]]', embed: false, target: 'q', anchor: undefined, alias: 'r'}
    ])
  })

  it('unescapes `\\|` inside an alias', () => {
    const node = one('| a |\n| - |\n| [[t\\|x\\|y]] |')
    expect(node.alias).toBe('x|y')
    expect(node.target).toBe('t')
  })

  it('yields no wiki link for an unescaped pipe split by GFM', () => {
    const source = '| Link | Other |\n| --- | --- |\n| [[a|b]] | c |\n'
    expect(links(source)).toEqual([])
    const tree = parse(source)
    const table = tree.children[0]
    const row = table && table.type === 'table' ? table.children[1] : undefined
    expect(row?.children).toHaveLength(3)
  })
})

describe('wiki link syntax: positions', () => {
  it('handles CRLF line endings', () => {
    const source = 'line one\r\n\r\nsee [[a#b|c]]\r\nand ![[d]]\r\n'
    const [first, second] = links(source)
    expect(first!.position).toEqual(pos(3, 5, 16, 3, 14, 25))
    expect(first!.targetPosition).toEqual(pos(3, 7, 18, 3, 8, 19))
    expect(first!.anchorPosition).toEqual(pos(3, 9, 20, 3, 10, 21))
    expect(first!.aliasPosition).toEqual(pos(3, 11, 22, 3, 12, 23))
    expect(second!.position).toEqual(pos(4, 5, 31, 4, 11, 37))
    expect(second!.targetPosition).toEqual(pos(4, 8, 34, 4, 9, 35))
  })

  it('handles a BOM at the start of the file (offsets exclude it)', () => {
    const source = '\uFEFF[[a|b]]\n[[c]]'
    const [first, second] = links(source)
    expect(first!.position).toEqual(pos(1, 1, 0, 1, 8, 7))
    expect(first!.targetPosition).toEqual(pos(1, 3, 2, 1, 4, 3))
    expect(second!.position).toEqual(pos(2, 1, 8, 2, 6, 13))
  })

  it('handles a BOM, frontmatter and CRLF together', () => {
    const source = '\uFEFF---\r\ntitle: x\r\n---\r\n\r\nA [[b]]\r\n'
    const node = one(source)
    expect(node.position).toEqual(pos(5, 3, 24, 5, 8, 29))
  })

  it('counts columns in UTF-16 code units (Cyrillic, emoji)', () => {
    const source = 'Привет [[Заметка#Заголовок|псевдоним]] 😀 [[б]]'
    const [first, second] = links(source)
    expect(fields(first!)).toEqual({
      value: '[[Заметка#Заголовок|псевдоним]]',
      embed: false,
      target: 'Заметка',
      anchor: 'Заголовок',
      alias: 'псевдоним'
    })
    expect(first!.position).toEqual(pos(1, 8, 7, 1, 39, 38))
    expect(first!.targetPosition).toEqual(pos(1, 10, 9, 1, 17, 16))
    expect(first!.anchorPosition).toEqual(pos(1, 18, 17, 1, 27, 26))
    expect(first!.aliasPosition).toEqual(pos(1, 28, 27, 1, 37, 36))
    // The emoji is two UTF-16 code units.
    expect(second!.position).toEqual(pos(1, 43, 42, 1, 48, 47))
  })

  it('handles tabs in a part (a tab is one column)', () => {
    const node = one('x\t[[\ta\t]]')
    expect(node.target).toBe('a')
  })

  it('handles list items', () => {
    const source = '- item [[a]]\n  - nested ![[b|c]]\n1. ordered\n   [[d#e]]'
    const [a, b, d] = links(source)
    expect(a!.position).toEqual(pos(1, 8, 7, 1, 13, 12))
    expect(b!.position).toEqual(pos(2, 12, 24, 2, 20, 32))
    expect(b!.aliasPosition).toEqual(pos(2, 17, 29, 2, 18, 30))
    expect(d!.position).toEqual(pos(4, 4, 47, 4, 11, 54))
    expect(d!.anchorPosition).toEqual(pos(4, 8, 51, 4, 9, 52))
  })

  it('handles task list items', () => {
    const node = one('- [ ] todo [[a]]\n- [x] done')
    expect(node.position).toEqual(pos(1, 12, 11, 1, 17, 16))
  })

  it('handles block quotes (and lazy continuation)', () => {
    const source = '> quote [[a|b]]\n> > nested [[c]]\n\n> x\nlazy [[d]]'
    const [a, c, d] = links(source)
    expect(a!.position).toEqual(pos(1, 9, 8, 1, 16, 15))
    expect(c!.position).toEqual(pos(2, 12, 27, 2, 17, 32))
    expect(d!.position).toEqual(pos(5, 6, 43, 5, 11, 48))
  })

  it('handles a table inside a block quote inside a list', () => {
    const source = '- > | h |\n  > | - |\n  > | [[a\\|b]] |'
    const node = one(source)
    expect(node.position).toEqual(pos(3, 7, 26, 3, 15, 34))
    expect(node.targetPosition).toEqual(pos(3, 9, 28, 3, 10, 29))
  })
})

describe('wiki link syntax: standalone use and performance', () => {
  it('works with mdast-util-from-markdown directly (no GFM)', () => {
    const tree = fromMarkdown('a [[b|c]] d', {
      extensions: [wikiLink()],
      mdastExtensions: [wikiLinkFromMarkdown()]
    })
    const found: WikiLink[] = []
    visit(tree, 'wikiLink', (node) => {
      found.push(node)
    })
    expect(found.map((node) => fields(node))).toEqual([{value: '[[b|c]]', embed: false, target: 'b', anchor: undefined, alias: 'c'}])
  })

  it('parses bracket-heavy input to the same tree as without wiki links (lone `[` bails)', () => {
    // Timings of this input are in bench/, not here: a test on a busy
    // machine must not depend on the clock. What a test can pin is that a
    // lone `[`, `![[` or an unclosed `[[` changes nothing in the tree.
    const base = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm)
    const paragraphs = (line: string) => (line + '\n\n').repeat(50)
    const inputs = ['['.repeat(500), '![['.repeat(200), paragraphs('a [ b ! c [x] d [y](z) e ![i](j) f [^1] g [[ h')]
    for (const input of inputs) expect(processor.parse(input)).toEqual(base.parse(input))

    const many = '[[a#b|c]] x ![[d]] y [[e\\|f]]\n\n'.repeat(300)
    expect(collect(many)).toHaveLength(900)
  })
})
