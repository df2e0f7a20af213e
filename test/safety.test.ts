/**
 * Hostile and broken input: every case completes, the other notes are still
 * checked, and the bad file gets one clear message with its path. (The big
 * generated hostile base: test/e2e/hostile.test.ts; kill -9 of the writers:
 * test/e2e/kill.test.ts.)
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest'
import {lint} from '../src/engine/lint.js'
import {fixBase} from '../src/write/fix.js'
import {writeChunksSafely} from '../src/write/atomic-write.js'
import {projectRoot} from './fixtures.js'
import {findingsOf, good, ids, tempDir, write} from './hostile-helpers.js'

// The hostile base (20 MB note, 10,000-row table, 100,000 links, YAML bombs,
// symlink loops…) is big to generate: test/e2e/hostile.test.ts.

describe('links that try to leave the root', () => {
  let root: string
  let outside: string

  beforeAll(() => {
    outside = tempDir('kb-lint-outside-')
    root = path.join(tempDir('kb-lint-escape-'), 'base')
    write(path.dirname(root), 'sibling.md', good)
    write(outside, 'target.md', good)
    const hostile = [
      '[[../../etc/passwd]]',
      '[[../sibling]]',
      '![[../../../etc/shadow]]',
      '[[/etc/passwd]]',
      `[[${outside}/target]]`,
      '[t](../../../../etc/hosts)',
      '[t](../sibling.md)',
      '[t](/etc/passwd)',
      `[t](${outside}/target.md)`,
      '[t](file:///etc/passwd)',
      '[t](..%2F..%2Fetc%2Fpasswd)',
      '[t](%2E%2E/sibling.md)',
      '[[..%2Fsibling]]',
      '[t](C:\\Windows\\win.ini)',
      '[t](\\\\server\\share\\x.md)'
    ]
    write(root, 'note.md', good + hostile.map((link) => `- ${link}\n`).join(''))
    write(root, 'inside.md', good)
  })

  afterEach(() => {
    vi.restoreAllMocks()
  })

  afterAll(() => {
    fs.rmSync(path.dirname(root), {recursive: true, force: true})
    fs.rmSync(outside, {recursive: true, force: true})
  })

  it('leaves each one unresolved and opens nothing outside the root', async () => {
    const touched: string[] = []
    const names = [
      'readFileSync',
      'statSync',
      'lstatSync',
      'readdirSync',
      'realpathSync',
      'existsSync',
      'openSync',
      'accessSync',
      'opendirSync',
      'createReadStream'
    ] as const
    for (const name of names) {
      const original = fs[name] as (...args: unknown[]) => unknown
      vi.spyOn(fs, name).mockImplementation(((...args: unknown[]) => {
        if (typeof args[0] === 'string' || args[0] instanceof URL || Buffer.isBuffer(args[0])) touched.push(String(args[0]))
        return original.apply(fs, args)
      }) as never)
    }
    const promises = fs.promises
    for (const name of ['readFile', 'open', 'stat', 'lstat', 'readdir', 'access'] as const) {
      const original = promises[name] as (...args: unknown[]) => unknown
      vi.spyOn(promises, name).mockImplementation(((...args: unknown[]) => {
        touched.push(String(args[0]))
        return original.apply(promises, args)
      }) as never)
    }

    const result = await lint({root, cwd: root, config: {}})

    const findings = findingsOf(result, 'note.md')
    // `C:\Windows\win.ini` reads as a URL with scheme `c:`, which is never checked (nor opened).
    expect(findings).toHaveLength(14)
    expect(findings.some((finding) => finding.reason.includes('win.ini'))).toBe(false)
    expect(new Set(ids(findings))).toEqual(new Set(['link-unresolved']))
    expect(result.references.every((reference) => reference.resolution.status !== 'resolved')).toBe(true)
    expect(touched.length).toBeGreaterThan(0)
    // kb-lint's own package files (its config schema, read once per process) are not the base's.
    const own = (file: string) => file.startsWith(projectRoot + path.sep)
    const outsideRoot = touched.filter((file) => !(file === root || file.startsWith(root + path.sep) || own(file)))
    expect(outsideRoot).toEqual([])
  })
})

describe('a broken or hostile config', () => {
  const cli = path.join(projectRoot, 'dist', 'cli.js')
  const run = (args: string[]) => {
    const child = spawnSync(process.execPath, [cli, ...args], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})
    return {code: child.status, stderr: child.stderr}
  }
  let root: string
  beforeAll(() => {
    root = tempDir('kb-lint-config-')
    fs.mkdirSync(path.join(root, '.git'))
    write(root, 'a.md', good)
    write(path.dirname(root), 'kb-lint-outside-schema.json', '{"type": "object"}')
  })
  afterAll(() => {
    fs.rmSync(root, {recursive: true, force: true})
    fs.rmSync(path.join(path.dirname(root), 'kb-lint-outside-schema.json'), {force: true})
  })

  const cases: Array<[string, string, string, RegExp]> = [
    ['a JSON syntax error', 'kb-lint.config.json', '{"rules": {', /^kb-lint: Config .*kb-lint\.config\.json is not valid: /],
    ['a YAML syntax error', 'kb-lint.config.yaml', 'rules: [unclosed\n', /^kb-lint: Config .*kb-lint\.config\.yaml is not valid: /],
    ['a wrong type', 'kb-lint.config.json', '{"rules": "all"}', /`rules` must be object/],
    ['an unknown rule id', 'kb-lint.config.json', '{"rules": {"no-such-rule": "error"}}', /unknown rule `no-such-rule`/],
    [
      'a schema path outside the project',
      'kb-lint.config.json',
      '{"frontmatter": {"schema": "../kb-lint-outside-schema.json"}}',
      /`frontmatter\.schema` points outside the config's folder: \.\.\/kb-lint-outside-schema\.json/
    ],
    [
      'a YAML alias bomb',
      'kb-lint.config.yaml',
      'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
      /is not valid: Excessive alias count/
    ]
  ]
  it.each(cases)('%s is exit 2 naming the problem, no stack trace', (_what, name, text, message) => {
    for (const other of ['kb-lint.config.json', 'kb-lint.config.yaml']) fs.rmSync(path.join(root, other), {force: true})
    write(root, name, text)
    const {code, stderr} = run(['check', root])
    expect(code).toBe(2)
    expect(stderr).toMatch(message)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).not.toMatch(/\n\s+at /)
  })

  it('a missing --config file is exit 2 naming it', () => {
    const {code, stderr} = run(['check', root, '--config', path.join(root, 'nope.json')])
    expect(code).toBe(2)
    expect(stderr).toMatch(/^kb-lint: Cannot read config .*nope\.json/)
  })
})

// The kill -9 tests of both writers are in test/e2e/kill.test.ts.
describe('atomic writes', () => {
  it('fixes keep the BOM, CRLF line endings and the missing final newline', async () => {
    const dir = tempDir('kb-lint-fix-')
    write(dir, 'Target.md', good)
    const original =
      '\uFEFF---\r\ntitle: "A"\r\ndescription: "B"\r\n---\r\nSee [[target]] and more.\r\n\r\n| a | b |\r\n|---|---|\r\n| [[Target|T]] | x |'
    write(dir, 'note.md', original)
    const outcome = await fixBase({root: dir, cwd: dir, config: {}})
    const after = fs.readFileSync(path.join(dir, 'note.md'), 'utf8')
    expect([...outcome.applied.keys()]).toEqual(['note.md'])
    expect(after).toBe(original.replace('[[target]]', '[[Target]]').replace('[[Target|T]]', '[[Target\\|T]]'))
    fs.rmSync(dir, {recursive: true, force: true})
  })
})

describe('writing in pieces (the cache)', () => {
  it('leaves the old file and no temporary file when a piece fails, and the whole new file otherwise', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-chunks-'))
    const file = path.join(dir, 'cache.json')
    fs.writeFileSync(file, 'old')
    function* failing(): Generator<Uint8Array> {
      yield Buffer.from('new, part 1')
      throw new Error('disk gone')
    }
    expect(() => writeChunksSafely(file, failing())).toThrow('disk gone')
    expect(fs.readFileSync(file, 'utf8')).toBe('old')
    expect(fs.readdirSync(dir)).toEqual(['cache.json'])
    writeChunksSafely(file, [Buffer.from('new '), new Uint8Array(0), Buffer.from('file')])
    expect(fs.readFileSync(file, 'utf8')).toBe('new file')
    expect(fs.readdirSync(dir)).toEqual(['cache.json'])
  })
})

describe('every write goes through writeFileSafely', () => {
  it('no module but atomic-write.ts writes file contents directly', () => {
    const direct =
      /\b(?:writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream|copyFileSync|copyFile|writeSync|truncateSync)\s*\(/
    const offenders: string[] = []
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, {withFileTypes: true})) {
        const file = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(file)
        else if (entry.name.endsWith('.ts') && entry.name !== 'atomic-write.ts') {
          fs.readFileSync(file, 'utf8')
            .split('\n')
            .forEach((line, index) => {
              if (direct.test(line) && !/^\s*(?:\/\/|\*)/.test(line))
                offenders.push(`${path.relative(projectRoot, file)}:${index + 1}: ${line.trim()}`)
            })
        }
      }
    }
    walk(path.join(projectRoot, 'src'))
    // A new writer (cache, mv, index regions, outputs) must call writeFileSafely
    // (src/write/atomic-write.ts) so a crash never leaves a partial file.
    expect(offenders).toEqual([])
  })
})

describe('the CLI on hostile notes', () => {
  it('completes with exit 1, one message per bad note, and nothing on stderr', () => {
    const root = tempDir('kb-lint-cli-hostile-')
    fs.mkdirSync(path.join(root, '.git'))
    write(root, 'good.md', good)
    write(root, 'deep.md', good + '- '.repeat(5000) + 'x\n')
    write(root, 'binary.md', Buffer.from([0, 1, 2, 3, 0xff]))
    write(
      root,
      'bomb.md',
      '---\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\n'
    )
    const child = spawnSync(process.execPath, [path.join(projectRoot, 'dist', 'cli.js'), 'check', '.', '--format', 'json'], {
      cwd: root,
      encoding: 'utf8'
    })
    expect(child.stderr).toBe('')
    expect(child.status).toBe(1)
    const report = JSON.parse(child.stdout) as Array<{path: string; messages: Array<{ruleId: string}>}>
    const byPath = Object.fromEntries(report.map((file) => [file.path, file.messages.map((message) => message.ruleId)]))
    expect(byPath).toEqual({
      'binary.md': ['file-encoding'],
      'bomb.md': ['frontmatter-syntax'],
      'deep.md': ['file-unreadable'],
      'good.md': []
    })
    fs.rmSync(root, {recursive: true, force: true})
  })
})
