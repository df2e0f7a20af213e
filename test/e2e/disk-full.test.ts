/**
 * Every writer on a nearly full disk, for real: a small tmpfs is mounted,
 * filled to a few KB free, and each writer (`--fix`, `mv`, `index --write`,
 * `-o`, the cache) runs against it. Each must leave the original byte for
 * byte, leave no temporary file, and say so in one line with exit 2 (the
 * cache, which never fails a check, keeps its old file and the check's exit).
 *
 * Mounting needs root. CI runs as root, so these run there; elsewhere the
 * suite is skipped, and its name says why.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {projectRoot} from '../fixtures.js'

const cli = path.join(projectRoot, 'dist', 'cli.js')
const isRoot = process.getuid?.() === 0
const FREE_BYTES = 16 * 1024

let mount = ''
let base = ''

function run(args: string[]): {status: number | null; stdout: string; stderr: string} {
  return spawnSync(process.execPath, [cli, ...args], {cwd: mount, encoding: 'utf8'})
}

function write(relative: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(base, relative)), {recursive: true})
  fs.writeFileSync(path.join(base, relative), text)
}

/** Fill the tmpfs until only `free` bytes are left. */
function fillDisk(free = FREE_BYTES): void {
  fs.rmSync(path.join(mount, 'filler'), {force: true})
  const stats = fs.statfsSync(mount)
  fs.writeFileSync(path.join(mount, 'filler'), Buffer.alloc(Math.max(0, stats.bavail * stats.bsize - free)))
}

/** Every file of the tmpfs but the filler → its bytes (base64). */
function snapshot(): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of fs.readdirSync(mount, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile() || entry.name === 'filler') continue
    const full = path.join(entry.parentPath, entry.name)
    out[path.relative(mount, full)] = fs.readFileSync(full).toString('base64')
  }
  return out
}

const prose = 'A sentence of prose that pads the note well past the free space. '.repeat(5000)
const frontmatter = (title: string) => `---\ntitle: ${title}\ndescription: About ${title}.\n---\n`

function expectRefusedInOneLine(result: {status: number | null; stderr: string}, file: RegExp): void {
  expect(result.status).toBe(2)
  const lines = result.stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^kb-lint: cannot write /i)
  expect(lines[0]).toMatch(file)
  expect(lines[0]).toMatch(/no space left on the device/)
}

describe.skipIf(!isRoot)('writers on a nearly full disk (mounts a tmpfs: needs root, as in CI)', () => {
  beforeAll(() => {
    mount = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-full-'))
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount], {encoding: 'utf8'})
    if (mounted.status !== 0) throw new Error(`mount failed: ${mounted.stderr}`)
  })
  afterAll(() => {
    if (!mount) return
    spawnSync('umount', [mount])
    fs.rmSync(mount, {recursive: true, force: true})
  })
  beforeEach(() => {
    for (const entry of fs.readdirSync(mount)) fs.rmSync(path.join(mount, entry), {recursive: true, force: true})
    base = path.join(mount, 'kb')
    fs.mkdirSync(base)
  })

  it('check --fix leaves a 345 KB note whole', () => {
    write('big.md', frontmatter('Big') + '# Big\n\n' + prose + '\n\n[[Other]]\n')
    write('other.md', frontmatter('Other') + '# Other\n')
    fillDisk()
    const before = snapshot()
    const result = run(['check', 'kb', '--fix', '--no-cache'])
    expectRefusedInOneLine(result, /kb\/big\.md/)
    expect(snapshot()).toEqual(before)
  })

  it('mv moves nothing and deletes nothing', () => {
    write('big.md', frontmatter('Big') + '# Big\n\n' + prose + '\n')
    write('index.md', frontmatter('Index') + '# Index\n\n[[big]]\n')
    fillDisk()
    const before = snapshot()
    const result = run(['mv', 'kb/big.md', 'kb/moved.md'])
    expectRefusedInOneLine(result, /mv-journal\.json|moved\.md|index\.md/)
    expect(snapshot()).toEqual(before)
  })

  it('mv undoes the copies it made when the disk fills half-way', () => {
    // Room for the journal and some copies, not for all of them.
    for (let index = 0; index < 40; index++) write(`folder/note-${index}.md`, frontmatter(`Note ${index}`) + 'Text. '.repeat(2000) + '\n')
    write(
      'index.md',
      frontmatter('Index') + '# Index\n\n' + Array.from({length: 40}, (_, index) => `[[folder/note-${index}]]`).join('\n') + '\n'
    )
    const folderBytes = fs
      .readdirSync(path.join(base, 'folder'))
      .reduce((sum, name) => sum + fs.statSync(path.join(base, 'folder', name)).size, 0)
    fillDisk(Math.round(folderBytes * 1.9))
    const before = snapshot()
    const result = run(['mv', 'kb/folder', 'kb/moved'])
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/no space left on the device \(ENOSPC\)/)
    expect(snapshot()).toEqual(before)
  })

  it('index --write leaves the note with the stale region whole', () => {
    write('index.md', frontmatter('Index') + '# Index\n\n<!-- kb-lint:index folder="notes" -->\n<!-- /kb-lint:index -->\n\n' + prose + '\n')
    for (let index = 0; index < 30; index++) write(`notes/n${index}.md`, frontmatter(`N${index}`) + `# N${index}\n\n[[index]]\n`)
    fillDisk(4 * 1024)
    const before = snapshot()
    const result = run(['index', 'kb', '--write', '--no-cache'])
    expectRefusedInOneLine(result, /kb\/index\.md/)
    expect(snapshot()).toEqual(before)
  })

  it('-o keeps the previous report', () => {
    write('broken.md', frontmatter('Broken') + Array.from({length: 400}, (_, index) => `[[missing-${index}]]`).join('\n') + '\n')
    fs.writeFileSync(path.join(mount, 'report.json'), '{"previous": "report"}\n')
    fillDisk()
    const before = snapshot()
    const result = run(['check', 'kb', '--no-cache', '--format', 'json', '-o', 'report.json'])
    expectRefusedInOneLine(result, /report\.json/)
    expect(snapshot()).toEqual(before)
  })

  it('the cache keeps its old file, and the check its result', () => {
    for (let index = 0; index < 30; index++) write(`n${index}.md`, frontmatter(`N${index}`) + `# N${index}\n\n[[n${(index + 1) % 30}]]\n`)
    const cache = path.join(mount, 'cache.json')
    expect(run(['check', 'kb', '--cache-location', cache]).status).toBe(0)
    const oldCache = fs.readFileSync(cache)
    // Enough new notes that the cache must be rewritten, bigger than the room left.
    for (let index = 0; index < 60; index++)
      write(`m${index}.md`, frontmatter(`M${index}`) + `# M${index}\n\n${'Words of text. '.repeat(200)}\n\n[[n0]]\n`)
    fillDisk(4 * 1024)
    const result = run(['check', 'kb', '--cache-location', cache])
    expect(result.status).toBe(0)
    expect(result.stderr).toBe('')
    expect(fs.readFileSync(cache).equals(oldCache)).toBe(true)
    expect(fs.readdirSync(mount).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })
})
