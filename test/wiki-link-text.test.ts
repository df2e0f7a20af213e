/**
 * One reading of the inside of a wiki link. The body's links come from the
 * micromark extension (syntax/wiki-link); links micromark never sees —
 * frontmatter values, table rows GFM split at a `|` — from
 * `parseWikiLinkText`. Both must give the same target, anchor, alias and
 * ranges for every text, and agree on what is no link at all.
 */
import fc from 'fast-check'
import {fromMarkdown} from 'mdast-util-from-markdown'
import {visit} from 'unist-util-visit'
import {describe, expect, it} from 'vitest'
import {parseWikiLinkText, type WikiLinkParts} from '../src/kb/wiki-link-text.js'
import {wikiLink, wikiLinkFromMarkdown, type WikiLink} from '../src/syntax/wiki-link/index.js'
import {propertyRuns} from './property-runs.js'

/** What the micromark extension reads from `[[inner]]`, as `WikiLinkParts` (ranges in `inner`). */
function viaMicromark(inner: string): Omit<WikiLinkParts, 'separator' | 'escapedSeparator'> | undefined {
  const source = '[[' + inner + ']]'
  const tree = fromMarkdown(source, {extensions: [wikiLink()], mdastExtensions: [wikiLinkFromMarkdown()]})
  const found: WikiLink[] = []
  visit(tree, 'wikiLink', (node: WikiLink) => {
    found.push(node)
  })
  const node = found[0]
  if (node?.position.start.offset !== 0 || node.position.end.offset !== source.length) return undefined
  const range = (position: WikiLink['targetPosition']): [number, number] | undefined =>
    position ? [position.start.offset! - 2, position.end.offset! - 2] : undefined
  return strip({
    target: node.target,
    anchor: node.anchor,
    alias: node.alias,
    targetRange: range(node.targetPosition),
    anchorRange: range(node.anchorPosition),
    aliasRange: range(node.aliasPosition)
  })
}

function viaText(inner: string) {
  const parts = parseWikiLinkText(inner)
  if (!parts) return undefined
  const {separator: _separator, escapedSeparator: _escaped, ...rest} = parts
  return strip(rest)
}

/** Drop `undefined` fields, so both sides compare by what they say. */
function strip<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T
}

describe('the two wiki-link readers', () => {
  it('agree on the cases that used to differ', () => {
    for (const inner of [
      '#',
      ' # ',
      '#|x',
      'a|b\\|c',
      'a\\|b\\|c',
      'a\\|b|c',
      'a#b#c|d|e',
      '  ',
      '|x',
      'a|',
      'a#',
      '#^id',
      'a]b',
      'a[b',
      'a\nb',
      'a\rb',
      'я #Раздел | Текст '
    ]) {
      expect(viaText(inner), JSON.stringify(inner)).toEqual(viaMicromark(inner))
    }
  })

  it('agree on every text made of the characters that matter', () => {
    const char = fc.constantFrom('a', 'я', ' ', '\t', '\u00a0', '#', '^', '|', '\\', '[', ']', '!', '\n', '.', '/', 'é', '\u0301')
    fc.assert(
      fc.property(fc.array(char, {maxLength: 16}), (chars) => {
        const inner = chars.join('')
        expect(viaText(inner), JSON.stringify(inner)).toEqual(viaMicromark(inner))
      }),
      {numRuns: propertyRuns(1000)}
    )
  })
})
