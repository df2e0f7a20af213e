/**
 * The command's habits people expect (issue: "Messages and options people
 * expect"): one-line errors in the user's words, config errors with
 * positions and did-you-mean, ESLint's severities, -v, --color, -o on every
 * command, format names in --help, --print-config and --stdin.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {setColorChoice, useColor} from '../src/cli/output.js'
import {ConfigError, loadConfig} from '../src/config/load.js'
import {lint} from '../src/engine/lint.js'
import {projectRoot} from './fixtures.js'

const cli = path.join(projectRoot, 'dist', 'cli.js')
const good = '---\ntitle: "A"\ndescription: "B"\n---\n'
const temps: string[] = []
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, {recursive: true, force: true})
})

function run(args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv; input?: string} = {}) {
  const env = {...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, GIT_CEILING_DIRECTORIES: os.tmpdir(), ...options.env}
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: options.cwd ?? projectRoot,
    encoding: 'utf8',
    env,
    input: options.input ?? ''
  })
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

function tempBase(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-habits-')))
  temps.push(dir)
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    fs.writeFileSync(path.join(dir, name), text)
  }
  return dir
}

/** Exit 2 and exactly one line on stderr, in the user's words. */
function expectOneLine(result: {code: number | null; stderr: string}, pattern: RegExp): void {
  expect(result.code).toBe(2)
  expect(result.stderr.trim().split('\n')).toHaveLength(1)
  expect(result.stderr).not.toMatch(/internal error|ENOENT|ENOTDIR|lstat|\n\s+at /)
  expect(result.stderr).toMatch(pattern)
}

describe('a user mistake is one line, exit 2, never "internal error"', () => {
  it('a root that does not exist', () => {
    const dir = tempBase({'a.md': good})
    for (const command of ['check', 'graph', 'index']) {
      expectOneLine(run([command, path.join(dir, 'nope')]), /^kb-lint: No such folder: .*nope$/m)
    }
  })

  it('a file given as the root is a usage error, not a file-unreadable finding', () => {
    const dir = tempBase({'a.md': good})
    const result = run(['check', path.join(dir, 'a.md')])
    expectOneLine(result, /a\.md is a file, not a folder/)
    expect(result.stdout).not.toMatch(/file-unreadable/)
  })

  it('-o into a folder that does not exist names the folder, not a temp file', () => {
    const dir = tempBase({'a.md': good})
    const out = path.join(dir, 'missing', 'report.json')
    for (const args of [
      ['check', dir, '-f', 'json'],
      ['graph', dir],
      ['index', dir]
    ]) {
      const result = run([...args, '-o', out])
      expectOneLine(result, /Cannot write -o .*missing\/report\.json: no folder .*missing/)
      expect(result.stderr).not.toMatch(/report\.json\.\d+/)
    }
  })

  it('--staged outside a git repository says so', () => {
    const dir = tempBase({'a.md': good})
    expectOneLine(run(['check', '--staged', dir]), /--staged needs a git repository at .*, and there is none there or above it$/m)
  })
})

describe('a reader that stops early (`| head`)', () => {
  it('ends the run quietly with its own exit code, for every format and command', () => {
    // A report far larger than a pipe's buffer, so the writes meet the closed pipe.
    const links = Array.from({length: 3000}, (_, index) => `[[missing-${index}]]`).join('\n\n')
    const dir = tempBase({'a.md': good + links + '\n'})
    for (const [args, code] of [
      ['check', 1],
      ['check --format json', 1],
      ['graph --format json', 0]
    ] as const) {
      const script = `"${process.execPath}" "${cli}" ${args} | head -n 1; echo "exit \${PIPESTATUS[0]}"`
      const result = spawnSync('bash', ['-c', script], {cwd: dir, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})
      expect(result.stderr, args).toBe('')
      expect(result.stdout.trim().split('\n').at(-1), args).toBe(`exit ${code}`)
    }
  })
})

describe('config errors', () => {
  it('JSON syntax errors give the line and column', () => {
    const dir = tempBase({'a.md': good, 'kb-lint.config.json': '{\n  "rules": {\n    "link-unresolved": "warn",\n  }\n}\n'})
    expectOneLine(run(['check', dir]), /kb-lint\.config\.json is not valid: .*\(JSON, line 4, column 3\)/)
    fs.writeFileSync(path.join(dir, 'kb-lint.config.json'), '{\n  "rules": {}\n')
    expectOneLine(run(['check', dir]), /is not valid: .*line 3, column 1/)
  })

  it('YAML syntax errors keep the whole message: reason, position and the offending line', () => {
    const dir = tempBase({'a.md': good, 'kb-lint.config.yaml': 'rules:\n  link-unresolved: a: b\n'})
    expectOneLine(
      run(['check', dir]),
      /is not valid: Nested mappings are not allowed in compact mappings at line 2, column 20 \(YAML: `link-unresolved: a: b`\)/
    )
  })

  it('unknown keys and rule ids get a did-you-mean and their position', async () => {
    const dir = tempBase({'a.md': good, 'kb-lint.config.json': '{\n  "rules": {\n    "link-unresolvd": "error"\n  }\n}\n'})
    expectOneLine(run(['check', dir]), /unknown rule `link-unresolvd` in `rules` \(did you mean `link-unresolved`\?\) \(line 3, column 5\)/)
    const problem = async (name: string, text: string) => {
      for (const other of ['kb-lint.config.json', 'kb-lint.config.yaml']) fs.rmSync(path.join(dir, other), {force: true})
      fs.writeFileSync(path.join(dir, name), text)
      const error = await loadConfig({root: dir}).then(
        () => undefined,
        (reason: unknown) => reason
      )
      expect(error).toBeInstanceOf(ConfigError)
      return (error as Error).message
    }
    expect(await problem('kb-lint.config.json', '{"ignor": ["drafts/"]}')).toMatch(
      /unknown key `ignor` at top level \(did you mean `ignore`\?\) \(line 1, column 2\)$/
    )
    expect(await problem('kb-lint.config.yaml', 'overrides:\n  - files: ["a/**"]\n    rulez: {}\n')).toMatch(
      /unknown key `rulez` at `overrides\.0` \(did you mean `rules`\?\) \(line 3, column 5\)$/
    )
    expect(await problem('kb-lint.config.yaml', 'rules:\n  link-unresolved: eror\n')).toMatch(
      /`rules\.link-unresolved` must be one of .* \(did you mean `error`\?\) \(line 2, column 20\)$/
    )
    // Nothing close: no guess.
    const far = await problem('kb-lint.config.yaml', 'rules:\n  spelling: error\n')
    expect(far).toMatch(/unknown rule `spelling`/)
    expect(far).not.toMatch(/did you mean/)
  })

  it('accepts the severities people type: "warning", and ESLint 0, 1, 2', async () => {
    const root = tempBase({'a.md': '[[missing]]\n'})
    const severities = async (rules: Record<string, unknown>) => {
      const result = await lint({root, config: {rules} as never})
      return Object.fromEntries(result.files[0]!.messages.map((message) => [message.ruleId, message.fatal ? 'error' : 'warning']))
    }
    expect(await severities({'link-unresolved': 'warning', 'frontmatter-missing': 2})).toEqual({
      'link-unresolved': 'warning',
      'frontmatter-missing': 'error'
    })
    expect(await severities({'link-unresolved': 1, 'frontmatter-missing': 0})).toEqual({'link-unresolved': 'warning'})
    expect(await severities({'link-unresolved': ['warning'], 'frontmatter-missing': [2]})).toEqual({
      'link-unresolved': 'warning',
      'frontmatter-missing': 'error'
    })
    const dir = tempBase({'a.md': '[[missing]]\n', 'kb-lint.config.yaml': 'rules:\n  link-unresolved: warning\n  frontmatter-missing: 0\n'})
    const result = run(['check', dir, '-f', 'compact'])
    expect(result.stdout.trim()).toMatch(/a\.md:1:1 {2}warning {2}Cannot resolve `\[\[missing\]\]`/)
    expect(result.code).toBe(0)
  })
})

describe('options', () => {
  it('-v and --version print the version (and -V still does)', () => {
    const version = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).version
    for (const flag of ['-v', '--version', '-V']) {
      const result = run([flag])
      expect(result.code).toBe(0)
      expect(result.stdout.trim()).toBe(version)
    }
  })

  it('--color / --no-color decide the colours of stylish, before or after the command', () => {
    const dir = tempBase({'a.md': '[[x]]\n'})
    const ansi = /\u001b\[/
    expect(run(['check', dir]).stdout).not.toMatch(ansi)
    expect(run(['check', dir, '--color']).stdout).toMatch(ansi)
    expect(run(['--no-color', 'check', dir], {env: {FORCE_COLOR: '1'}}).stdout).not.toMatch(ansi)
    expect(run(['check', dir, '-f', 'compact', '--color']).stdout).not.toMatch(ansi)
  })

  it('without --color/--no-color: FORCE_COLOR, then NO_COLOR, then the terminal', () => {
    const pipe = {isTTY: false} as NodeJS.WriteStream
    const terminal = {isTTY: true, hasColors: () => true} as unknown as NodeJS.WriteStream
    expect(useColor(pipe, {})).toBe(false)
    expect(useColor(terminal, {})).toBe(true)
    expect(useColor(pipe, {FORCE_COLOR: '1'})).toBe(true)
    expect(useColor(pipe, {FORCE_COLOR: ''})).toBe(true)
    expect(useColor(terminal, {FORCE_COLOR: '0'})).toBe(false)
    expect(useColor(terminal, {NO_COLOR: '1'})).toBe(false)
    expect(useColor(terminal, {NO_COLOR: ''})).toBe(true)
    expect(useColor(pipe, {FORCE_COLOR: '1', NO_COLOR: '1'})).toBe(true)
    setColorChoice(false)
    expect(useColor(terminal, {FORCE_COLOR: '1'})).toBe(false)
    setColorChoice(true)
    expect(useColor(pipe, {NO_COLOR: '1'})).toBe(true)
    setColorChoice(undefined)
  })

  it('-o/--output-file writes the output of graph and index; --output still works', () => {
    const dir = tempBase({'a.md': good + '[[b]]\n', 'b.md': good})
    for (const [command, flag] of [
      ['graph', '--output-file'],
      ['graph', '--output'],
      ['index', '-o'],
      ['index', '--output']
    ] as const) {
      const out = path.join(dir, `${command}${flag}.json`)
      const result = run([command, dir, flag, out])
      expect(result.code).toBe(0)
      expect(result.stdout).toBe('')
      expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toBeTruthy()
    }
  })

  it('every command that writes output names it -o, --output-file in --help', () => {
    for (const command of ['check', 'graph', 'index', 'merge']) {
      const help = run([command, '--help']).stdout
      expect(help).toMatch(/-o, --output-file <file>/)
      expect(help).not.toMatch(/--output </)
    }
  })

  it('--help lists the format names', () => {
    expect(run(['check', '--help']).stdout.replace(/\s+/g, ' ')).toMatch(/stylish, compact, json, github, sarif, junit, gitlab/)
    expect(run(['merge', '--help']).stdout.replace(/\s+/g, ' ')).toMatch(/stylish, compact, json, github, sarif, junit, gitlab/)
    expect(run(['graph', '--help']).stdout.replace(/\s+/g, ' ')).toMatch(/json, dot, graphml, mermaid, html/)
  })
})

describe('--print-config NOTE', () => {
  it('prints the effective config of one note: defaults, config and matching overrides merged', () => {
    const config = {
      rules: {'link-unresolved': 'warning', 'table-column-count': ['error', {}]},
      overrides: [{files: ['drafts/**'], rules: {'link-unresolved': 'off', 'frontmatter-missing': 1}}]
    }
    const dir = tempBase({'kb-lint.config.json': JSON.stringify(config), 'drafts/x.md': good, 'a.md': good})
    const draft = run(['check', dir, '--print-config', path.join(dir, 'drafts/x.md')])
    expect(draft.code).toBe(0)
    const effective = JSON.parse(draft.stdout)
    expect(effective.note).toBe('drafts/x.md')
    expect(effective.configFile).toMatch(/kb-lint\.config\.json$/)
    expect(effective.rules['link-unresolved']).toBe('off')
    expect(effective.rules['frontmatter-missing']).toBe('warn')
    expect(effective.rules['table-column-count']).toEqual(['error', {}])
    expect(effective.frontmatter.schema.required).toEqual(['title', 'description'])
    expect(effective.links).toEqual({resolution: 'absolute', aliasFirst: false})

    // Relative to the current folder, as every path on the command line; a note that does not exist yet works.
    const other = JSON.parse(run(['check', '.', '--print-config', 'new.md'], {cwd: dir}).stdout)
    expect(other.rules['link-unresolved']).toBe('warn')
    expect(other.rules['frontmatter-missing']).toBe('error')

    expectOneLine(
      run(['check', dir, '--print-config', path.join(os.tmpdir(), 'elsewhere.md')]),
      /--print-config .* is not inside the base root/
    )
  })
})

describe('--stdin --stdin-filename NOTE', () => {
  it('checks the text as that note of the base: its links resolve against the base, only it is reported', () => {
    const dir = tempBase({'a.md': good + '[[b]]\n', 'b.md': good + '## Setup\n', 'other.md': good + '[[gone]]\n'})
    const text = good + '[[b#Setup]] [[b#Nope]] [[missing]]\n'
    const result = run(['check', dir, '--stdin', '--stdin-filename', path.join(dir, 'a.md'), '-f', 'compact'], {input: text})
    expect(result.code).toBe(1)
    const lines = result.stdout.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/a\.md:5:13 {2}error {2}`\[\[b#Nope\]\]`.*link-anchor-unresolved$/)
    expect(lines[1]).toMatch(/a\.md:5:24 {2}error {2}Cannot resolve `\[\[missing\]\]`.*link-unresolved$/)
    // The file on disk is untouched.
    expect(fs.readFileSync(path.join(dir, 'a.md'), 'utf8')).toBe(good + '[[b]]\n')
  })

  it('a note that is not written yet, a clean text, and a path relative to the current folder', () => {
    const dir = tempBase({'b.md': good})
    const fresh = run(['check', '.', '--stdin', '--stdin-filename', 'notes/new.md', '-f', 'json'], {
      cwd: dir,
      input: good + '[[b]] [[nope]]\n'
    })
    expect(fresh.code).toBe(1)
    const report = JSON.parse(fresh.stdout)
    expect(report).toHaveLength(1)
    expect(report[0].path).toBe('notes/new.md')
    expect(report[0].messages.map((message: {ruleId: string}) => message.ruleId)).toEqual(['link-unresolved'])
    const clean = run(['check', '.', '--stdin', '--stdin-filename', 'b.md'], {cwd: dir, input: good})
    expect(clean.code).toBe(0)
    expect(clean.stdout).toBe('')
  })

  it('reads the cache of earlier checks but never writes it', () => {
    const dir = tempBase({'a.md': good + '[[b]]\n', 'b.md': good + '## Setup\n'})
    const cache = path.join(dir, '.cache.json')
    expect(run(['check', dir, '--cache-location', cache]).code).toBe(0)
    const before = fs.readFileSync(cache)
    const result = run(['check', dir, '--cache-location', cache, '--stdin', '--stdin-filename', path.join(dir, 'a.md'), '-f', 'compact'], {
      input: good + '[[b#Setup]] [[b#Gone]]\n'
    })
    expect(result.stdout.trim()).toMatch(/a\.md:5:13 {2}error {2}.*link-anchor-unresolved$/)
    expect(fs.readFileSync(cache).equals(before)).toBe(true)
  })

  it('needs --stdin-filename inside the root', () => {
    const dir = tempBase({'b.md': good})
    expectOneLine(run(['check', dir, '--stdin'], {input: good}), /--stdin needs --stdin-filename/)
    expectOneLine(run(['check', dir, '--stdin', '--stdin-filename', '../x.md'], {cwd: dir, input: good}), /is not inside the base root/)
    expectOneLine(run(['check', dir, '--stdin', '--stdin-filename', path.join(dir, 'b.txt')], {input: good}), /is not a note/)
  })
})

describe('a config’s own frontmatter schema in the compiled CLI (ajv loads only for it)', () => {
  it('is checked against every note, from a file beside the config or written inline', () => {
    const schema = {type: 'object', required: ['title', 'owner'], properties: {owner: {type: 'string'}}}
    const dir = tempBase({
      'a.md': '---\ntitle: A\n---\n# A\n',
      'b.md': '---\ntitle: B\nowner: ops\n---\n# B\n',
      'schemas/note.json': JSON.stringify(schema),
      'kb-lint.config.json': JSON.stringify({
        frontmatter: {schema: 'schemas/note.json'},
        overrides: [{files: ['b.md'], frontmatter: {schema}}]
      })
    })
    const result = run(['check', '.', '--format', 'json', '--no-cache'], {cwd: dir})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(1)
    const files = JSON.parse(result.stdout) as Array<{path: string; messages: Array<{ruleId: string; reason: string}>}>
    expect(files.map((file) => [file.path, file.messages.map((message) => `${message.ruleId}: ${message.reason}`)])).toEqual([
      ['a.md', ['frontmatter-schema: Frontmatter is missing `owner`']],
      ['b.md', []]
    ])
  })

  it('one that ajv cannot compile is one line, exit 2', () => {
    const dir = tempBase({'a.md': good, 'kb-lint.config.json': JSON.stringify({frontmatter: {schema: {type: 'no-such-type'}}})})
    expectOneLine(run(['check', '.'], {cwd: dir}), /^kb-lint: `frontmatter.schema` is not a valid JSON Schema: /m)
  })
})
