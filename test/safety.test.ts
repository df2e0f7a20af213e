/**
 * Hostile and broken input: every case completes, the other notes are still
 * checked, and the bad file gets one clear message with its path. Big files
 * are generated here into a temp folder (never committed).
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest'
import {lint, type LintResult} from '../src/engine/lint.js'
import {MAX_NOTE_BYTES} from '../src/engine/collect.js'
import {MAX_NESTING} from '../src/engine/limits.js'
import {fixBase} from '../src/engine/fix.js'
import {writeChunksSafely} from '../src/engine/atomic-write.js'
import {projectRoot} from './fixtures.js'
import type {Finding} from '../src/kb/model.js'

const good = '---\ntitle: "A"\ndescription: "B"\n---\n'

function tempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)))
}

function write(root: string, name: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(path.join(root, name)), {recursive: true})
  fs.writeFileSync(path.join(root, name), data)
}

function findingsOf(result: LintResult, relative: string): Finding[] {
  const entry = result.findings.find((candidate) => candidate.relative === relative)
  if (!entry) throw new Error(`no entry for ${relative}; have ${result.findings.map((e) => e.relative).join(', ')}`)
  return entry.findings
}

function ids(findings: Finding[]): string[] {
  return findings.map((finding) => finding.ruleId)
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0

describe('a base of hostile input', () => {
  let root: string
  let outside: string
  let result: LintResult

  beforeAll(async () => {
    root = tempDir('kb-lint-hostile-')
    outside = tempDir('kb-lint-outside-')
    write(outside, 'secret.md', good + 'secret\n')

    // A healthy note that links to another: must still be checked.
    write(root, 'good.md', good + '[[other]] [[missing-note]]\n')
    write(root, 'other.md', good)

    // Encodings.
    write(root, 'binary.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]))
    write(root, 'latin1.md', Buffer.concat([Buffer.from(good + 'caf'), Buffer.from([0xe9]), Buffer.from('\n')]))
    write(root, 'utf16.md', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good + 'text\n', 'utf16le')]))
    write(root, 'empty.md', '')
    write(root, 'only-frontmatter.md', good)

    // Size and shape.
    write(root, 'huge.md', good + 'Twenty megabytes of prose. '.repeat(Math.ceil((20 * 1024 * 1024) / 27)))
    let table = good + '| a | b |\n|---|---|\n'
    for (let row = 0; row < 10_000; row++) table += row === 9_999 ? '| extra | cells | here |\n' : `| ${row} | [[other\\|o]] |\n`
    write(root, 'table.md', table)
    write(root, 'quotes.md', good + '>'.repeat(5000) + ' deep\n')
    write(root, 'lists.md', good + '- '.repeat(5000) + 'deep\n')
    let indented = good
    for (let level = 0; level < 1000; level++) indented += '  '.repeat(Math.min(level, 150)) + '- item\n'
    write(root, 'indented.md', indented)
    write(root, 'line.md', good + 'x'.repeat(1_000_000) + ' [[line-target-missing]]\n')
    write(root, 'links.md', good + '[[other]] '.repeat(99_999) + '[[links-target-missing]]\n')

    // YAML.
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (const [name, previous] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f'], ['h', 'g'], ['i', 'h']]) {
      laughs.push(`${name}: &${name} [${Array(9).fill('*' + previous).join(',')}]`)
    }
    write(root, 'yaml-bomb.md', '---\ntitle: T\ndescription: D\n' + laughs.join('\n') + '\n---\n')
    write(root, 'yaml-deep.md', '---\ntitle: T\ndescription: D\nx: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n---\n')
    write(
      root,
      'yaml-tags.md',
      '---\ntitle: !!js/function "function () { globalThis.kbLintPwned = true }"\ndescription: !!js/undefined x\nother: !custom value\n---\n'
    )
    write(root, 'yaml-anchors.md', '---\ntitle: &t Shared\ndescription: *t\nbase: &base {a: 1}\nmerged: {<<: *base, b: 2}\n---\n')

    // The file system.
    write(root, 'locked.md', good)
    fs.chmodSync(path.join(root, 'locked.md'), 0o000)
    write(root, 'zz-vanishes.md', good)
    fs.symlinkSync('self-loop.md', path.join(root, 'self-loop.md'))
    fs.mkdirSync(path.join(root, 'sub'))
    fs.symlinkSync('..', path.join(root, 'sub', 'up'))
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'outside.md'))
    fs.symlinkSync(outside, path.join(root, 'outside-folder'))
    fs.mkdirSync(path.join(root, 'folder.md'))
    write(root, 'folder.md/inside.md', good + '[[missing-from-folder]]\n')

    const realReadFileSync = fs.readFileSync
    const spy = isRoot
      ? // Root reads anything whatever the mode bits: simulate what a normal user gets.
        vi.spyOn(fs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, options?: unknown) => {
          if (String(file).endsWith('locked.md')) throw Object.assign(new Error('EACCES: permission denied'), {code: 'EACCES'})
          return realReadFileSync(file, options as BufferEncoding)
        }) as typeof fs.readFileSync)
      : undefined
    try {
      result = await lint({
        root,
        cwd: root,
        config: {},
        // Delete a note after the scan found it, before it is read.
        onProgress: (done) => {
          if (done === 1) fs.rmSync(path.join(root, 'zz-vanishes.md'), {force: true})
        }
      })
    } finally {
      spy?.mockRestore()
    }
  })

  afterAll(() => {
    fs.chmodSync(path.join(root, 'locked.md'), 0o644)
    fs.rmSync(root, {recursive: true, force: true})
    fs.rmSync(outside, {recursive: true, force: true})
  })

  it('still checks the healthy notes', () => {
    const findings = findingsOf(result, 'good.md')
    expect(ids(findings)).toEqual(['link-unresolved'])
    expect(findings[0]!.reason).toContain('missing-note')
    expect(findingsOf(result, 'other.md')).toEqual([])
    expect(ids(findingsOf(result, 'folder.md/inside.md'))).toEqual(['link-unresolved'])
  })

  it('reports a binary file, invalid UTF-8 and UTF-16 as file-encoding, once each', () => {
    for (const [file, words] of [
      ['binary.md', /binary/],
      ['latin1.md', /not valid UTF-8 \(first bad byte at offset 39\)/],
      ['utf16.md', /UTF-16/]
    ] as const) {
      const findings = findingsOf(result, file)
      expect(ids(findings), file).toEqual(['file-encoding'])
      expect(findings[0]!.reason).toMatch(words)
    }
  })

  it('checks an empty file and a file of only frontmatter like any note', () => {
    expect(ids(findingsOf(result, 'empty.md'))).toEqual(['frontmatter-missing'])
    expect(findingsOf(result, 'only-frontmatter.md')).toEqual([])
  })

  it('reports a 20 MB note as too large without parsing it', () => {
    const findings = findingsOf(result, 'huge.md')
    expect(ids(findings)).toEqual(['file-unreadable'])
    expect(findings[0]!.reason).toBe(
      `File is too large to check (20.0 MB; the limit is ${MAX_NOTE_BYTES / 1048576} MB); split it into smaller notes or add it to .kblintignore`
    )
  })

  it('checks a 10,000-row table, a 1 MB line and 100,000 links in one note', () => {
    const table = findingsOf(result, 'table.md')
    expect(ids(table)).toEqual(['table-column-count'])
    expect(table[0]!.place.start.line).toBe(5 + 2 + 9_999)

    const line = findingsOf(result, 'line.md')
    expect(ids(line)).toEqual(['link-unresolved'])
    expect(line[0]!.place.start).toMatchObject({line: 5, column: 1_000_002})

    const links = findingsOf(result, 'links.md')
    expect(ids(links)).toEqual(['link-unresolved'])
    expect(links[0]!.place.start).toMatchObject({line: 5, column: 99_999 * 10 + 1})
    expect(result.references.filter((reference) => reference.from.path === 'links.md')).toHaveLength(100_000)
  })

  it('reports thousands of nested block quotes or list items as one finding, without overflowing the stack', () => {
    for (const [file, line] of [['quotes.md', 5], ['lists.md', 5]] as const) {
      const findings = findingsOf(result, file)
      expect(ids(findings), file).toEqual(['file-unreadable'])
      expect(findings[0]!.reason).toBe(
        `Note is nested too deeply to check: 5000 block quotes or list items are nested on line ${line}; kb-lint checks up to ${MAX_NESTING} levels, flatten the nesting`
      )
    }
    const indented = findingsOf(result, 'indented.md')
    expect(ids(indented)).toEqual(['file-unreadable'])
    expect(indented[0]!.reason).toMatch(/^Note is nested too deeply to check: the list item or block quote on line 106 is indented 202 columns/)
  })

  it('parses hostile YAML safely: alias bombs and deep nesting are errors, tags execute nothing', () => {
    const bomb = findingsOf(result, 'yaml-bomb.md')
    expect(ids(bomb)).toEqual(['frontmatter-syntax'])
    expect(bomb[0]!.reason).toMatch(/Excessive alias count/)

    const deep = findingsOf(result, 'yaml-deep.md')
    expect(ids(deep)).toEqual(['frontmatter-syntax'])
    expect(deep[0]!.reason).toBe('Invalid frontmatter YAML: values are nested too deeply (thousands of levels)')

    expect((globalThis as Record<string, unknown>).kbLintPwned).toBeUndefined()
    const tags = result.base.byId.get('yaml-tags')!
    expect(tags.title).toBe('function () { globalThis.kbLintPwned = true }')
    expect(findingsOf(result, 'yaml-anchors.md')).toEqual([])
    expect(result.base.byId.get('yaml-anchors')!.frontmatter.data).toEqual({
      title: 'Shared',
      description: 'Shared',
      base: {a: 1},
      merged: {'<<': {a: 1}, b: 2}
    })
  })

  it('reports an unreadable note and a note deleted between scan and read', () => {
    const locked = findingsOf(result, 'locked.md')
    expect(ids(locked)).toEqual(['file-unreadable'])
    expect(locked[0]!.reason).toBe('Cannot read file: permission denied')

    const vanished = findingsOf(result, 'zz-vanishes.md')
    expect(ids(vanished)).toEqual(['file-unreadable'])
    expect(vanished[0]!.reason).toBe('Cannot read file: file disappeared while checking')
  })

  it('ends symlink loops and does not follow links out of the root', () => {
    expect(findingsOf(result, 'self-loop.md')[0]!.reason).toBe('Broken or looping symbolic link, skipped')
    // `sub/up` → `..` is the root again: entered once, so no note appears twice.
    expect(result.base.notes.filter((note) => note.path.startsWith('sub/'))).toEqual([])
    for (const file of ['outside.md', 'outside-folder']) {
      const entry = result.findings.find((candidate) => candidate.relative === file)!
      expect(entry.severity).toBe('warn')
      expect(entry.findings[0]!.reason).toBe('Symbolic link points outside the base, not followed')
    }
    expect(result.base.notes.some((note) => note.title === undefined && note.path.includes('secret'))).toBe(false)
  })

  it('treats a folder named x.md as a folder', () => {
    expect(result.base.folders.has('folder.md')).toBe(true)
    expect(result.base.byId.has('folder')).toBe(false)
  })
})

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
    const names = ['readFileSync', 'statSync', 'lstatSync', 'readdirSync', 'realpathSync', 'existsSync', 'openSync', 'accessSync', 'opendirSync', 'createReadStream'] as const
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
    const outsideRoot = touched.filter((file) => !(file === root || file.startsWith(root + path.sep)))
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
    ['a schema path outside the project', 'kb-lint.config.json', '{"frontmatter": {"schema": "../kb-lint-outside-schema.json"}}', /`frontmatter\.schema` points outside the config's folder: \.\.\/kb-lint-outside-schema\.json/],
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
    const original = '\uFEFF---\r\ntitle: "A"\r\ndescription: "B"\r\n---\r\nSee [[target]] and more.\r\n\r\n| a | b |\r\n|---|---|\r\n| [[Target|T]] | x |'
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
    const direct = /\b(?:writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream|copyFileSync|copyFile|writeSync|truncateSync)\s*\(/
    const offenders: string[] = []
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, {withFileTypes: true})) {
        const file = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(file)
        else if (entry.name.endsWith('.ts') && entry.name !== 'atomic-write.ts') {
          fs.readFileSync(file, 'utf8')
            .split('\n')
            .forEach((line, index) => {
              if (direct.test(line) && !/^\s*(?:\/\/|\*)/.test(line)) offenders.push(`${path.relative(projectRoot, file)}:${index + 1}: ${line.trim()}`)
            })
        }
      }
    }
    walk(path.join(projectRoot, 'src'))
    // A new writer (cache, mv, index regions, outputs) must call writeFileSafely
    // (src/engine/atomic-write.ts) so a crash never leaves a partial file.
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
    write(root, 'bomb.md', '---\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\n')
    const child = spawnSync(process.execPath, [path.join(projectRoot, 'dist', 'cli.js'), 'check', '.', '--format', 'json'], {cwd: root, encoding: 'utf8'})
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
