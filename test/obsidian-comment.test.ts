/**
 * Obsidian `%%` comments and math are not content: nothing inside them is a
 * link. The comment pairs are Quartz's (its `%%[\s\S]*?%%` regex on the raw
 * file), so kb-lint never hides a link Quartz publishes.
 */
import type {Root} from 'mdast'
import fc from 'fast-check'
import {visit} from 'unist-util-visit'
import {describe, expect, it} from 'vitest'
import {tableRows} from '../src/kb/tables.js'
import {parseMarkdown} from '../src/syntax/processor.js'
import type {WikiLink} from '../src/syntax/wiki-link/index.js'
import {propertyRuns} from './property-runs.js'

function targets(tree: Root): string[] {
  const found: string[] = []
  visit(tree, 'wikiLink', (node: WikiLink) => {
    found.push(node.target)
  })
  return found.sort()
}

const linksIn = (source: string) => targets(parseMarkdown(source))
/** What Quartz keeps: it deletes every `%%…%%` from the raw text, then parses. */
const quartzLinksIn = (source: string) => targets(parseMarkdown(source.replace(/%%[\s\S]*?%%/g, '')))

describe('Obsidian comments', () => {
  it('hide links inline, over lines, and as blocks with blank lines, in quotes and lists', () => {
    expect(linksIn('a %%[[x]]%% [[y]]')).toEqual(['y'])
    expect(linksIn('a %%[[x]]\nand [[x2]]%% [[y]]')).toEqual(['y'])
    expect(linksIn('%%\n[[x]]\n\n# [[h]]\n\n| [[t]] |\n| - |\n%%\n[[y]]')).toEqual(['y'])
    expect(linksIn('para [[y]]\n%%\n[[x]]\n%%\nmore')).toEqual(['y'])
    expect(linksIn('> %%\n> [[x]]\n>\n> %%\n\n[[y]]')).toEqual(['y'])
    expect(linksIn('- item\n  %%\n  [[x]]\n\n  [[x2]]\n  %%\n- [[y]]')).toEqual(['y'])
    expect(linksIn('%% one line [[x]] %%   \n[[y]]')).toEqual(['y'])
    expect(linksIn('# Title %%[[x]]%%\n\n| a | b |\n| - | - |\n| %%[[x2]]%% | [[y]] |')).toEqual(['y'])
    expect(linksIn('Текст %%[[x]]\r\nи [[x2]]%% [[y]]\r\n\r\n%%\r\n[[x3]]\r\n\r\n%%\r\n[[z]]')).toEqual(['y', 'z'])
  })

  it('are not comments where they do not pair or start inside code', () => {
    expect(linksIn('unclosed %% [[y]]')).toEqual(['y'])
    expect(linksIn('`%%` [[y]] `%%`')).toEqual(['y'])
    expect(linksIn('```\n%%\n```\n[[y]]\n```\n%%\n```')).toEqual(['y'])
    // The pairs are the file's: the 1st `%%` closes at the 2nd, so the 3rd is text.
    expect(linksIn('x %%\n%% [[y]] %%')).toEqual(['y'])
    expect(linksIn('# h %%\n%% [[y]] %%')).toEqual(['y'])
  })

  it('pair in a table row as in the file, also for a link GFM split at its `|`', () => {
    const literal = (source: string) => {
      const tree = parseMarkdown(source)
      const table = tree.children.find((node) => node.type === 'table')
      if (table?.type !== 'table') throw new Error('expected a table')
      return tableRows(table, source).flatMap((row) => row.splitLinks.map((link) => link.literal))
    }
    const row = '| a | b |\n| - | - |\n| %%[[c|d]]%% | `[[e|f]]` |\n| $[[g|h]]$ | [[i|j]] |\n'
    expect(literal(row)).toEqual([true, true, true, false])
    // An earlier lone `%%` pairs with the cell's first one: the cell's are no comment.
    expect(literal('x %%\n\n' + row)).toEqual([false, true, true, false])
  })

  it('give the tree a comment node and keep the text around it', () => {
    const tree = parseMarkdown('a %%b%% c\n\n%%\nd\n%%\n')
    expect(tree.children.map((node) => node.type)).toEqual(['paragraph', 'obsidianComment'])
    const paragraph = tree.children[0]!
    expect(paragraph.type === 'paragraph' && paragraph.children.map((node) => node.type)).toEqual(['text', 'obsidianComment', 'text'])
    expect(tree.children[1]).toMatchObject({
      type: 'obsidianComment',
      value: '\nd\n',
      position: {start: {line: 3, column: 1}, end: {line: 5, column: 3}}
    })
  })

  it('never hide a link Quartz publishes, and hide exactly what it hides in paragraphs without blank lines', () => {
    // Without code (fenced, indented, spans), math and HTML: Quartz deletes a pair across a code span or
    // math or HTML too (`\`[[c]]%%\`%%` loses its closing backtick there), where
    // kb-lint, like Obsidian, keeps the code span.
    const piece = fc.constantFrom('%%', '%', '[[a]]', '[[b]]', '![[c]]', 'text ', ' text', '\n', '\n\n', '# ', '> ', '- ', '|', '| - |\n')
    fc.assert(
      fc.property(fc.array(piece, {maxLength: 30}), (pieces) => {
        const source = pieces.join('')
        const kb = linksIn(source)
        const quartz = quartzLinksIn(source)
        // Every link Quartz keeps is one kb-lint reads (kb-lint never hides more).
        const remaining = [...kb]
        for (const target of quartz) {
          const at = remaining.indexOf(target)
          expect(at, `${JSON.stringify(source)}: Quartz shows [[${target}]]`).not.toBe(-1)
          remaining.splice(at, 1)
        }
      }),
      {numRuns: propertyRuns(300)}
    )
    const simple = fc.constantFrom('%%', '[[a]]', '[[b]]', 'text ', ' text', '\n')
    fc.assert(
      fc.property(fc.array(simple, {maxLength: 30}), (pieces) => {
        const source = pieces.join('')
        // A pair that starts after text and runs over a blank line is no comment here (see syntax.ts).
        fc.pre(!/\n[ \t]*\n/.test(source))
        expect(linksIn(source), JSON.stringify(source)).toEqual(quartzLinksIn(source))
      }),
      {numRuns: propertyRuns(300)}
    )
    // (60,000 runs of each found nothing.) A busy machine may need the time.
  }, 120_000)
})

describe('math', () => {
  it('hides links inside $…$, $$…$$ and $$ blocks, as remark-math parses them (Quartz)', () => {
    expect(linksIn('$[[x]]$ $$[[x2]]$$ [[y]]')).toEqual(['y'])
    expect(linksIn('$$\n[[x]]\n\n[[x2]]\n$$\n[[y]]')).toEqual(['y'])
    expect(linksIn('costs \\$5 and [[y]] and \\$6')).toEqual(['y'])
  })

  it('does not keep a GFM table cell together: `|` in `$…$` splits the row, `\\|` does not', () => {
    const tree = parseMarkdown('| a | b |\n| - | - |\n| $|x|$ | y |\n| $\\|x\\|$ | y |\n')
    const table = tree.children[0]!
    if (table.type !== 'table') throw new Error('expected a table')
    expect(table.children[1]!.children.length).toBe(4)
    expect(table.children[2]!.children[0]!.children[0]).toMatchObject({type: 'inlineMath', value: '\\|x\\|'})
  })
})
