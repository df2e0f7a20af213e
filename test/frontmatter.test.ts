/**
 * The plain frontmatter reader (kb/plain-frontmatter.ts) against the `yaml`
 * package: on every block it accepts, `parseFrontmatter` gives exactly what
 * the reference gives (data, key lines and spans, links with positions,
 * errors); every other block is left to the reference. Blocks are built from
 * the lines notes have and the ones YAML reads differently (numbers,
 * booleans, null, comments, escapes, anchors, nesting, CRLF, duplicates).
 */
import fc from 'fast-check'
import type {Yaml} from 'mdast'
import {location} from 'vfile-location'
import {describe, expect, it} from 'vitest'
import {parseFrontmatter} from '../src/kb/frontmatter.js'
import {readPlainMapping} from '../src/kb/plain-frontmatter.js'

/** The note `---\n<block>\n---\n`, its yaml node as the parsers build it. */
function yamlNode(block: string, lineEnd = '\n'): {node: Yaml; source: string} {
  const source = `---${lineEnd}${block}${lineEnd}---${lineEnd}\nBody.${lineEnd}`
  const end = 3 + lineEnd.length + block.length + lineEnd.length + 3
  const lines = block.split('\n').length
  const node: Yaml = {
    type: 'yaml',
    value: block,
    position: {start: {line: 1, column: 1, offset: 0}, end: {line: lines + 2, column: 4, offset: end}}
  }
  return {node, source}
}

function both(block: string) {
  const {node, source} = yamlNode(block)
  const place = location(source)
  return {plain: parseFrontmatter(node, source, place), reference: parseFrontmatter(node, source, place, 'yaml')}
}

const keys = ['title', 'description', 'tags', 'aliases', 'related', 'up', 'date', 'a', 'b_c', 'x-y', '_k']
const trickyKeys = ['true', 'null', 'NULL', 'False', '__proto__', '9a', 'é', 'Заметка', 'a b', '-a']
/** Plain values notes write, then ones YAML reads as another type or not as a plain scalar. */
const plainValues = [
  'Shard rebalance',
  'review',
  'встречи',
  'архитектура',
  'a',
  'Ёлка',
  'ёлка',
  'и\u0306',
  'x/y',
  'v1.2',
  'C++',
  'a=b',
  'a~',
  'it (draft)',
  'one - two'
]
const trickyValues = [
  'true',
  'True',
  'FALSE',
  'null',
  '~',
  '1',
  '1.5',
  '-3',
  '0x1F',
  '0o17',
  '.inf',
  '-.Inf',
  '.nan',
  '1e3',
  '2024-01-02',
  'yes',
  'No',
  'on',
  'a: b',
  'a #c',
  'a#c',
  '#c',
  '&anchor a',
  '*alias',
  '!tag a',
  '|',
  '>',
  '@x',
  '`x`',
  "it's",
  '"',
  "'q'",
  'a,b',
  '[x]',
  '{x}',
  'a ',
  ' a',
  'a\tb',
  '- a',
  '? a',
  '%x'
]
const quotedContents = [
  'Заметка 00171 разбор ошибок',
  'Что пакет уже: новый # владелец.',
  '[[a/b]]',
  '[[a/b|B]] and [[c#H]]',
  '[[x]]',
  '',
  "it's",
  '𝔘 astral',
  'x[[',
  '[[a|b|c]]',
  '[[]]'
]
const trickyContents = ['a\\nb', 'a\\"b', 'tab\there', 'a\u2028b', '\ufeffa', 'a\u0085b', 'a"b']

const scalar = fc.oneof(
  {weight: 4, arbitrary: fc.constantFrom(...plainValues)},
  {weight: 4, arbitrary: fc.constantFrom(...quotedContents).map((content) => `"${content}"`)},
  {weight: 1, arbitrary: fc.constantFrom(...trickyValues)},
  {weight: 1, arbitrary: fc.constantFrom(...trickyContents).map((content) => `"${content}"`)},
  {weight: 1, arbitrary: fc.constantFrom(...quotedContents, ...trickyContents).map((content) => `'${content}'`)}
)
const flowList = fc
  .tuple(fc.array(scalar, {maxLength: 4}), fc.constantFrom(', ', ',', ' , ', ',  '), fc.constantFrom('', ' ', ','))
  .map(([items, separator, pad]) => `[${pad === ',' ? '' : pad}${items.join(separator)}${pad}]`)
const blockList = fc
  .tuple(fc.array(scalar, {minLength: 1, maxLength: 3}), fc.constantFrom('', '  ', '    '), fc.boolean())
  .map(([items, indent, mixed]) => items.map((item, index) => `\n${mixed && index === 1 ? indent + ' ' : indent}- ${item}`).join(''))
const key = fc.oneof({weight: 5, arbitrary: fc.constantFrom(...keys)}, {weight: 1, arbitrary: fc.constantFrom(...trickyKeys)})
const line = fc.oneof(
  {weight: 12, arbitrary: fc.tuple(key, scalar).map(([k, v]) => `${k}: ${v}`)},
  {weight: 3, arbitrary: fc.tuple(key, flowList).map(([k, v]) => `${k}: ${v}`)},
  {weight: 2, arbitrary: fc.tuple(key, blockList).map(([k, v]) => `${k}:${v}`)},
  {weight: 1, arbitrary: key.map((k) => `${k}:`)},
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      '# a comment',
      'a: b # note',
      'a:b',
      'a:  b',
      'a: b ',
      '  nested: x',
      'a: [[x]]',
      'a: ["[[x]]", [y]]',
      'a: &x b',
      'b: *x',
      'k: "a"b',
      '- stray',
      '---',
      '...',
      'a: |',
      '  text',
      'a: {b: c}',
      '"q": x',
      '? k',
      'k: [a, b',
      'k: a]',
      ': v',
      '%YAML 1.2',
      'k: "unterminated'
    )
  }
)
const block = fc.array(line, {minLength: 1, maxLength: 5}).map((lines) => lines.join('\n'))

describe('plain frontmatter reader', () => {
  it('gives what the yaml package gives on every block it reads, and leaves the rest to it', () => {
    let read = 0
    fc.assert(
      fc.property(block, (text) => {
        const {plain, reference} = both(text)
        expect(plain).toEqual(reference)
        if (readPlainMapping(text)) {
          read++
          expect(reference.errors).toEqual([])
          expect(reference.duplicateKeys).toEqual([])
          expect(reference.unquotedLinks).toEqual([])
        }
      }),
      {numRuns: 3_000}
    )
    // The generator reaches both sides.
    expect(read).toBeGreaterThan(400)
  })

  it('reads the frontmatter the bench base and notes have', () => {
    const blocks = [
      'title: "Заметка 00171 разбор ошибок"\ndescription: "Что пакет уже новый владелец обработчик индекс задержка."\ntags: [архитектура, review, встречи]',
      'title: Shard rebalance\naliases:\n  - rebalance\n  - "[[other/note|Other]]"\nrelated: ["[[a/b]]", "[[c#Heading]]"]\ndraft:',
      'tags:\n- a\n- b\nup: "[[index]]"'
    ]
    for (const text of blocks) {
      expect(readPlainMapping(text), text).toBeDefined()
      const {plain, reference} = both(text)
      expect(plain).toEqual(reference)
    }
    expect(both(blocks[1]!).plain.links.map((link) => [link.target, link.position.start.line, link.position.start.column])).toEqual([
      ['other/note', 5, 6],
      ['a/b', 6, 12],
      ['c', 6, 23]
    ])
  })

  it('leaves CRLF blocks to the yaml package', () => {
    expect(readPlainMapping('title: a\r\ntags: [b]')).toBeUndefined()
  })
})
