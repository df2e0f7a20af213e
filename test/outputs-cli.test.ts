/**
 * `kb-lint graph` (every format, stats, size limit) and `kb-lint index`
 * (content index, `--text`, `--write`) as a user runs them, each output
 * checked by a real consumer: Graphviz, an XML parser, the JSON Schema.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {Ajv} from 'ajv'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {describe, expect, it} from 'vitest'
import {lint} from '../src/engine/lint.js'
import {writeIndexRegions} from '../src/write/write-index.js'
import {projectRoot, runCli} from './fixtures.js'

const hasDot = spawnSync('dot', ['-V']).status === 0

const run = runCli

function tempBase(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-outputs-'))
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    fs.writeFileSync(path.join(dir, name), text)
  }
  return dir
}

const note = (title: string, description: string, body = '') => `---\ntitle: "${title}"\ndescription: "${description}"\n---\n${body}`

// The example base: 8 notes; README and services link nowhere and are linked by nobody.
const EXAMPLE_NOTES = 8

describe('kb-lint graph --format', () => {
  const json = JSON.parse(run(['graph', 'fixtures/kb', '--format', 'json']).stdout)
  const nodeCount = Object.keys(json.graph.nodes).length
  const edgeCount = json.graph.edges.length

  it('json is the default', () => {
    expect(JSON.parse(run(['graph', 'fixtures/kb']).stdout)).toEqual(json)
    expect(nodeCount).toBeGreaterThan(EXAMPLE_NOTES)
  })

  it.runIf(hasDot)('dot renders with Graphviz, one SVG node per graph node and one edge per link', () => {
    const {code, stdout} = run(['graph', 'fixtures/kb', '-f', 'dot'])
    expect(code).toBe(0)
    // Without the legend of edge styles (the last cluster), one SVG node per graph node and one edge per link.
    const svg = execFileSync('dot', ['-Tsvg'], {input: stdout.split('  subgraph "cluster_legend"')[0] + '}\n', encoding: 'utf8'})
    expect(svg.match(/class="node"/g)).toHaveLength(nodeCount)
    expect(svg.match(/class="edge"/g)).toHaveLength(edgeCount)
    expect(svg).toContain('>Архитектура Docker</text>')
  })

  it('dot needs Graphviz on CI', () => {
    if (process.env.CI) expect(hasDot, 'Graphviz `dot` must be installed on CI (apt-get install -y graphviz)').toBe(true)
  })

  it('graphml is well-formed XML with the same counts, written atomically with -o', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-graphml-'))
    const file = path.join(dir, 'graph.graphml')
    const {code, stdout} = run(['graph', 'fixtures/kb', '-f', 'graphml', '-o', file])
    expect(code).toBe(0)
    expect(stdout).toBe('')
    const xml = fs.readFileSync(file, 'utf8')
    expect(XMLValidator.validate(xml)).toBe(true)
    const parsed = new XMLParser({ignoreAttributes: false, isArray: (name) => name === 'node' || name === 'edge'}).parse(xml)
    expect(parsed.graphml.graph.node).toHaveLength(nodeCount)
    expect(parsed.graphml.graph.edge).toHaveLength(edgeCount)
  })

  it('mermaid is a flowchart in a ```mermaid fence (bare in a .mmd file)', () => {
    const {code, stdout} = run(['graph', 'fixtures/kb', '-f', 'mermaid'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^```mermaid\nflowchart LR\n[\s\S]*\n```\n$/)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-mmd-'))
    expect(run(['graph', 'fixtures/kb', '-f', 'mermaid', '-o', path.join(dir, 'graph.mmd')]).code).toBe(0)
    expect(fs.readFileSync(path.join(dir, 'graph.mmd'), 'utf8')).toBe(stdout.replace(/^```mermaid\n/, '').replace(/```\n$/, ''))
    fs.rmSync(dir, {recursive: true, force: true})
    expect(stdout).toContain('"Архитектура Docker"')
  })

  it('mermaid refuses a graph too large to draw (exit 2, one line), and --summarise gives the folder summary', () => {
    // 30 notes in 3 folders, each linking to 20 others: 600 distinct edges, above Mermaid's 500.
    const files: Record<string, string> = {}
    const ids = Array.from({length: 30}, (_, index) => `f${index % 3}/n${index}`)
    ids.forEach((id, index) => {
      const links = Array.from({length: 20}, (_, step) => `[[${ids[(index + step + 1) % ids.length]}]]`).join(' ')
      files[`${id}.md`] = note(`N${index}`, 'D', `\n${links}\n`)
    })
    const dir = tempBase(files)
    const refused = run(['graph', dir, '-f', 'mermaid'])
    expect(refused.code).toBe(2)
    expect(refused.stdout).toBe('')
    expect(refused.stderr).toMatch(
      /^kb-lint: The link graph is too large for a Mermaid diagram: 30 nodes and 600 distinct links .*--format html.*--summarise/
    )
    expect(refused.stderr.trim().split('\n')).toHaveLength(1)

    const summary = run(['graph', dir, '-f', 'mermaid', '--summarise'])
    expect(summary.code).toBe(0)
    expect(summary.stdout).toMatch(/^```mermaid\nflowchart LR\n/)
    expect(summary.stdout).toContain('f0["f0 (10 notes, 60 internal links)"]')
    expect(summary.stdout.match(/-->\|\d+\|/g)!.length).toBeLessThanOrEqual(9)
  })

  it('html is one self-contained page with the graph and the library inlined', () => {
    const {code, stdout} = run(['graph', 'fixtures/kb', '-f', 'html'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^<!DOCTYPE html>/)
    expect(stdout).toContain('Content-Security-Policy" content="default-src &#39;none&#39;')
    expect(stdout).not.toMatch(/<script[^>]+src=/)
    expect(stdout).toContain('cytoscape')
  })

  it('rejects unknown formats and misplaced options with exit 2', () => {
    const unknown = run(['graph', 'fixtures/kb', '-f', 'svg'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toBe('kb-lint: Unknown graph --format `svg`; use one of json, dot, graphml, mermaid, html\n')
    expect(run(['graph', 'fixtures/kb', '-f', 'dot', '--summarise']).code).toBe(2)
    expect(run(['graph', 'fixtures/kb', '-f', 'dot', '--stats']).code).toBe(2)
  })
})

describe('kb-lint graph --stats', () => {
  it('prints the statistics as text', () => {
    const {code, stdout} = run(['graph', 'fixtures/kb', '--stats'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Notes: +8\n/)
    expect(stdout).toMatch(/Links: +\d+ \(2 unresolved\)/)
    expect(stdout).toMatch(/Orphans: +2\n +README\n +devops\/kubernetes\/services\n/)
    expect(stdout).toMatch(/Components: +3/)
    expect(stdout).toMatch(/Most linked:\n +4 +devops\/docker\/explanation\/architecture — Архитектура Docker/)
  })

  it('prints them as JSON with --format json', () => {
    const stats = JSON.parse(run(['graph', 'fixtures/kb', '--stats', '--format', 'json']).stdout)
    expect(stats).toMatchObject({notes: 8, unresolved: 2, orphans: ['README', 'devops/kubernetes/services'], components: {count: 3}})
    expect(stats.mostLinked[0]).toMatchObject({id: 'devops/docker/explanation/architecture', sources: 4})
  })
})

describe('kb-lint index', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(projectRoot, 'schema', 'content-index.schema.json'), 'utf8'))
  const validate = new Ajv({allErrors: true, strict: true}).compile(schema)

  it('writes a content index that the shipped JSON Schema accepts', () => {
    const {code, stdout, stderr} = run(['index', 'fixtures/kb'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const index = JSON.parse(stdout)
    expect(validate(index), JSON.stringify(validate.errors)).toBe(true)
    expect(index.notes).toHaveLength(EXAMPLE_NOTES)
    expect(index.notes.every((entry: {text?: string}) => entry.text === undefined)).toBe(true)

    const arch = index.notes.find((entry: {id: string}) => entry.id === 'devops/docker/explanation/architecture')
    expect(arch.title).toBe('Архитектура Docker')
    expect(arch.frontmatter.title).toBe('Архитектура Docker')
    expect(arch.backlinks).toHaveLength(4)
    expect(arch.headings[0]).toEqual({
      text: 'Контейнеры vs Виртуальные машины',
      depth: 2,
      slug: 'контейнеры-vs-виртуальные-машины',
      line: 9
    })

    const pods = index.notes.find((entry: {id: string}) => entry.id === 'devops/kubernetes/pods')
    expect(pods.title).toBe('pods')
    expect(pods.description).toBeNull()
    expect(pods.links).toContainEqual({
      target: 'devops/kubernetes/deployments',
      type: 'missing',
      kind: 'wikilink',
      resolved: false,
      line: 5,
      column: 11
    })

    const home = index.notes.find((entry: {id: string}) => entry.id === 'index')
    expect(home.links).toContainEqual(expect.objectContaining({target: 'devops/docker/', type: 'folder', resolved: true}))
  })

  it('adds plain text with --text, validated too; written to a file with -o', () => {
    const dir = tempBase({
      'a.md': note(
        'A',
        'B',
        '\n# Heading\nFirst paragraph with [[b|the alias]].\n\n<!-- a comment -->\n\n```sh\ndocker run hello-world\n```\n\n| x | y |\n|---|---|\n| one | two |\n'
      ),
      'b.md': note('B', 'C', '\nBody `inline`.\n')
    })
    const file = path.join(dir, 'out', 'index.json')
    fs.mkdirSync(path.dirname(file))
    const {code, stdout} = run(['index', dir, '--text', '-o', file])
    expect(code).toBe(0)
    expect(stdout).toBe('')
    const index = JSON.parse(fs.readFileSync(file, 'utf8'))
    expect(validate(index), JSON.stringify(validate.errors)).toBe(true)
    const [a, b] = index.notes
    expect(a.text).toBe('Heading\nFirst paragraph with the alias.\ndocker run hello-world\nx y\none two')
    expect(b.text).toBe('Body inline.')
    expect(b.backlinks).toEqual(['a'])
  })

  it('--write regenerates index regions atomically, keeps CRLF, BOM and everything outside, and is idempotent', () => {
    const crlf = (text: string) => text.replace(/\n/g, '\r\n')
    const before =
      '\uFEFF' +
      crlf(
        note(
          'Home',
          'Start here.',
          '\n# Home\n\n<!-- kb-lint:index folder="docs" -->\n- [[docs/old|Old]]\n<!-- /kb-lint:index -->\n\nTrailing  text,  kept.\n'
        )
      )
    const dir = tempBase({
      'index.md': before,
      'docs/b.md': note('Beta', 'Second.'),
      'docs/a.md': note('Alpha', 'First\n  line.'),
      'docs/deep/c.md': note('Gamma', 'Not listed: not recursive.')
    })
    const {code, stdout, stderr} = run(['index', dir, '--write'])
    expect(code).toBe(0)
    expect(stdout).toBe('')
    expect(stderr).toBe('kb-lint: updated 1 index region in 1 file\n  index.md\n')
    const after = fs.readFileSync(path.join(dir, 'index.md'), 'utf8')
    expect(after).toBe(before.replace('- [[docs/old|Old]]\r\n', '- [[docs/a|Alpha]] — First line.\r\n- [[docs/b|Beta]] — Second.\r\n'))
    expect(fs.readdirSync(dir).sort()).toEqual(['docs', 'index.md'])

    const again = run(['index', dir, '--write'])
    expect(again.stderr).toBe('kb-lint: updated 0 index regions in 0 files\n')
    expect(fs.readFileSync(path.join(dir, 'index.md'), 'utf8')).toBe(after)
    expect(run(['check', dir]).code).toBe(0)
  })

  it('generates links that resolve in the relative and shortest modes too', async () => {
    for (const resolution of ['relative', 'shortest'] as const) {
      const dir = tempBase({
        'guides/index.md': note('Guides', 'All.', '\n<!-- kb-lint:index folder="guides/how-to" sort="path" -->\n<!-- /kb-lint:index -->\n'),
        'guides/how-to/x.md': note('X', 'Ex.')
      })
      const config = {links: {resolution}}
      const outcome = await writeIndexRegions(await lint({root: dir, config}))
      expect(outcome.written).toEqual(['guides/index.md'])
      const text = fs.readFileSync(path.join(dir, 'guides', 'index.md'), 'utf8')
      expect(text).toContain(resolution === 'relative' ? '- [[how-to/x|X]] — Ex.\n' : '- [[guides/how-to/x|X]] — Ex.\n')
      const after = await lint({root: dir, config})
      expect(after.findings.flatMap((entry) => entry.findings)).toEqual([])
    }
  })

  it('--write reports regions it cannot generate and exits 1, leaving them alone', () => {
    const text = note('Home', 'S.', '\n<!-- kb-lint:index folder="nope" -->\nkept\n<!-- /kb-lint:index -->\n')
    const dir = tempBase({'index.md': text})
    const {code, stderr} = run(['index', dir, '--write'])
    expect(code).toBe(1)
    expect(stderr).toContain('kb-lint: index.md:6:1: Index marker names folder `nope`, which does not exist in the base\n')
    expect(fs.readFileSync(path.join(dir, 'index.md'), 'utf8')).toBe(text)
  })

  it('check reports index-stale and check --fix regenerates the region', () => {
    const dir = tempBase({
      'index.md': note('Home', 'S.', '\n<!-- kb-lint:index folder="" -->\n<!-- /kb-lint:index -->\n'),
      'new.md': note('New note', 'Just added.')
    })
    const check = run(['check', dir, '-f', 'compact'])
    expect(check.code).toBe(0)
    expect(check.stdout).toMatch(
      /index\.md:6:1 {2}warning {2}Index of the root is out of date: missing `new`; run `kb-lint index --write` or `kb-lint check --fix` {2}index-stale/
    )
    expect(run(['check', dir, '--fix']).code).toBe(0)
    expect(fs.readFileSync(path.join(dir, 'index.md'), 'utf8')).toContain(
      '<!-- kb-lint:index folder="" -->\n- [[new|New note]] — Just added.\n<!-- /kb-lint:index -->'
    )
  })
})
