/** `--format stylish`: ESLint's layout — aligned per file, within the terminal width. */
import path from 'node:path'
import fc from 'fast-check'
import stringWidth from 'string-width'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {reporters} from '../src/report/index.js'
import {createStylish, needsWideText} from '../src/report/stylish.js'
import type {ReporterOptions} from '../src/report/types.js'
import {wideText} from '../src/report/wide-text.js'

const stylish = reporters.stylish

const cwd = path.resolve('/tmp/kb')
const base: ReporterOptions = {cwd, rules: [], toolVersion: '0.0.0'}

function file(name: string, messages: Array<[string, string, number, number, boolean]>): VFile {
  const vfile = new VFile({path: path.join(cwd, name), cwd})
  for (const [reason, ruleId, line, column, fatal] of messages) {
    const message = vfile.message(reason, {place: {start: {line, column}, end: {line, column: column + 4}}, ruleId, source: 'kb-lint'})
    message.fatal = fatal
  }
  return vfile
}

const LONG =
  'Cannot resolve `[[devops/kubernetes/deployments-and-replica-sets]]`: no note `devops/kubernetes/deployments-and-replica-sets`; did you mean `devops/kubernetes/deployments`?'
const files = [
  file('a.md', [
    ['Short', 'link-unresolved', 1, 1, true],
    ['A little longer message', 'table-column-count', 12, 3, false]
  ]),
  file('b/Заметка.md', [
    [LONG, 'link-unresolved', 5, 11, true],
    ['Нет заголовка «Установка» в этой заметке', 'link-anchor-unresolved', 7, 2, true]
  ])
]

/** Display column where `text` starts in `line`. */
const columnOf = (line: string, text: string) => stringWidth(line.slice(0, line.indexOf(text)))

describe('stylish', () => {
  it('aligns columns per file: a long message in one file does not pad another file', () => {
    const lines = stylish(files, base).split('\n')
    const [a1, a2] = [lines[1]!, lines[2]!]
    expect(a1).toMatch(/^ {2}1:1-1:5 {4}error {4}Short {20}link-unresolved$/)
    expect(columnOf(a1, 'link-unresolved')).toBe(columnOf(a2, 'table-column-count'))
    // File a's rule ids sit right after its own longest message, not after file b's.
    expect(columnOf(a2, 'table-column-count')).toBe(columnOf(a2, 'A little') + 'A little longer message'.length + 2)
    const b = lines.filter((line) => line.includes('link-anchor-unresolved') || line.includes('5:11'))
    expect(columnOf(b[0]!, 'link-unresolved')).toBe(columnOf(b[1]!, 'link-anchor-unresolved'))
  })

  it('keeps every line within the width, wrapping long messages at word boundaries under the message column', () => {
    for (const width of [80, 100, 120]) {
      const text = stylish(files, {...base, width})
      for (const line of text.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(width)
      const lines = text.split('\n')
      const start = lines.findIndex((line) => line.includes('5:11'))
      const messageColumn = columnOf(lines[start]!, 'Cannot resolve')
      // The continuation lines start at the message column, and together hold the whole message.
      const next = lines.findIndex((line, index) => index > start && !/^ {6,}\S/.test(line))
      const continuation = lines.slice(start + 1, next)
      expect(continuation.length).toBeGreaterThan(0)
      for (const line of continuation) expect(columnOf(line, line.trim())).toBe(messageColumn)
      const joined = [
        lines[start]!.slice(lines[start]!.indexOf('Cannot')).replace(/\s+link-unresolved$/, ''),
        ...continuation.map((line) => line.trim())
      ].join(' ')
      expect(joined.replace(/\s+/g, '')).toBe(LONG.replace(/\s+/g, ''))
    }
  })

  it('on a very narrow terminal puts the rule id below the message rather than overflow', () => {
    const text = stylish(files, {...base, width: 50})
    for (const line of text.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(50)
    expect(text).toMatch(/\n {2,}link-anchor-unresolved\n/)
  })

  it('without a width (a pipe, a file) never wraps', () => {
    const text = stylish(files, base)
    expect(text).toContain(LONG)
    expect(text.split('\n').filter((line) => line.includes('link-')).length).toBe(3)
  })

  it('counts problems as ESLint does; colours only when asked', () => {
    const text = stylish(files, base)
    expect(text.split('\n').at(-1)).toBe('✖ 4 problems (3 errors, 1 warning)')
    expect(text).not.toMatch(/\u001b\[/)
    const coloured = stylish(files, {...base, color: true})
    expect(coloured).toMatch(/\u001b\[31merror/)
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(text)
    expect(stylish([file('c.md', [])], base)).toBe('')
    expect(
      stylish(files, {...base, quiet: true})
        .split('\n')
        .at(-1)
    ).toBe('✖ 3 problems (3 errors, 0 warnings)')
  })
})

describe('string-width only when a report needs it', () => {
  const narrow = [file('a.md', [['Нет заголовка «Установка» — см. № 5', 'link-anchor-unresolved', 7, 2, true]])]

  it('is not needed for narrow messages without a terminal width', () => {
    expect(needsWideText(narrow, base)).toBe(false)
    // The reporter without string-width prints what the full one prints.
    expect(createStylish()(narrow, base)).toBe(stylish(narrow, base))
    expect(createStylish()([], base)).toBe('')
  })

  it('is needed for a terminal (lines may wrap) or a message with another character', () => {
    expect(needsWideText(narrow, {...base, width: 80})).toBe(true)
    const wide = [file('a.md', [['Нет заголовка 漢字', 'link-anchor-unresolved', 7, 2, true]])]
    expect(needsWideText(wide, base)).toBe(true)
    expect(needsWideText([file('a.md', [['Two\nlines', 'link-unresolved', 1, 1, true]])], base)).toBe(true)
    // A reporter built without it says so instead of misaligning.
    expect(() => createStylish()(wide, base)).toThrow(/string-width/)
  })

  it('follows `quiet`: a wide warning that is not shown does not need it', () => {
    const warning = [
      file('a.md', [
        ['漢字', 'link-unresolved', 1, 1, false],
        ['Short', 'link-unresolved', 2, 1, true]
      ])
    ]
    expect(needsWideText(warning, {...base, quiet: true})).toBe(false)
    expect(createStylish()(warning, {...base, quiet: true})).toBe(stylish(warning, {...base, quiet: true}))
  })
})

describe('display widths', () => {
  it('measure every line as string-width does, with or without the fast path', () => {
    // Every code point of the fast path's ranges and their neighbours, one by one…
    const ranges: Array<[number, number]> = [
      [0x00, 0x2ff],
      [0x3f0, 0x540],
      [0x2000, 0x2030],
      [0x2110, 0x2120]
    ]
    for (const [from, to] of ranges) {
      for (let code = from; code <= to; code++) {
        const text = `a${String.fromCodePoint(code)}b`
        expect(wideText.width(text), `U+${code.toString(16)}`).toBe(stringWidth(text))
      }
    }
    // …and lines mixing them with what takes the slow path: CJK, emoji, combining marks, ANSI colours.
    const piece = fc.constantFrom(
      'Нет заголовка',
      '«Установка»',
      ' — ',
      '№ 5',
      'ё',
      'е\u0308',
      '漢字',
      '👍🏽',
      '\u001b[31m',
      '\u00ad',
      '©',
      'x',
      '\u200b',
      '…'
    )
    fc.assert(
      fc.property(fc.array(piece, {maxLength: 8}), (pieces) => {
        const line = pieces.join('')
        expect(wideText.width(line)).toBe(stringWidth(line))
      }),
      {numRuns: 2000}
    )
  })
})
