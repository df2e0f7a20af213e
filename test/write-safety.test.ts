/**
 * Never lose a byte (issue: verified writes, writers inside the base, `mv` as
 * a transaction, one bad note never stops the run, bounded cost per note).
 * The disk-full and kill -9 reproductions run for real in test/e2e/
 * (disk-full.test.ts, mv-kill.test.ts); these are the fast ones.
 */
import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import {afterAll, afterEach, describe, expect, it} from 'vitest'
import {injectWriteFaults, writeFileSafely, WriteError} from '../src/write/atomic-write.js'
import {analyzeNote} from '../src/engine/analyze.js'
import {fixBase} from '../src/write/fix.js'
import {COST_BUDGET, costProblem, MAX_UNITS_PER_CODE_UNIT, noteCost} from '../src/engine/limits.js'
import {lint} from '../src/engine/lint.js'
import {abortMove, moveInBase} from '../src/write/move.js'
import {writeIndexRegions} from '../src/write/write-index.js'
import {createSettings} from '../src/config/settings.js'
import {rules} from '../src/rules/index.js'
import {projectRoot} from './fixtures.js'

const cli = path.join(projectRoot, 'dist', 'cli.js')
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const good = (title: string) => `---\ntitle: ${title}\ndescription: About ${title}.\n---\n`
const made: string[] = []
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, {recursive: true, force: true})
})
afterEach(() => injectWriteFaults(undefined))

function tempDir(prefix = 'kb-lint-ws-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)))
  made.push(dir)
  return dir
}

function write(root: string, name: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(path.join(root, name)), {recursive: true})
  fs.writeFileSync(path.join(root, name), data)
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of fs.readdirSync(dir, {recursive: true, withFileTypes: true})) {
    if (entry.isFile())
      out[path.relative(dir, path.join(entry.parentPath, entry.name))] = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8')
  }
  return out
}

function run(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], {cwd, encoding: 'utf8', timeout: 60_000})
}

async function linkProblems(root: string): Promise<string[]> {
  const result = await lint({root, cwd: root})
  return result.files.flatMap((file) =>
    file.messages.filter((message) => String(message.ruleId).startsWith('link-')).map((message) => `${file.path}: ${message.reason}`)
  )
}

describe('verified writes', () => {
  it('continues after short writes and writes every byte', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'note.md')
    fs.writeFileSync(file, 'old')
    injectWriteFaults({write: (fd, data, offset, length) => fs.writeSync(fd, data, offset, Math.min(length, 7))})
    const text = 'a note that takes many short writes to land on disk\n'.repeat(50)
    await writeFileSafely(file, text)
    expect(fs.readFileSync(file, 'utf8')).toBe(text)
    expect(fs.readdirSync(dir)).toEqual(['note.md'])
  })

  it('a write that stops making progress is a full disk: original kept, temporary file removed, one line', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'note.md')
    fs.writeFileSync(file, 'the original')
    let calls = 0
    injectWriteFaults({write: (fd, data, offset, length) => (++calls === 1 ? fs.writeSync(fd, data, offset, Math.min(length, 100)) : 0)})
    const error = await writeFileSafely(file, 'x'.repeat(10_000)).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(WriteError)
    expect((error as WriteError).code).toBe('ENOSPC')
    expect((error as Error).message).toMatch(
      /^cannot write .*note\.md: no space left on the device \(ENOSPC\); the file was left as it was$/
    )
    expect(fs.readFileSync(file, 'utf8')).toBe('the original')
    expect(fs.readdirSync(dir)).toEqual(['note.md'])
  })

  it('keeps the permissions of the file it replaces', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'private.json')
    fs.writeFileSync(file, '{}', {mode: 0o600})
    fs.chmodSync(file, 0o600)
    await writeFileSafely(file, '{"new": true}')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  })

  it('-o into a missing folder is one line naming the file, not the temporary one', () => {
    const dir = tempDir()
    write(dir, 'a.md', good('A'))
    const result = run(dir, ['check', '.', '--no-cache', '-f', 'json', '-o', 'missing/report.json'])
    expect(result.status).toBe(2)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^kb-lint: .*missing\/report\.json/)
    expect(lines[0]).not.toMatch(/\.tmp/)
  })
})

describe('writers stay inside the base', () => {
  function baseWithOutsideLink(): {root: string; outside: string} {
    const parent = tempDir()
    const root = path.join(parent, 'kb')
    const outside = path.join(parent, 'outside')
    write(outside, 'dir/victim.md', good('Victim'))
    write(root, 'a.md', good('A') + '[[b]]\n')
    write(root, 'b.md', good('B'))
    fs.symlinkSync('../outside/dir', path.join(root, 'linkdir'))
    return {root, outside}
  }

  it('mv refuses a source, a folder or a destination reached through a symlink out of the base', async () => {
    const {root, outside} = baseWithOutsideLink()
    const before = snapshot(outside)
    await expect(moveInBase({root, cwd: root, from: 'linkdir/victim.md', to: 'stolen.md'})).rejects.toThrow(/outside the base/)
    await expect(moveInBase({root, cwd: root, from: 'linkdir', to: 'stolen'})).rejects.toThrow(/symbolic link/)
    await expect(moveInBase({root, cwd: root, from: 'a.md', to: 'linkdir/'})).rejects.toThrow(/outside the base/)
    await expect(moveInBase({root, cwd: root, from: 'a.md', to: 'linkdir/new/a.md'})).rejects.toThrow(/outside the base/)
    expect(snapshot(outside)).toEqual(before)
    expect(fs.existsSync(path.join(root, 'a.md'))).toBe(true)
    expect(fs.existsSync(path.join(root, 'stolen.md'))).toBe(false)
  })

  it('a frontmatter.schema symlink to a file outside the config folder is refused without reading it', () => {
    const parent = tempDir()
    const root = path.join(parent, 'kb')
    write(parent, 'secret.json', '{"type": "object", "title": "TOP SECRET CONTENT"}')
    write(root, 'a.md', good('A'))
    fs.symlinkSync('../secret.json', path.join(root, 'schema.json'))
    write(root, 'kb-lint.config.json', JSON.stringify({frontmatter: {schema: './schema.json'}}))
    const result = run(root, ['check', '.', '--no-cache'])
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain('symbolic link to a file outside the config')
    expect(result.stderr).not.toContain('TOP SECRET')
  })

  it('--cache-location refuses a FIFO (without blocking), an empty file, a folder and a file that is not a cache', () => {
    const dir = tempDir()
    write(dir, 'kb/a.md', good('A'))
    spawnSync('mkfifo', [path.join(dir, 'fifo')])
    fs.writeFileSync(path.join(dir, 'empty'), '')
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'my own notes')
    fs.mkdirSync(path.join(dir, 'folder'))
    const cases: Array<[string, RegExp]> = [
      ['fifo', /it is a FIFO/],
      ['empty', /it is an empty file/],
      ['folder', /it is a folder/],
      ['notes.txt', /it is a file that is not a kb-lint cache/]
    ]
    for (const [name, reason] of cases) {
      const result = run(dir, ['check', 'kb', '--cache-location', name])
      expect(result.status, name).toBe(2)
      expect(result.stderr.trim().split('\n'), name).toHaveLength(1)
      expect(result.stderr).toMatch(reason)
    }
    expect(fs.statSync(path.join(dir, 'fifo')).isFIFO()).toBe(true)
    expect(fs.readFileSync(path.join(dir, 'empty'), 'utf8')).toBe('')
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('my own notes')
  })

  it.runIf(isRoot)('--cache-location refuses a character device node and leaves it a device', () => {
    const dir = tempDir()
    write(dir, 'kb/a.md', good('A'))
    const node = path.join(dir, 'null-device')
    expect(spawnSync('mknod', [node, 'c', '1', '3']).status).toBe(0)
    const result = run(dir, ['check', 'kb', '--cache-location', 'null-device'])
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/it is a device/)
    expect(fs.statSync(node).isCharacterDevice()).toBe(true)
  })
})

describe('kb-lint mv finds its base as check does', () => {
  function project(): string {
    const dir = tempDir()
    write(dir, 'docs/kb-lint.config.json', '{}\n')
    write(dir, 'docs/a.md', good('A'))
    write(dir, 'docs/index.md', good('Index') + '[[a]] and [[/a]] and [a](a.md)\n')
    write(dir, 'docs/sub/deep.md', good('Deep') + '[[/a]]\n')
    return dir
  }

  it('the README form `kb-lint mv docs/a.md docs/b.md` from the project folder rewrites every link', () => {
    const dir = project()
    const result = run(dir, ['mv', 'docs/a.md', 'docs/b.md'])
    expect(result.status, result.stderr).toBe(0)
    expect(result.stderr).toContain('rewrote 4 links in 2 notes')
    expect(fs.readFileSync(path.join(dir, 'docs/index.md'), 'utf8')).toContain('[[b]] and [[/b]] and [a](b.md)')
    expect(fs.readFileSync(path.join(dir, 'docs/sub/deep.md'), 'utf8')).toContain('[[/b]]')
  })

  it('refuses in one line a --root inside the base, whose other notes it cannot see', () => {
    const dir = project()
    const result = run(dir, ['mv', 'docs/sub/deep.md', 'docs/sub/deeper.md', '--root', 'docs/sub'])
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/inside the base `docs`.*run with --root docs/)
    expect(fs.existsSync(path.join(dir, 'docs/sub/deep.md'))).toBe(true)
  })

  it('refuses to move a note that a note it could not read mentions', async () => {
    const root = tempDir()
    write(root, 'a.md', good('A'))
    write(root, 'broken.md', Buffer.concat([Buffer.from('[[a]] '), Buffer.from([0xff, 0xfe, 0x00, 0x00])]))
    await expect(moveInBase({root, cwd: root, from: 'a.md', to: 'b.md'})).rejects.toThrow(
      /`broken.md` could not be checked .* mentions `a`/
    )
    expect(fs.existsSync(path.join(root, 'a.md'))).toBe(true)
  })
})

describe('kb-lint mv keeps derived things consistent', () => {
  it('index regions that were current stay current, their folder follows a moved folder; stale ones are left', async () => {
    const root = tempDir()
    write(root, 'projects/alpha.md', good('Alpha'))
    write(root, 'projects/beta.md', good('Beta'))
    write(root, 'other/gamma.md', good('Gamma'))
    write(
      root,
      'index.md',
      good('Index') +
        '<!-- kb-lint:index folder="projects" -->\n<!-- /kb-lint:index -->\n\n<!-- kb-lint:index folder="other" -->\nstale by hand\n<!-- /kb-lint:index -->\n'
    )
    await writeIndexRegions(await lint({root, cwd: root}))
    // Make the second region stale again: mv must not touch it.
    const text = fs.readFileSync(path.join(root, 'index.md'), 'utf8').replace(/(folder="other" -->\n)[^<]*/, '$1stale by hand\n')
    fs.writeFileSync(path.join(root, 'index.md'), text)
    const outcome = await moveInBase({root, cwd: root, from: 'projects', to: 'archive/projects'})
    expect(outcome.regions).toBe(1)
    const after = fs.readFileSync(path.join(root, 'index.md'), 'utf8')
    expect(after).toContain(
      '<!-- kb-lint:index folder="archive/projects" -->\n- [[archive/projects/alpha|Alpha]] — About Alpha.\n- [[archive/projects/beta|Beta]] — About Beta.\n<!-- /kb-lint:index -->'
    )
    expect(after).toContain('folder="other" -->\nstale by hand\n')
    const result = await lint({root, cwd: root})
    const stale = result.files.flatMap((file) =>
      file.messages.filter((message) => message.ruleId === 'index-stale').map((message) => message.line)
    )
    expect(stale).toHaveLength(1)
  })

  it('links into the moved folder that were already broken follow it, and are counted', async () => {
    const root = tempDir()
    write(root, 'projects/alpha.md', good('Alpha'))
    write(root, 'notes/todo.md', good('Todo') + '[[projects/not-yet]] [x](../projects/later.md) [[elsewhere/none]]\n')
    const outcome = await moveInBase({root, cwd: root, from: 'projects', to: 'archive/projects'})
    expect(outcome.brokenFollowed).toBe(2)
    expect(fs.readFileSync(path.join(root, 'notes/todo.md'), 'utf8')).toContain(
      '[[archive/projects/not-yet]] [x](../archive/projects/later.md) [[elsewhere/none]]'
    )
  })

  it('a note removed while the move is planned is skipped and named', async () => {
    const root = tempDir()
    write(root, 'a.md', good('A'))
    write(root, 'b.md', good('B') + '[[a]]\n')
    write(root, 'c.md', good('C') + '[[a]]\n')
    const outcome = await moveInBase({
      root,
      cwd: root,
      from: 'a.md',
      to: 'z.md',
      jobs: 1,
      onProgress: (done, total) => {
        if (done === total) fs.rmSync(path.join(root, 'c.md'))
      }
    })
    expect(outcome.skipped).toEqual(['c.md'])
    expect(fs.readFileSync(path.join(root, 'b.md'), 'utf8')).toContain('[[z]]')
    expect(fs.existsSync(path.join(root, 'c.md'))).toBe(false)
  })
})

describe('names links cannot express', () => {
  const awkward = ['C# notes', 'a|b', ' padded ', 'line\nbreak', 'half%20', 'what?', 'par(en']

  it('a Markdown link to a moved note is written in the form that resolves, for every awkward name', async () => {
    for (const name of awkward) {
      const root = tempDir()
      write(root, 'target.md', good('Target'))
      write(root, 'from.md', good('From') + '[the target](target.md)\n')
      await moveInBase({root, cwd: root, from: 'target.md', to: `${name}.md`})
      expect(fs.existsSync(path.join(root, `${name}.md`)), JSON.stringify(name)).toBe(true)
      expect(await linkProblems(root), JSON.stringify(name)).toEqual([])
    }
  })

  it('a wiki link that cannot name the new place refuses the move, in one line, before changing anything', async () => {
    for (const name of ['C# notes', 'a|b', ' padded ', 'line\nbreak', 'br[ack]et']) {
      const root = tempDir()
      write(root, 'target.md', good('Target'))
      write(root, 'from.md', good('From') + '[[target]]\n')
      const before = snapshot(root)
      await expect(moveInBase({root, cwd: root, from: 'target.md', to: `${name}.md`}), JSON.stringify(name)).rejects.toThrow(
        /no wiki link can name/
      )
      expect(snapshot(root)).toEqual(before)
    }
  })

  it('a hidden name such as `..dots.md`, which the scan never reads, is refused as a destination', async () => {
    const root = tempDir()
    write(root, 'dots.md', good('Dots'))
    write(root, 'from.md', good('From') + '[[dots]] [d](dots.md)\n')
    const before = snapshot(root)
    await expect(moveInBase({root, cwd: root, from: 'dots.md', to: '..dots.md'})).rejects.toThrow(/starts with a dot/)
    await expect(moveInBase({root, cwd: root, from: 'dots.md', to: '.hidden/dots.md'})).rejects.toThrow(/starts with a dot/)
    expect(snapshot(root)).toEqual(before)
  })

  it('index --write lists awkward names with links that resolve', async () => {
    const root = tempDir()
    for (const name of awkward) write(root, `list/${name}.md`, good('T'))
    write(root, 'index.md', good('Index') + '<!-- kb-lint:index folder="list" -->\n<!-- /kb-lint:index -->\n')
    await writeIndexRegions(await lint({root, cwd: root}))
    const result = await lint({root, cwd: root})
    const problems = result.files.flatMap((file) => file.messages.map((message) => `${file.path} ${message.ruleId}: ${message.reason}`))
    expect(problems.filter((problem) => /link-|index-stale/.test(problem))).toEqual([])
    const listed = result.references.filter((reference) => reference.from.path === 'index.md' && reference.resolution.status === 'resolved')
    expect(listed).toHaveLength(awkward.length)
  })
})

describe('every writer reads its link back (Quartz resolution, the default)', () => {
  // Spellings checked with Quartz 4.5's own link code (the oracle in the
  // project's shared folder): `C# notes.md` is published as `C-notes`,
  // `what?.md` as `what`, and `docs/list/x` is not `list/x` (Quartz reads a
  // Markdown link from the site root, not from the note's folder).

  it('mv to a name that reads as a URL scheme writes a Markdown link that stays a link of the base', async () => {
    const root = tempDir()
    write(root, 'target.md', good('Target'))
    write(root, 'sub/from.md', good('From') + '[the target](../target.md)\n')
    await moveInBase({root, cwd: root, from: 'target.md', to: 'mailto:me.md'})
    expect(fs.readFileSync(path.join(root, 'sub/from.md'), 'utf8')).toContain('[the target](/mailto:me.md)')
    expect(await linkProblems(root)).toEqual([])
  })

  it("mv refuses in one line, exit 2, before writing anything, when the new name's Quartz slug belongs to another note", () => {
    const root = tempDir()
    write(root, 'target.md', good('Target'))
    write(root, 'list/name.md', good('Name'))
    write(root, 'from.md', good('From') + '[the target](target.md)\n')
    const before = snapshot(root)
    const run = spawnSync(process.execPath, [cli, 'mv', 'target.md', 'list/#name.md'], {cwd: root, encoding: 'utf8'})
    expect(run.status).toBe(2)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toMatch(
      /from\.md` links to what moves with a Markdown link, and `list\/name\.md` would not resolve to `list\/#name` under `absolute` resolution; choose another name/
    )
    expect(snapshot(root)).toEqual(before)
  })

  it("index --write writes a path from the root when the folder's own path would be read from the site root", async () => {
    const root = tempDir()
    write(root, 'docs/list/C# notes.md', good('C sharp'))
    write(root, 'docs/list/what?.md', good('What'))
    write(root, 'docs/index.md', good('Docs') + '<!-- kb-lint:index folder="docs/list" -->\n<!-- /kb-lint:index -->\n')
    const outcome = await writeIndexRegions(await lint({root, cwd: root}))
    expect(outcome.problems).toEqual([])
    expect(fs.readFileSync(path.join(root, 'docs/index.md'), 'utf8')).toContain(
      '- [C sharp](/docs/list/C%20notes.md) — About C sharp.\n- [[docs/list/what?|What]] — About What.\n'
    )
    expect(await linkProblems(root)).toEqual([])
  })

  it('index --write gives a note whose title holds `#` a Markdown link: Quartz reads no wiki link with `#` in its alias', async () => {
    const root = tempDir()
    write(root, 'list/x.md', '---\ntitle: "C# guide"\ndescription: About C#.\n---\n')
    write(root, 'index.md', good('Index') + '<!-- kb-lint:index folder="list" -->\n<!-- /kb-lint:index -->\n')
    await writeIndexRegions(await lint({root, cwd: root}))
    expect(fs.readFileSync(path.join(root, 'index.md'), 'utf8')).toContain('\n- [C# guide](list/x.md) — About C#.\n')
    expect(await linkProblems(root)).toEqual([])
  })

  it('index --write leaves out, and names in one line each, a note whose slug another note takes (exit 1); check reports the same', () => {
    const root = tempDir()
    write(root, 'list/name.md', good('Name'))
    write(root, 'list/#name.md', good('Hash name'))
    write(root, 'index.md', good('Index') + '<!-- kb-lint:index folder="list" -->\n<!-- /kb-lint:index -->\n')
    const run = spawnSync(process.execPath, [cli, 'index', '--write', '.'], {cwd: root, encoding: 'utf8'})
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(
      'kb-lint: index.md:5:1: `list/#name.md` is left out of this index: no link it can hold reaches the note under `absolute` resolution (a wiki link cannot hold `#`); rename the note to list it\n'
    )
    expect(fs.readFileSync(path.join(root, 'index.md'), 'utf8')).toContain(
      '<!-- kb-lint:index folder="list" -->\n- [[list/name|Name]] — About Name.\n<!-- /kb-lint:index -->'
    )
    const check = spawnSync(process.execPath, [cli, 'check', '.', '-f', 'compact'], {cwd: root, encoding: 'utf8'})
    expect(check.stdout).toContain('index.md:5:1  warning  `list/#name.md` is left out of this index')
    expect(check.stdout).not.toMatch(/out of date|link-/)
  })

  it('--fix writes no link-unresolved fix that would not resolve; a link in a table cell gets `|` encoded', async () => {
    const root = tempDir()
    // `old/` is gone and exactly one note has the name: a certain fix, in relative mode.
    write(root, 'kb-lint.config.json', '{"links": {"resolution": "relative"}}\n')
    write(root, 'new/a|b.md', good('Pipe'))
    write(root, 'from.md', good('From') + '| link | note |\n|---|---|\n| [p](old/a%7Cb.md) | x |\n')
    await fixBase({root, cwd: root})
    expect(fs.readFileSync(path.join(root, 'from.md'), 'utf8')).toContain('| [p](new/a%7Cb.md) | x |')
    expect(await linkProblems(root)).toEqual([])
  })
})

describe('an interrupted move', () => {
  it('stops every other command in one line until --abort or --continue; --abort restores the old base', async () => {
    const root = tempDir()
    write(root, 'a.md', good('A'))
    write(root, 'b.md', good('B') + '[[a]]\n')
    const before = snapshot(root)
    // Stop the move after its first change, as a kill would (the journal stays).
    await expect(
      moveInBase({
        root,
        cwd: root,
        from: 'a.md',
        to: 'z.md',
        onStep: () => {
          throw Object.assign(new Error('killed'), {simulatedKill: true})
        }
      })
    ).rejects.toThrow(/Move failed \(killed\); nothing was changed/)
    // The in-process failure undid the move at once: nothing to recover.
    expect(snapshot(root)).toEqual(before)
    expect(fs.existsSync(path.join(root, '.kb-lint'))).toBe(false)

    // A real interruption (test/e2e/mv-kill.test.ts kills the process) leaves the journal: here, one written by hand.
    const journalDir = path.join(root, '.kb-lint')
    fs.mkdirSync(journalDir)
    const journal = {
      format: 'kb-lint-mv-journal',
      version: 1,
      from: 'a.md',
      to: 'z.md',
      entries: [
        {
          path: 'z.md',
          before: null,
          after: createHash('sha1')
            .update(fs.readFileSync(path.join(root, 'a.md')))
            .digest('hex')
        },
        {
          path: 'a.md',
          before: createHash('sha1')
            .update(fs.readFileSync(path.join(root, 'a.md')))
            .digest('hex'),
          after: null,
          original: fs.readFileSync(path.join(root, 'a.md')).toString('base64')
        }
      ],
      createdFolders: []
    }
    fs.writeFileSync(path.join(journalDir, 'mv-journal.json'), JSON.stringify(journal))
    // The half-done state: the copy is there, the original is gone.
    fs.renameSync(path.join(root, 'a.md'), path.join(root, 'z.md'))
    const check = run(root, ['check', '.', '--no-cache'])
    expect(check.status).toBe(2)
    expect(check.stderr.trim()).toBe(
      'kb-lint: an interrupted `kb-lint mv a.md z.md` left the base half moved; run `kb-lint mv --continue` to finish it or `kb-lint mv --abort` to undo it'
    )
    const aborted = await abortMove(root)
    expect(aborted.edited).toEqual([])
    expect(snapshot(root)).toEqual(before)
    expect(fs.existsSync(journalDir)).toBe(false)
  })
})

describe('one bad note never stops the run', () => {
  it('--fix skips a note removed while it runs, and says so', async () => {
    const root = tempDir()
    write(root, 'other.md', good('Other'))
    write(root, 'a.md', good('A') + '[[Other]]\n')
    write(root, 'b.md', good('B') + '[[Other]]\n')
    const outcome = await fixBase({
      root,
      cwd: root,
      jobs: 1,
      maxPasses: 1,
      onProgress: (done, total) => {
        if (done === total && fs.existsSync(path.join(root, 'b.md'))) fs.rmSync(path.join(root, 'b.md'))
      }
    })
    expect(outcome.skipped).toEqual(['b.md'])
    expect(fs.readFileSync(path.join(root, 'a.md'), 'utf8')).toContain('[[other]]')
    expect(fs.existsSync(path.join(root, 'b.md'))).toBe(false)
  })

  it('--fix skips a note edited or renamed while it runs, and keeps the edit', async () => {
    const root = tempDir()
    write(root, 'other.md', good('Other'))
    write(root, 'a.md', good('A') + '[[Other]]\n')
    write(root, 'b.md', good('B') + '[[Other]]\n')
    write(root, 'c.md', good('C') + '[[Other]]\n')
    const edited = good('B') + '[[Other]] edited meanwhile\n'
    const outcome = await fixBase({
      root,
      cwd: root,
      jobs: 1,
      maxPasses: 1,
      onProgress: (done, total) => {
        if (done !== total || !fs.existsSync(path.join(root, 'c.md'))) return
        fs.writeFileSync(path.join(root, 'b.md'), edited)
        fs.renameSync(path.join(root, 'c.md'), path.join(root, 'renamed.md'))
      }
    })
    expect(outcome.skipped.sort()).toEqual(['b.md', 'c.md'])
    expect(fs.readFileSync(path.join(root, 'a.md'), 'utf8')).toContain('[[other]]')
    expect(fs.readFileSync(path.join(root, 'b.md'), 'utf8')).toBe(edited)
    expect(fs.existsSync(path.join(root, 'c.md'))).toBe(false)
    expect(fs.readFileSync(path.join(root, 'renamed.md'), 'utf8')).toContain('[[Other]]')
  })

  it('index --write skips a note removed while it runs', async () => {
    const root = tempDir()
    write(root, 'list/x.md', good('X'))
    write(root, 'index.md', good('Index') + '<!-- kb-lint:index folder="list" -->\n<!-- /kb-lint:index -->\n')
    const result = await lint({root, cwd: root})
    fs.rmSync(path.join(root, 'index.md'))
    const outcome = await writeIndexRegions(result)
    expect(outcome.changed).toEqual(['index.md'])
    expect(fs.existsSync(path.join(root, 'index.md'))).toBe(false)
  })
})

describe('bounded cost per note', () => {
  const settings = createSettings({config: {}, directory: '/'}, rules)
  const analyze = (text: string) => analyzeNote({relative: 'a.md', bytes: Buffer.from(text), config: settings.forNote('a.md')})
  const cases: Array<[string, string, RegExp]> = [
    ['`- [[a]]` × 131,000', '- [[a]]\n'.repeat(131_000), /131,000 links, 131,000 list items/],
    ['1 MB of `[x]: y` definitions', Array.from({length: 90_000}, (_, index) => `[x${index}]: y`).join('\n'), /90,000 link definitions/],
    ['`[a](` × 262,000', '[a]('.repeat(262_000), /262,000 links, 262,000 unclosed `\]\(`/]
  ]
  for (const [name, text, reason] of cases) {
    it(`${name}: reported as file-unreadable before parsing, with the reason`, () => {
      const summary = analyze(text)
      expect(summary.findings.map((finding) => finding.ruleId)).toEqual(['file-unreadable'])
      expect(summary.findings[0]!.reason).toMatch(reason)
      expect(summary.findings[0]!.reason).toMatch(/^Note is too costly to check/)
    })
  }

  it('admits the 100,000 links per note the README promises, and ordinary notes', () => {
    expect(noteCost('[[a]] '.repeat(100_000)).units).toBeLessThanOrEqual(COST_BUDGET)
    expect(noteCost('- item [link](x.md)\n'.repeat(20_000)).units).toBeLessThanOrEqual(COST_BUDGET)
    expect(noteCost('Prose with (parentheses) and [brackets] but no links.\n'.repeat(20_000)).units).toBe(0)
  })

  it('never counts more than MAX_UNITS_PER_CODE_UNIT units per code unit, so short notes skip the scan', () => {
    // Text made of every construct noteCost counts, densely packed.
    const piece = fc.constantFrom('[[', ']]', '](', ')', ']:', '[', ':', '-', '*', '+', ' ', '\t', '\r', '\n', '>', 'a', '1.')
    fc.assert(
      fc.property(
        fc.array(piece, {maxLength: 60}).map((parts) => parts.join('')),
        (text) => noteCost(text).units <= MAX_UNITS_PER_CODE_UNIT * text.length
      ),
      {numRuns: 5000}
    )
    // The bound is reached: unclosed `](` (1 + 5 units per 2 code units), a lone marker at the end.
    expect(noteCost(']('.repeat(10)).units).toBe(MAX_UNITS_PER_CODE_UNIT * 20)
    expect(noteCost('-').units).toBe(MAX_UNITS_PER_CODE_UNIT)
    // Just over the length the skip admits, the scan still runs and refuses the note.
    const longest = Math.floor(COST_BUDGET / MAX_UNITS_PER_CODE_UNIT / 2)
    expect(costProblem(']('.repeat(longest))).toBeUndefined()
    expect(costProblem(']('.repeat(longest + 1))).toMatch(/^Note is too costly to check \(16,667 links, 16,667 unclosed `\]\(`\)/)
  })

  it('counts list items where a line holds only indentation (spaces, tabs, `>`, at most 40 columns) before the marker', () => {
    // The rule stated directly, re-checked from each line's start.
    const listItems = (text: string) =>
      text.split('\n').reduce((count, line, number, lines) => {
        const lead = /^[ \t>]*/.exec(line)![0].length
        let found = 0
        for (let at = 0; at <= Math.min(lead, 40) && at < line.length; at++) {
          const code = line[at]
          if (
            (code === '-' || code === '*' || code === '+') &&
            (at + 1 < line.length ? ' \t\r'.includes(line[at + 1]!) : number === lines.length - 1)
          )
            found++
        }
        return count + found
      }, 0)
    const piece = fc.constantFrom(' ', '  ', '\t', '>', '- ', '* ', '+', '-', 'a', '[[x]]', '[y](z)', '](', '\n', '\r\n', ' '.repeat(38))
    fc.assert(
      fc.property(
        fc.array(piece, {maxLength: 40}).map((parts) => parts.join('')),
        (text) => noteCost(text).listItems === listItems(text)
      ),
      {numRuns: 3000}
    )
  })
})
