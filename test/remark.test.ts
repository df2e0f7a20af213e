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

const good = (title: string) => `---\ntitle: ${title}\ndescription: About ${title}.\ntype: how-to\n---\n`

beforeAll(() => {
  const dir = scratchWithPackage('kb-lint-remark-', ['vfile-reporter-json'])
  base = copyExampleBase(dir)
  fs.writeFileSync(path.join(dir, '.remarkrc.json'), JSON.stringify({plugins: ['kb-lint/remark']}))
  // What the whole-base phase adds beyond links: section templates, ignored
  // notes, and kb-lint-disable comments (used, unused, whole-note).
  fs.writeFileSync(
    path.join(base, 'kb-lint.config.json'),
    JSON.stringify({
      ignore: ['drafts/'],
      structure: {by: 'type', templates: {'how-to': '_templates/how-to.md'}}
    })
  )
  fs.mkdirSync(path.join(base, '_templates'))
  fs.writeFileSync(path.join(base, '_templates', 'how-to.md'), good('How-to template') + '\n## Steps\n\n## Result\n')
  fs.mkdirSync(path.join(base, 'guides'))
  fs.writeFileSync(
    path.join(base, 'guides', 'suppressed.md'),
    good('Suppressed') +
      '\n## Result\n\n## Steps\n\n' +
      '<!-- kb-lint-disable-next-line link-unresolved -->\n[[no-such-note]]\n\n' +
      '<!-- kb-lint-disable-next-line link-unresolved -->\nNothing broken here.\n\n' +
      '[[also-missing]]\n'
  )
  fs.writeFileSync(
    path.join(base, 'guides', 'missing-section.md'),
    good('Missing section') + '\n## Steps\n\n[[guides/suppressed#Nowhere]]\n'
  )
  fs.mkdirSync(path.join(base, 'drafts'))
  fs.writeFileSync(path.join(base, 'drafts', 'ignored.md'), '# No frontmatter\n\n[[broken-link]]\n')
})

function remark(args: string[]) {
  const run = spawnSync(process.execPath, [remarkBin, ...args, '--no-stdout', '--no-color', '--report', 'json'], {
    cwd: base,
    encoding: 'utf8'
  })
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
    const found = keys(fromRemark.report).join('\n')
    // Whole-base link checks ran through the file set, per-file checks per file.
    expect(found).toMatch(/pods\.md 5:11-5:44 error link-unresolved/)
    expect(found).toMatch(/cli\.md 12:1-12:36 warning table-column-count/)
    // Section templates, suppressions and ignored notes, as `check` has them.
    expect(found).toMatch(/missing-section\.md \S+ warning structure-missing-section/)
    expect(found).toMatch(/suppressed\.md \S+ warning structure-section-order/)
    expect(found).not.toMatch(/no-such-note/)
    expect(found).toMatch(/suppressed\.md 14:1\S+ warning suppression-unused/)
    expect(found).toMatch(/suppressed\.md 17:1\S+ error link-unresolved .*also-missing/)
    expect(found).toMatch(/missing-section\.md \S+ error link-anchor-unresolved/)
    expect(found).not.toMatch(/^(drafts|_templates)\//m)
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
  it('reports on each file what `kb-lint check` reports on it', async () => {
    const processor = unified().use(remarkParse).use(kbLint, {root: base})
    const fromCheck = kbLintCheck(['.']).report
    for (const relative of [
      'devops/docker/tutorials/quickstart.md',
      'devops/kubernetes/pods.md',
      'guides/suppressed.md',
      'guides/missing-section.md'
    ]) {
      const notePath = path.join(base, relative)
      const file = new VFile({path: notePath, value: fs.readFileSync(notePath)})
      await processor.run(processor.parse(file), file)
      const asJson = {path: relative, messages: file.messages as unknown as JsonFile['messages']}
      expect(keys([asJson]), relative).toEqual(keys(fromCheck.filter((entry) => entry.path === relative)))
    }
    // An ignored note gets nothing, as under `kb-lint check`.
    const ignoredPath = path.join(base, 'drafts', 'ignored.md')
    const ignored = new VFile({path: ignoredPath, value: fs.readFileSync(ignoredPath)})
    await processor.run(processor.parse(ignored), ignored)
    expect(ignored.messages).toEqual([])

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

  it('uses the config of the base, and checks a note that is not on disk yet', async () => {
    const config = fs.readFileSync(path.join(base, 'kb-lint.config.json'))
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
      fs.writeFileSync(path.join(base, 'kb-lint.config.json'), config)
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
