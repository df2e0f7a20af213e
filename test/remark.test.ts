/**
 * `kb-lint/remark` under the real remark-cli (with a `.remarkrc.json`) and in
 * a plain unified pipeline: the same rule ids and positions as `kb-lint check`.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {beforeAll, describe, expect, it} from 'vitest'
import kbLint from '../src/remark/index.js'
import remarkWikiLink from '../src/remark/wiki-link.js'
import {projectRoot} from './fixtures.js'
import {copyExampleBase, scratchWithPackage} from './package-link.js'

const remarkBin = path.join(projectRoot, 'node_modules', 'remark-cli', 'cli.js')
const kbLintBin = path.join(projectRoot, 'dist', 'cli.js')

interface JsonFile {
  path: string
  messages: Array<{
    ruleId: string
    source: string
    reason: string
    line: number
    column: number
    /** kb-lint's JSON has endLine/endColumn; vfile-reporter-json (remark-cli) has `place`. */
    endLine?: number
    endColumn?: number
    place?: {end?: {line: number; column: number}}
    fatal: boolean
    url: string
  }>
}

/** `path line:column-endLine:endColumn severity ruleId url reason` for every kb-lint message. */
function keys(files: JsonFile[]): string[] {
  return files
    .flatMap((file) =>
      file.messages
        .filter((m) => m.source === 'kb-lint')
        .map((m) => {
          const end = `${m.endLine ?? m.place?.end?.line}:${m.endColumn ?? m.place?.end?.column}`
          return `${file.path} ${m.line}:${m.column}-${end} ${m.fatal ? 'error' : 'warning'} ${m.ruleId} ${m.url} ${m.reason}`
        })
    )
    .sort()
}

let base: string

beforeAll(() => {
  const dir = scratchWithPackage('kb-lint-remark-', ['vfile-reporter-json'])
  base = copyExampleBase(dir)
  fs.writeFileSync(path.join(dir, '.remarkrc.json'), JSON.stringify({plugins: ['kb-lint/remark']}))
})

function remark(args: string[]) {
  const run = spawnSync(process.execPath, [remarkBin, ...args, '--no-stdout', '--no-color', '--report', 'json'], {cwd: base, encoding: 'utf8'})
  return {code: run.status, report: JSON.parse(run.stderr) as JsonFile[]}
}

function kbLintCheck(args: string[]) {
  const run = spawnSync(process.execPath, [kbLintBin, 'check', '--format', 'json', ...args], {cwd: base, encoding: 'utf8'})
  return {code: run.status, report: JSON.parse(run.stdout) as JsonFile[]}
}

describe('kb-lint/remark under remark-cli', () => {
  it('reports what `kb-lint check` reports on the whole base', () => {
    const fromRemark = remark(['.'])
    const fromCheck = kbLintCheck(['.'])
    expect(keys(fromRemark.report)).toEqual(keys(fromCheck.report))
    expect(keys(fromRemark.report)).toHaveLength(9)
    // Whole-base link checks ran through the file set, per-file checks per file.
    expect(keys(fromRemark.report).join('\n')).toMatch(/pods\.md 5:11-5:44 error link-unresolved/)
    expect(keys(fromRemark.report).join('\n')).toMatch(/cli\.md 12:1-12:36 warning table-column-count/)
    expect(fromRemark.code).toBe(1)
    expect(fromCheck.code).toBe(1)
  })

  it('resolves links against the whole base when given some files only', () => {
    const files = ['devops/kubernetes/pods.md', 'devops/docker/tutorials/quickstart.md']
    const fromRemark = remark(files)
    const fromCheck = kbLintCheck(['.', '--', ...files])
    expect(keys(fromRemark.report)).toEqual(keys(fromCheck.report))
    // The link to an existing note outside the run is not reported.
    expect(keys(fromRemark.report).filter((key) => key.includes('link-unresolved'))).toHaveLength(2)
  })
})

describe('kb-lint/remark in a unified pipeline', () => {
  it('reports the per-file checks and same-note anchors, not links to other notes', async () => {
    const processor = unified().use(remarkParse).use(kbLint, {root: base})
    const notePath = path.join(base, 'devops/docker/tutorials/quickstart.md')
    const file = new VFile({path: notePath, value: fs.readFileSync(notePath)})
    await processor.run(processor.parse(file), file)
    const found = file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.fatal}`)
    expect(found).toEqual(['28:51 link-anchor-unresolved true'])

    const tablePath = path.join(base, 'devops/docker/reference/cli.md')
    const tableFile = new VFile({path: tablePath, value: fs.readFileSync(tablePath, 'utf8')})
    await processor.run(processor.parse(tableFile), tableFile)
    expect(tableFile.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.fatal}`)).toEqual([
      '11:37 table-pipe-in-link true',
      '12:1 table-column-count false',
      '13:1 table-column-count false'
    ])
    expect(tableFile.messages[0]!.url).toMatch(/#table-pipe-in-link$/)
  })

  it('uses the config of the base', async () => {
    fs.writeFileSync(path.join(base, 'kb-lint.config.json'), JSON.stringify({rules: {'frontmatter-missing': 'warn'}}))
    try {
      const processor = unified().use(remarkParse).use(kbLint, {root: base})
      const file = new VFile({path: path.join(base, 'loose.md'), value: '# Loose\n\nSee [below](#nowhere).\n'})
      await processor.run(processor.parse(file), file)
      expect(file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.fatal}`)).toEqual([
        '1:1 frontmatter-missing false',
        '3:5 link-anchor-unresolved true'
      ])
    } finally {
      fs.rmSync(path.join(base, 'kb-lint.config.json'))
    }
  })
})

describe('kb-lint/remark/wiki-link', () => {
  it('adds wikiLink nodes to the tree', () => {
    const tree = unified().use(remarkParse).use(remarkWikiLink).parse('See [[a/b#Part|alias]] and ![[x.png]].')
    const links: Array<{target: string; anchor?: string; alias?: string; embed: boolean}> = []
    visit(tree, 'wikiLink', (node) => {
      links.push({target: node.target, anchor: node.anchor, alias: node.alias, embed: node.embed})
    })
    expect(links).toEqual([
      {target: 'a/b', anchor: 'Part', alias: 'alias', embed: false},
      {target: 'x.png', anchor: undefined, alias: undefined, embed: true}
    ])
  })
})
