/** The `kb-lint` command as a user runs it: exit codes, formats, errors. */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import stringWidth from 'string-width'
import {describe, expect, it} from 'vitest'
import {projectRoot, runCli} from './fixtures.js'

const cli = path.join(projectRoot, 'dist', 'cli.js')

const run = runCli

function tempBase(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-cli-'))
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    fs.writeFileSync(path.join(dir, name), text)
  }
  return dir
}

const good = '---\ntitle: "A"\ndescription: "B"\n---\n'

describe('kb-lint check', () => {
  it('is built as an executable bundle that runs on its own (`npx kb-lint`)', () => {
    expect(fs.statSync(cli).mode & 0o111).not.toBe(0)
    const result = spawnSync(cli, ['--version'], {encoding: 'utf8'})
    expect(result.status).toBe(0)
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
    // tsc's maps of the unbundled entry files would describe other code.
    expect(fs.existsSync(`${cli}.map`)).toBe(false)
    expect(fs.existsSync(path.join(path.dirname(cli), 'engine', 'worker.js.map'))).toBe(false)
  })

  it('measures and wraps wide messages in the default report (string-width loads only then)', () => {
    const dir = tempBase({
      'a.md': `${good}# A\n\nSee [[漢字のノート]] and [[missing]].\n`
    })
    const check = (env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, [cli, 'check', '.'], {
        cwd: dir,
        encoding: 'utf8',
        env: {...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, COLUMNS: undefined, ...env}
      })
    const plain = check({})
    expect(plain.stderr).toBe('')
    expect(plain.status).toBe(1)
    const rows = plain.stdout.split('\n').filter((line) => line.includes('link-unresolved'))
    expect(rows).toHaveLength(2)
    // Rule ids line up in display columns: the CJK message is measured, not counted.
    const ruleColumn = (line: string) => stringWidth(line.slice(0, line.indexOf('link-unresolved')))
    expect(ruleColumn(rows[0]!)).toBe(ruleColumn(rows[1]!))
    const narrow = check({COLUMNS: '50'})
    expect(narrow.stderr).toBe('')
    expect(narrow.stdout).toContain('漢字')
    for (const line of narrow.stdout.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(50)
  })

  it('reports the example base in stylish form and exits 1', () => {
    const {code, stdout, stderr} = run(['check', 'fixtures/kb'])
    expect(stderr).toBe('')
    expect(code).toBe(1)
    expect(stdout).toContain('fixtures/kb/devops/kubernetes/pods.md')
    expect(stdout).toMatch(/5:11-5:44\s+error\s+Cannot resolve `\[\[devops\/kubernetes\/deployments\]\]`/)
    expect(stdout).toMatch(/link-unresolved/)
  })

  it('prints vfile-reporter-json shaped JSON with paths relative to cwd', () => {
    const {code, stdout} = run(['check', 'fixtures/kb', '--format', 'json'])
    expect(code).toBe(1)
    const report = JSON.parse(stdout) as Array<{path: string; messages: Array<Record<string, unknown>>}>
    const pods = report.find((file) => file.path === 'fixtures/kb/devops/kubernetes/pods.md')!
    expect(pods.messages.map((message) => message.ruleId)).toEqual(['frontmatter-missing', 'link-unresolved'])
    const link = pods.messages[1]!
    expect(link).toMatchObject({
      line: 5,
      column: 11,
      endLine: 5,
      endColumn: 44,
      fatal: true,
      source: 'kb-lint',
      url: 'https://github.com/kb-lint/kb-lint/blob/main/docs/rules.md#link-unresolved'
    })
  })

  it('exits 0 on a clean base, warnings allowed', () => {
    const dir = tempBase({'a.md': good + '\n| a | b |\n|---|---|\n| 1 |\n'})
    const {code, stdout} = run(['check', dir, '--format', 'compact'])
    expect(stdout).toContain('table-column-count')
    expect(code).toBe(0)
    expect(run(['check', dir, '--max-warnings', '0']).code).toBe(1)
  })

  it('exits 2 with a one-line reason on bad usage and bad config, no stack trace', () => {
    const unknownFormat = run(['check', 'fixtures/kb', '--format', 'nope'])
    expect(unknownFormat.code).toBe(2)
    expect(unknownFormat.stderr).toMatch(/^kb-lint: Unknown --format `nope`/)

    const dir = tempBase({'a.md': good, 'kb-lint.config.json': '{"rules": {"no-such-rule": "error"}}'})
    const badConfig = run(['check', dir])
    expect(badConfig.code).toBe(2)
    expect(badConfig.stderr).toMatch(/unknown rule `no-such-rule`/)
    expect(badConfig.stderr).not.toMatch(/\n\s+at /)

    fs.writeFileSync(path.join(dir, 'kb-lint.config.json'), '{"rules": ')
    const syntax = run(['check', dir])
    expect(syntax.code).toBe(2)
    expect(syntax.stderr).toMatch(/kb-lint\.config\.json is not valid/)

    const missingRoot = run(['check', path.join(dir, 'nope')])
    expect(missingRoot.code).toBe(2)
    expect(missingRoot.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2)
  })

  it('reports only the given files after `--`, resolved against the whole base', () => {
    const dir = tempBase({'a.md': good + '[[missing]]\n', 'b.md': good + '[[a]] [[gone]]\n'})
    const {stdout} = run(['check', dir, '--format', 'compact', '--', path.join(dir, 'b.md')])
    expect(stdout.trim().split('\n')).toHaveLength(1)
    expect(stdout).toContain('b.md:5:7')
  })

  it('writes the report to --output-file atomically and still prints stylish', () => {
    const dir = tempBase({'a.md': '[[x]]\n'})
    const out = path.join(dir, 'report.json')
    const {code, stdout} = run(['check', dir, '--format', 'json', '--output-file', out])
    expect(code).toBe(1)
    expect(stdout).toContain('frontmatter-missing')
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))[0].messages).toHaveLength(2)
  })
})

describe('kb-lint graph', () => {
  it('prints JSON Graph Format with notes, missing targets and edges', () => {
    const {code, stdout} = run(['graph', 'fixtures/kb'])
    expect(code).toBe(0)
    const {graph} = JSON.parse(stdout)
    expect(graph.directed).toBe(true)
    expect(graph.nodes['devops/docker/explanation/architecture'].label).toBe('Архитектура Docker')
    expect(graph.nodes['devops/kubernetes/deployments'].metadata.missing).toBe(true)
    const edge = graph.edges.find((e: {target: string}) => e.target === 'devops/kubernetes/deployments')
    expect(edge).toEqual({
      source: 'devops/kubernetes/pods',
      target: 'devops/kubernetes/deployments',
      relation: 'wikilink',
      metadata: {line: 5, column: 11, resolved: false}
    })
  })
})
