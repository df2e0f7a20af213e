/**
 * A base of hostile input: every case completes, the other notes are still
 * checked, and the bad file gets one clear message with its path. The big
 * files (20 MB, a 10,000-row table, 100,000 links, YAML bombs, symlink
 * loops) are generated into a temp folder here, which makes this slow: it
 * runs with `npm run test:e2e`. The rest of the safety tests: test/safety.test.ts.
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import {lint, type LintResult} from '../../src/engine/lint.js'
import {MAX_NOTE_BYTES} from '../../src/engine/collect.js'
import {MAX_NESTING} from '../../src/engine/limits.js'
import {findingsOf, good, ids, tempDir, write} from '../hostile-helpers.js'

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
    for (const [name, previous] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
      ['h', 'g'],
      ['i', 'h']
    ]) {
      laughs.push(
        `${name}: &${name} [${Array(9)
          .fill('*' + previous)
          .join(',')}]`
      )
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
    for (const [file, line] of [
      ['quotes.md', 5],
      ['lists.md', 5]
    ] as const) {
      const findings = findingsOf(result, file)
      expect(ids(findings), file).toEqual(['file-unreadable'])
      expect(findings[0]!.reason).toBe(
        `Note is nested too deeply to check: 5000 block quotes or list items are nested on line ${line}; kb-lint checks up to ${MAX_NESTING} levels, flatten the nesting`
      )
    }
    const indented = findingsOf(result, 'indented.md')
    expect(ids(indented)).toEqual(['file-unreadable'])
    expect(indented[0]!.reason).toMatch(
      /^Note is nested too deeply to check: the list item or block quote on line 106 is indented 202 columns/
    )
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
