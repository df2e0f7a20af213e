/**
 * `kb-lint/remark/wiki-link` in a pipeline that writes Markdown back
 * (remark-stringify): wiki links are written, and parse → stringify → parse
 * gives the same tree, on every fixture and on generated documents.
 */
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import type {Root} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {describe, expect, it} from 'vitest'
import remarkWikiLink, {type WikiLink} from '../src/remark/wiki-link.js'
import {projectRoot} from './fixtures.js'
import {propertyRuns} from './property-runs.js'

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkWikiLink).use(remarkStringify)

const parse = (text: string): Root => processor.parse(text)
const stringify = (tree: Root): string => processor.stringify(tree)

/** The tree without positions (the text moves when written back). */
function shape(tree: Root): unknown {
  return JSON.parse(
    JSON.stringify(tree, (key, value) => (/^(position|targetPosition|anchorPosition|aliasPosition)$/.test(key) ? undefined : value))
  )
}

function roundTrips(text: string): string {
  const tree = parse(text)
  const written = stringify(tree)
  expect(shape(parse(written)), `${JSON.stringify(text)}\n→ ${JSON.stringify(written)}`).toEqual(shape(tree))
  return written
}

function markdownFiles(folder: string): string[] {
  return fs
    .readdirSync(folder, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(entry.parentPath, entry.name))
}

describe('writing wiki links back with remark-stringify', () => {
  it('writes every form as it was written', () => {
    const text = '[[a]] [[ b ]] [[c#Heading]] [[#Local]] [[d#^block]] [[e|Alias]] [[f\\|g]] ![[img.png]] ![[h#x|y]]\n'
    expect(stringify(parse(text))).toBe(text)
  })

  it('writes `\\|` inside a table cell and keeps the row', () => {
    const written = roundTrips('| a | b |\n| - | - |\n| [[x\\|y]] | ![[p#q\\|r]] |\n')
    expect(written.split('\n')[2]).toBe('| [[x\\|y]] | ![[p#q\\|r]] |')
  })

  it('writes a changed or new node from its fields', () => {
    const tree = parse('[[old|Old]] and\n\n| a |\n| - |\n| [[cell]] |\n')
    visit(tree, 'wikiLink', (node: WikiLink) => {
      node.target = 'new/place'
      node.alias = 'A | B'
    })
    const written = stringify(tree)
    expect(written.split('\n')[0]).toBe('[[new/place|A | B]] and')
    expect(written.split('\n')[4]).toBe('| [[new/place\\|A \\| B]] |')
    const links: WikiLink[] = []
    visit(parse(written), 'wikiLink', (node: WikiLink) => {
      links.push(node)
    })
    expect(links.map((link) => [link.target, link.alias])).toEqual([
      ['new/place', 'A | B'],
      ['new/place', 'A | B']
    ])
  })

  it('escapes text that would become a link or an embed', () => {
    expect(roundTrips('\\[[not a link]] and \\![[a]] and !\\[[b]]\n')).toBe('\\[\\[not a link]] and \\![[a]] and !\\[\\[b]]\n')
    const tree: Root = {
      type: 'root',
      children: [
        {
          type: 'paragraph',
          children: [
            {type: 'text', value: 'wow!'},
            {type: 'wikiLink', value: '[[a]]', embed: false, target: 'a', position: undefined as never}
          ]
        }
      ]
    }
    const written = stringify(tree)
    expect(shape(parse(written))).toEqual(shape(tree))
  })

  it('round-trips every fixture with a wiki link', () => {
    const texts = markdownFiles(path.join(projectRoot, 'fixtures'))
      .map((file) => fs.readFileSync(file, 'utf8'))
      .filter((text) => text.includes('[['))
    expect(texts.length).toBeGreaterThan(50)
    let links = 0
    for (const text of texts) {
      visit(parse(text), 'wikiLink', () => {
        links++
      })
      roundTrips(text)
    }
    expect(links).toBeGreaterThan(100)
  }, 120_000)

  it('round-trips generated documents', () => {
    // No backticks: remark-stringify alone does not round-trip a code span
    // over a table's lines (`\`| p |\n| - |\n\``), wiki links or not.
    const piece = fc.constantFrom(
      '[[a]]',
      '[[b c#H|Al]]',
      '[[x\\|y]]',
      '![[i.png]]',
      '[[#T]]',
      '[[',
      ']]',
      '!',
      '[',
      ']',
      '|',
      '\\',
      '\\|',
      '#',
      '^b',
      ' ',
      'text',
      '\n',
      '\n\n',
      '- ',
      '> ',
      '| p | q |\n| - | - |\n',
      '*',
      '(x)'
    )
    fc.assert(
      fc.property(fc.array(piece, {maxLength: 30}), (pieces) => {
        roundTrips(pieces.join(''))
      }),
      {numRuns: propertyRuns(100)}
    )
  }, 120_000)
})
