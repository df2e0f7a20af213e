/**
 * Proof against the reference parser: every table example of the GFM spec
 * (fixtures/gfm-spec/, CC-BY-SA 4.0) and our own edge cases go through
 * kb-lint and through `cmark-gfm --extension table`, and both must give the
 * same answer to "is this a table, and with how many columns".
 *
 * kb-lint's answer is the tables of its processor (mdast) plus the
 * `table-not-parsed` findings. For each such finding, cmark-gfm must also
 * refuse the quoted lines (`actual`), and must accept the suggested lines
 * (`expected`) as a table with as many columns as kb-lint counts in their
 * header — so kb-lint's cell counting is GFM's too.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {Nodes} from 'mdast'
import fc from 'fast-check'
import {beforeAll, describe, expect, it} from 'vitest'
import {lint} from '../src/engine/lint.js'
import type {Finding} from '../src/kb/model.js'
import {splitRow} from '../src/kb/table-syntax.js'
import type {parseMarkdown} from '../src/syntax/processor.js'
import {parseNoteTree, type ParserName} from '../src/syntax/fast/index.js'
import {projectRoot} from './fixtures.js'
import {propertyRuns} from './property-runs.js'

const available = spawnSync('cmark-gfm', ['--version']).status === 0

function cmark(markdown: string): string {
  const result = spawnSync('cmark-gfm', ['--extension', 'table'], {input: markdown, encoding: 'utf8'})
  if (result.status !== 0) throw new Error(`cmark-gfm failed: ${result.stderr}`)
  return result.stdout
}

/** Columns of each table cmark-gfm rendered: the `<th>` cells of its head. */
function cmarkColumns(html: string): number[] {
  return html
    .split('<table>')
    .slice(1)
    .map((table) => (table.split('</thead>')[0]!.match(/<th[ >]/g) ?? []).length)
}

/**
 * Columns of each table kb-lint's processor sees: the header row's cells.
 * Both parsers must see the same (the fast one falls back where unsure).
 */
function kbLintColumns(markdown: string): number[] {
  const [reference, fast] = (['remark', 'fast'] as ParserName[]).map((parser) => parserColumns(parseNoteTree(markdown, parser)))
  expect(fast, 'the fast parser sees the same tables').toEqual(reference)
  return reference!
}

function parserColumns(tree: ReturnType<typeof parseMarkdown>): number[] {
  const columns: number[] = []
  const walk = (node: Nodes): void => {
    if (node.type === 'table') columns.push(node.children[0]?.children.length ?? 0)
    else if ('children' in node) for (const child of node.children) walk(child as Nodes)
  }
  walk(tree)
  return columns
}

interface Case {
  name: string
  markdown: string
  /** table-not-parsed reports these lines (they look like a table GFM refused). */
  notParsed?: boolean
  html?: string
  /** Where remark (kb-lint's parser) and cmark-gfm knowingly differ: remark's columns. */
  remark?: number[]
}

function specExamples(): Case[] {
  const fence = '`'.repeat(32)
  const text = fs.readFileSync(path.join(projectRoot, 'fixtures', 'gfm-spec', 'tables.spec.txt'), 'utf8')
  const blocks = text.split(fence + ' example table\n').slice(1)
  return blocks.map((block, index) => {
    const body = block.slice(0, block.indexOf(fence + '\n'))
    const split = body.indexOf('\n.\n')
    const markdown = body.slice(0, split + 1)
    // The one spec example of lines GFM refuses: header and delimiter differ in cells.
    return {
      name: `spec table example ${index + 1}`,
      markdown,
      html: body.slice(split + 3),
      notParsed: markdown.startsWith('| abc | def |\n| --- |\n')
    }
  })
}

const edgeCases: Case[] = [
  {name: 'no leading or trailing pipes', markdown: 'a | b\n--|--\n1 | 2\n'},
  {name: 'single column', markdown: '| a |\n| - |\n| 1 |\n'},
  {name: 'single column, delimiter without pipes is a heading', markdown: '| a |\n---\n'},
  {name: 'header without pipes over a one-cell delimiter', markdown: 'a\n|-|\n'},
  {name: 'minimal two columns', markdown: 'a|b\n-|-\n'},
  {name: 'alignment markers', markdown: '| a | b | c |\n|:-|:-:|-:|\n| 1 | 2 | 3 |\n'},
  {name: 'tabs around cells', markdown: '|\ta\t|\tb\t|\n|\t-\t|\t-\t|\n'},
  {name: 'escaped pipe is not a cell', markdown: '| a \\| b | c |\n| - | - |\n'},
  {name: 'escaped trailing pipe', markdown: '| a | b \\|\n| - | - |\n'},
  // Known divergence: cmark-gfm escapes a `|` after any backslash, so
  // `\\|` does not split; micromark reads `\\` as an escaped backslash and
  // splits. kb-lint's own row splitting (table-syntax.ts) follows cmark-gfm.
  {name: 'escaped backslash before a pipe, one delimiter cell', markdown: '| a \\\\| b |\n| - |\n', remark: []},
  {name: 'escaped backslash before a pipe, two delimiter cells', markdown: '| a \\\\| b |\n| - | - |\n', remark: [2]},
  {name: 'escaped backslash before a pipe, three delimiter cells', markdown: '| a \\\\| b |\n| - | - | - |\n', notParsed: true},
  {name: 'pipe in a code span splits the cell', markdown: '| `a|b` | c |\n| - | - | - |\n'},
  {name: 'pipe in a code span, delimiter counted without it', markdown: '| `a|b` | c |\n| - | - |\n', notParsed: true},
  {name: 'pipe in a wiki link in the header', markdown: '| [[a|b]] | c |\n| - | - |\n', notParsed: true},
  {name: 'empty header cells', markdown: '|  | b |\n| - | - |\n| | |\n'},
  {name: 'table in a list item', markdown: '- item\n\n  | a | b |\n  | - | - |\n  | 1 | 2 |\n'},
  {name: 'table in a block quote', markdown: '> | a | b |\n> | - | - |\n> | 1 | 2 |\n'},
  {name: 'table in a quote in a list', markdown: '- > | a | b | c |\n  > | - | - | - |\n'},
  {name: 'block quote, delimiter too narrow', markdown: '> | a | b |\n> | - |\n', notParsed: true},
  {name: 'list item, delimiter too wide', markdown: '- item\n\n  | a | b |\n  | - | - | - |\n', notParsed: true},
  {name: 'lazy delimiter line after a quote', markdown: '> | a | b |\n| - | - |\n'},
  {name: 'delimiter cell with a letter', markdown: '| a | b |\n| -x- | --- |\n', notParsed: true},
  {name: 'delimiter cell with an em dash', markdown: '| a | b |\n| --- | — |\n', notParsed: true},
  {name: 'delimiter cell with equals signs', markdown: '| a | b |\n| === | === |\n', notParsed: true},
  {name: 'delimiter cell with a space inside', markdown: '| a | b |\n| - - | --- |\n', notParsed: true},
  {name: 'delimiter cell of colons only', markdown: '| a | b |\n| :: | --- |\n', notParsed: true},
  {name: 'empty delimiter cell', markdown: '| a | b |\n| --- |  |\n', notParsed: true},
  {name: 'delimiter row indented four spaces', markdown: '| a | b |\n    | - | - |\n', notParsed: true},
  {name: 'delimiter row indented four spaces in a list', markdown: '- x\n\n  | a | b |\n      | - | - |\n', notParsed: true},
  {name: 'delimiter row indented three spaces', markdown: '| a | b |\n   | - | - |\n'},
  {name: 'rows without a delimiter row', markdown: '| a | b |\n| 1 | 2 |\n', notParsed: true},
  {name: 'CRLF, delimiter too narrow', markdown: '| a | b |\r\n| - |\r\n', notParsed: true},
  {name: 'prose with pipes', markdown: 'a | b\nc | d\n'},
  {name: 'one line of prose with a pipe', markdown: 'Use `a | b` or a | b here.\n'},
  {name: 'broken table in a fenced code block', markdown: '```\n| a | b |\n| - |\n```\n'},
  {name: 'broken table in an indented code block', markdown: '    | a | b |\n    | - |\n'},
  {name: 'broken table in an HTML block', markdown: '<div>\n| a | b |\n| - |\n</div>\n'},
  {name: 'paragraph right before a table', markdown: 'text\n| a | b |\n| - | - |\n| 1 | 2 |\n'},
  {name: 'prose after a table becomes a row', markdown: '| a | b |\n| - | - |\n| 1 | 2 |\ntext\n'},
  {name: 'list right after a table', markdown: '| a | b |\n| - | - |\n- x\n'},
  {name: 'two tables, one broken', markdown: '| a | b |\n| - | - |\n\n| c | d | e |\n| - | - |\n', notParsed: true}
]

const cases = [...specExamples(), ...edgeCases]

describe('GFM tables: kb-lint agrees with cmark-gfm', () => {
  it('cmark-gfm is installed where CI runs (.ci/run installs it)', () => {
    if (process.env.CI) expect(available, 'cmark-gfm must be on PATH in CI').toBe(true)
  })

  it('the vendored spec holds every table example', () => {
    expect(specExamples()).toHaveLength(9)
  })

  it.runIf(available)('cmark-gfm renders each spec example as the spec says', () => {
    for (const example of specExamples()) expect(cmark(example.markdown), example.name).toBe(example.html)
  })

  let findings = new Map<string, Finding[]>()
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-gfm-'))
    cases.forEach((testCase, index) => {
      fs.writeFileSync(path.join(dir, `case-${index}.md`), testCase.markdown)
    })
    const result = await lint({root: dir, cwd: dir})
    findings = new Map(result.findings.map((entry) => [entry.relative, entry.findings]))
    // The reference parser alone gives the same findings.
    const reference = await lint({root: dir, cwd: dir, parser: 'remark'})
    expect(reference.findings).toEqual(result.findings)
    fs.rmSync(dir, {recursive: true, force: true})
  })

  cases.forEach((testCase, index) => {
    it.runIf(available)(testCase.name, () => {
      const reference = cmarkColumns(cmark(testCase.markdown))
      if (testCase.remark) {
        expect(reference, 'the divergence is still there').not.toEqual(testCase.remark)
        expect(kbLintColumns(testCase.markdown), 'remark as documented').toEqual(testCase.remark)
      } else {
        expect(kbLintColumns(testCase.markdown), 'tables and their columns').toEqual(reference)
      }
      const notParsed = (findings.get(`case-${index}.md`) ?? []).filter((finding) => finding.ruleId === 'table-not-parsed')
      expect(notParsed.length > 0, 'table-not-parsed reports it').toBe(testCase.notParsed ?? false)
      for (const finding of notParsed) {
        expect(cmarkColumns(cmark(finding.actual! + '\n')), `cmark-gfm refuses ${finding.actual}`).toEqual([])
        const suggested = finding.expected![0]!
        const header = suggested.split('\n')[0]!
        expect(cmarkColumns(cmark(suggested + '\n')), `cmark-gfm accepts ${suggested}`).toEqual([splitRow(header).cells.length])
      }
    })
  })
})

describe('table-not-parsed reads only paragraphs with a pipe', () => {
  // The rule skips every paragraph without a `|` (rules/table-not-parsed.ts):
  // that is only right while no diagnosis can come from pipe-free lines.
  it('diagnoses nothing in lines without a `|`', async () => {
    const {diagnoseNonTable} = await import('../src/kb/table-syntax.js')
    const piece = fc.constantFrom('-', '--', ':', ':-', '=', '—', '–', '−', ' ', '\t', 'a', 'Имя', '\\', '`', '[[a]]', '+', '*')
    const line = fc.array(piece, {maxLength: 8}).map((parts) => parts.join(''))
    fc.assert(
      fc.property(fc.array(fc.record({text: line, indent: fc.integer({min: 0, max: 6})}), {minLength: 2, maxLength: 4}), (lines) => {
        expect(diagnoseNonTable(lines.map((entry, index) => ({...entry, start: index * 10})))).toBeUndefined()
      }),
      {numRuns: propertyRuns(3000)}
    )
  })
})
