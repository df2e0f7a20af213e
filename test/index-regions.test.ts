/** The per-file side of outputs: index markers and plain text, from one parse. */
import {describe, expect, it} from 'vitest'
import {analyzeNote} from '../src/engine/analyze.js'
import {parseAttributes} from '../src/kb/index-markers.js'

const config = {rules: new Map(), frontmatter: {schema: {}}}
const analyze = (text: string, withText = false) => analyzeNote({relative: 'n.md', bytes: Buffer.from(text), config, withText})

describe('index markers', () => {
  it('record offsets, attributes, content and line ending of a region', () => {
    const text = '# T\r\n\r\n<!-- kb-lint:index folder=\'a b\' sort="path" -->\r\n- x\r\n<!-- /kb-lint:index -->\r\n'
    const [region, ...rest] = analyze(text).indexRegions!
    expect(rest).toEqual([])
    expect(region!.attributes).toEqual({folder: 'a b', sort: 'path'})
    expect(region!.content).toBe('\r\n- x\r\n')
    expect(text.slice(region!.start, region!.end)).toBe(region!.content)
    expect(region!.eol).toBe('\r\n')
    expect(region!.place.start).toMatchObject({line: 3, column: 1})
    expect(region!.problem).toBeUndefined()
  })

  it('ignore markers in code and inline code; notes without markers have no regions', () => {
    const text = '```\n<!-- kb-lint:index folder="a" -->\n```\n\n`<!-- kb-lint:index folder="a" -->`\n'
    expect(analyze(text).indexRegions).toBeUndefined()
  })

  it('report a marker inside a list item or a quote', () => {
    const regions = analyze('> <!-- kb-lint:index folder="a" -->\n> <!-- /kb-lint:index -->\n').indexRegions!
    expect(regions.some((region) => /top level/.test(region.problem ?? ''))).toBe(true)
  })

  it('read name="value" attributes and nothing else', () => {
    expect(parseAttributes(' folder="x"  recursive=\'true\' ')).toEqual({folder: 'x', recursive: 'true'})
    expect(parseAttributes('')).toEqual({})
    expect(parseAttributes(' folder=x')).toBeUndefined()
    expect(parseAttributes(' folder="x" junk')).toBeUndefined()
  })
})

describe('plain text (--text)', () => {
  it('is kept only when asked for', () => {
    expect(analyze('# A\n').text).toBeUndefined()
    expect(analyze('# A\n', true).text).toBe('A')
  })

  it('leaves out frontmatter and HTML, keeps code, reads links as their text, one line per block', () => {
    const text =
      '---\ntitle: Secret title\n---\n# Head\n\nPara with [[a/b|alias]], [[c/d]] and [md](x.md) and ![alt text](i.png).\n\n<div>html</div>\n\n- one\n- two `code`\n\n```sh\nls -la\n```\n\n> quoted\n'
    expect(analyze(text, true).text).toBe('Head\nPara with alias, c/d and md and alt text.\none\ntwo code\nls -la\nquoted')
  })
})
