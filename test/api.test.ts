/** The public API (`import … from 'kb-lint'`): the same answers as the CLI. */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {buildGraph, ConfigError, countMessages, formatReport, lint, loadConfig, rules} from '../src/index.js'
import {projectRoot} from './fixtures.js'
import {scratchWithPackage} from './package-link.js'

const cli = path.join(projectRoot, 'dist', 'cli.js')
const exampleBase = path.join(projectRoot, 'fixtures', 'kb')

function runCli(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], {cwd: projectRoot, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

interface JsonFile {
  path: string
  messages: Array<{ruleId: string; line: number; column: number; endLine: number; endColumn: number; fatal: boolean; reason: string}>
}

function messageKeys(files: JsonFile[]): string[] {
  return files
    .flatMap((file) =>
      file.messages.map(
        (m) => `${file.path}:${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.fatal ? 'error' : 'warning'} ${m.ruleId} ${m.reason}`
      )
    )
    .sort()
}

describe('lint()', () => {
  it('returns the messages `kb-lint check` prints, plus the base model', async () => {
    const result = await lint({root: 'fixtures/kb', cwd: projectRoot})
    const fromCli = JSON.parse(runCli(['check', 'fixtures/kb', '--format', 'json']).stdout) as JsonFile[]
    const fromApi: JsonFile[] = result.files.map((file) => ({
      path: file.path,
      messages: file.messages.map((m) => ({
        ruleId: m.ruleId!,
        line: m.line!,
        column: m.column!,
        endLine: m.place && 'start' in m.place ? m.place.end.line : m.line!,
        endColumn: m.place && 'start' in m.place ? m.place.end.column : m.column!,
        fatal: m.fatal === true,
        reason: m.reason
      }))
    }))
    expect(messageKeys(fromApi)).toEqual(messageKeys(fromCli))
    expect(messageKeys(fromApi).length).toBe(9)

    // The base model: notes with their landmarks and references, references resolved.
    expect(result.base.notes.map((note) => note.id)).toContain('devops/kubernetes/pods')
    const quickstart = result.base.byId.get('devops/docker/tutorials/quickstart')!
    expect(quickstart.headings.length).toBeGreaterThan(0)
    const missing = result.references.find((ref) => ref.reference.raw === '[[devops/kubernetes/deployments]]')!
    expect(missing.resolution).toEqual({status: 'unresolved', why: 'missing'})
    expect(countMessages(result.files)).toEqual({errors: 7, warnings: 2})
  })

  it('reports only the notes in `files`, resolved against the whole base', async () => {
    const result = await lint({root: exampleBase, files: [path.join(exampleBase, 'devops/kubernetes/pods.md')]})
    expect(result.files).toHaveLength(1)
    expect(result.files[0]!.messages.map((m) => m.ruleId)).toEqual(['frontmatter-missing', 'link-unresolved'])
    expect(result.base.notes.length).toBeGreaterThan(1)
  })

  it('takes a config object instead of config files', async () => {
    const result = await lint({root: exampleBase, config: {rules: {'frontmatter-missing': 'off', 'table-column-count': 'error'}}})
    const ids = result.files.flatMap((file) => file.messages.map((m) => `${m.ruleId}:${m.fatal}`))
    expect(ids).not.toContain('frontmatter-missing:true')
    expect(ids).toContain('table-column-count:true')
    expect(ids).not.toContain('table-column-count:false')
  })

  it('rejects a bad config object with a ConfigError naming the key', async () => {
    await expect(lint({root: exampleBase, config: {rules: {'no-such-rule': 'error'} as never}})).rejects.toBeInstanceOf(ConfigError)
    await expect(loadConfig({root: exampleBase, config: {links: {resolution: 'sideways' as never}}})).rejects.toThrow(/resolution/)
  })
})

describe('buildGraph(), formatReport(), rules', () => {
  it('buildGraph gives the graph `kb-lint graph` prints', async () => {
    const result = await lint({root: 'fixtures/kb', cwd: projectRoot})
    const fromCli = JSON.parse(runCli(['graph', 'fixtures/kb']).stdout) as unknown
    expect(buildGraph(result)).toEqual(fromCli)
  })

  it('formatReport gives the report `kb-lint check --format` prints', async () => {
    const result = await lint({root: 'fixtures/kb', cwd: projectRoot})
    expect(formatReport(result.files, {format: 'compact', cwd: projectRoot}).trimEnd()).toBe(
      runCli(['check', 'fixtures/kb', '--format', 'compact']).stdout.trimEnd()
    )
  })

  it('lists every rule with its docs URL', () => {
    expect(rules.map((rule) => rule.id)).toContain('link-unresolved')
    for (const rule of rules) expect(rule.url).toMatch(new RegExp(`#${rule.id}$`))
  })
})

describe('the package as installed', () => {
  it('runs the README example as written, in a folder of its own', () => {
    const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('\n## API\n'))
    const code = /```js\n([\s\S]*?)```/.exec(section)?.[1]
    expect(code).toContain("from 'kb-lint'")
    // Nothing from this repository: the example brings its own base.
    expect(code).not.toMatch(/fixtures/)
    const dir = scratchWithPackage('kb-lint-api-')
    fs.writeFileSync(path.join(dir, 'example.mjs'), code!)
    const run = spawnSync(process.execPath, [path.join(dir, 'example.mjs')], {cwd: dir, encoding: 'utf8'})
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    // Every `// → …` comment of the example is a line it prints.
    const promised = [...code!.matchAll(/\/\/ → (.*)$/gm)].map((match) => match[1]!.trim())
    expect(promised.length).toBeGreaterThanOrEqual(5)
    expect(run.stdout.trim().split('\n')).toEqual(promised)
  })

  it('ships types and the remark entry points through package.json exports', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
      exports: Record<string, {types: string; import: string}>
    }
    for (const entry of ['.', './remark', './remark/wiki-link']) {
      const target = manifest.exports[entry]!
      expect(fs.existsSync(path.join(projectRoot, target.import)), target.import).toBe(true)
      expect(fs.existsSync(path.join(projectRoot, target.types)), target.types).toBe(true)
    }
    const dir = scratchWithPackage('kb-lint-exports-')
    fs.writeFileSync(
      path.join(dir, 'check.mjs'),
      "import * as api from 'kb-lint'\nimport kbLint from 'kb-lint/remark'\nimport wiki from 'kb-lint/remark/wiki-link'\n" +
        'console.log([typeof api.lint, typeof api.buildGraph, typeof api.loadConfig, typeof kbLint, typeof wiki].join(" "))\n'
    )
    const run = spawnSync(process.execPath, [path.join(dir, 'check.mjs')], {encoding: 'utf8'})
    expect(run.stderr).toBe('')
    expect(run.stdout.trim()).toBe('function function function function function')
  })
})

describe('lint with notes held in memory (an editor)', () => {
  it('checks the open text instead of the file, adds an unsaved note, and keeps it out of the cache', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-open-')))
    const cache = path.join(root, '..', `${path.basename(root)}-cache.json`)
    try {
      const head = (title: string) => `---\ntitle: ${title}\ndescription: About ${title}.\n---\n`
      fs.writeFileSync(path.join(root, 'a.md'), head('A') + '[[missing]]\n')
      fs.writeFileSync(path.join(root, 'b.md'), head('B') + '[[a]]\n')
      const summary = (result: Awaited<ReturnType<typeof lint>>) =>
        result.findings.map((entry) => `${entry.relative}: ${entry.findings.map((finding) => finding.ruleId).join(' ')}`)
      const onDisk = ['a.md: link-unresolved', 'b.md: ']
      expect(summary(await lint({root, cwd: root, cache}))).toEqual(onDisk)
      const open = {'a.md': head('A') + '[[b]] [[new#Nowhere]]\n', 'new.md': head('New') + '[[a]] [[gone]]\n'}
      expect(summary(await lint({root, cwd: root, cache, openNotes: open}))).toEqual([
        'a.md: link-anchor-unresolved',
        'b.md: ',
        'new.md: link-unresolved'
      ])
      expect(summary(await lint({root, cwd: root, cache}))).toEqual(onDisk)
    } finally {
      fs.rmSync(root, {recursive: true, force: true})
      fs.rmSync(cache, {force: true})
    }
  })
})
