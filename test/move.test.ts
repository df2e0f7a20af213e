/**
 * `kb-lint mv`: the base after moving a note and a folder is compared, file by
 * file, with `fixtures/move/*.after/` (UPDATE_FIXTURES=1 rewrites them; review
 * the diff), links still resolve, and a failure half-way changes nothing.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {lint} from '../src/engine/lint.js'
import {MoveError, moveInBase, type MoveIO} from '../src/write/move.js'
import {writeFileSafely} from '../src/write/atomic-write.js'
import {projectRoot} from './fixtures.js'

const update = process.env.UPDATE_FIXTURES === '1'
const moveFixtures = path.join(projectRoot, 'fixtures', 'move')
const cli = path.join(projectRoot, 'dist', 'cli.js')

function copyBase(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-mv-'))
  fs.cpSync(path.join(moveFixtures, 'base'), dir, {recursive: true})
  return dir
}

/**
 * Every file below `dir` (relative path → bytes as text). Folders are implied
 * by their files: git keeps no empty folder, so the expected trees cannot
 * have one either (a folder a move empties is left in place, as Obsidian does).
 */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of fs.readdirSync(dir, {recursive: true, withFileTypes: true})) {
    if (entry.isDirectory()) continue
    const full = path.join(entry.parentPath, entry.name)
    out[path.relative(dir, full).split(path.sep).join('/')] = fs.readFileSync(full).toString('base64')
  }
  return out
}

function expectSameAs(dir: string, expectedDir: string): void {
  if (update) {
    fs.rmSync(expectedDir, {recursive: true, force: true})
    fs.cpSync(dir, expectedDir, {recursive: true})
    return
  }
  const actual = snapshot(dir)
  const expected = snapshot(expectedDir)
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort())
  for (const file of Object.keys(expected).filter((name) => !name.endsWith('/'))) {
    expect(Buffer.from(actual[file]!, 'base64').toString('utf8'), file).toBe(Buffer.from(expected[file]!, 'base64').toString('utf8'))
  }
}

/** The link problems of a base, without positions (they move with the text). */
async function linkProblems(dir: string): Promise<string[]> {
  const result = await lint({root: dir, cwd: dir})
  return result.files
    .flatMap((file) =>
      file.messages.filter((message) => String(message.ruleId).startsWith('link-')).map((message) => `${message.ruleId}: ${message.reason}`)
    )
    .sort()
}

describe('kb-lint mv', () => {
  it('moves a note and rewrites every link to it, and the links in it, in their own style', async () => {
    const dir = copyBase()
    const before = await linkProblems(dir)
    const outcome = await moveInBase({root: dir, cwd: dir, from: 'docker/how-to/install.md', to: 'guides/setup.md'})
    expect(outcome.moved).toEqual([{from: 'docker/how-to/install.md', to: 'guides/setup.md'}])
    expect([...outcome.rewritten.keys()].sort()).toEqual(['docker/explanation/architecture.md', 'guides/setup.md', 'index.md'])
    expect(fs.existsSync(path.join(dir, 'docker/how-to/install.md'))).toBe(false)
    expectSameAs(dir, path.join(moveFixtures, 'note.after'))
    // The same problems as before the move: the broken links (the one typo, and the `../` links
    // Quartz reads from the site root), the one case mismatch (now spelled right).
    const shape = (line: string) => line.replace(/; did you mean .*$/, '').replace(/`[^`]*`/g, '…')
    expect((await linkProblems(dir)).map(shape)).toEqual(before.map(shape).filter((line) => !line.startsWith('link-case-mismatch')))
  })

  it('moves a folder of notes, and a note into an existing folder', async () => {
    const dir = copyBase()
    await moveInBase({root: dir, cwd: dir, from: 'docker', to: 'platforms/docker'})
    expect(fs.existsSync(path.join(dir, 'docker'))).toBe(false)
    expectSameAs(dir, path.join(moveFixtures, 'folder.after'))
    // Broken before the move and left alone: `[[нет-такой]]`, and the `../` links (`shortest` is Quartz's, which reads them from the site root).
    expect(await linkProblems(dir)).toEqual([
      expect.stringMatching(/^link-unresolved: Cannot resolve `\[\[\.\.\/explanation\/architecture\]\]`/),
      expect.stringMatching(/^link-unresolved: Cannot resolve `\[\[нет-такой\]\]`/),
      expect.stringMatching(/^link-unresolved: Cannot resolve `\[соседняя\]\(\.\.\/explanation\/architecture\.md\)`/),
      expect.stringMatching(/^link-unresolved: Cannot resolve `\[установка\]\(\.\.\/how-to\/install\.md\)`/)
    ])

    await moveInBase({root: dir, cwd: dir, from: 'platforms/docker/how-to/install', to: 'platforms/'})
    expect(fs.existsSync(path.join(dir, 'platforms/install.md'))).toBe(true)
    expect(fs.readFileSync(path.join(dir, 'index.md'), 'utf8')).toContain('[Установка](platforms/install.md#шаги "Заголовок")')
  })

  it('leaves the base byte-for-byte unchanged when a write fails half-way', async () => {
    for (const failAt of [1, 2, 3]) {
      const dir = copyBase()
      const original = snapshot(dir)
      let writes = 0
      const io: MoveIO = {
        write: async (file, data) => {
          if (++writes === failAt) throw new Error('disk full (injected)')
          await writeFileSafely(file, data)
        },
        remove: (file) => fs.promises.unlink(file)
      }
      await expect(moveInBase({root: dir, cwd: dir, from: 'docker', to: 'platforms/docker', io})).rejects.toThrow(
        /disk full \(injected\)\); nothing was changed/
      )
      expect(snapshot(dir)).toEqual(original)
    }
  })

  it('leaves the base unchanged when removing an old file fails', async () => {
    const dir = copyBase()
    const original = snapshot(dir)
    let removals = 0
    const io: MoveIO = {
      write: (file, data) => writeFileSafely(file, data),
      remove: async (file) => {
        if (++removals === 2) throw new Error('permission denied (injected)')
        await fs.promises.unlink(file)
      }
    }
    await expect(moveInBase({root: dir, cwd: dir, from: 'docker', to: 'platforms/docker', io})).rejects.toThrow(MoveError)
    expect(snapshot(dir)).toEqual(original)
  })

  it('refuses to overwrite, to leave the root, or to move what is not there', async () => {
    const dir = copyBase()
    const original = snapshot(dir)
    await expect(moveInBase({root: dir, cwd: dir, from: 'index.md', to: 'docker/explanation/architecture.md'})).rejects.toThrow(
      /already exists/
    )
    await expect(moveInBase({root: dir, cwd: dir, from: 'index.md', to: '../outside.md'})).rejects.toThrow(/outside the base/)
    await expect(moveInBase({root: dir, cwd: dir, from: 'nope.md', to: 'x.md'})).rejects.toThrow(/No note or folder/)
    await expect(moveInBase({root: dir, cwd: dir, from: 'docker', to: 'docker/inner'})).rejects.toThrow(/into itself/)
    expect(snapshot(dir)).toEqual(original)
  })

  it('runs from the command line: dry run prints a diff and writes nothing; errors exit 2 in one line', () => {
    const dir = copyBase()
    const original = snapshot(dir)
    const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], {cwd: dir, encoding: 'utf8'})
    const dry = run(['mv', 'docker/how-to/install.md', 'guides/setup.md', '--dry-run'])
    expect(dry.status).toBe(0)
    expect(dry.stdout).toContain('+[[setup]] [[setup#Шаги|шаги]]')
    expect(dry.stderr).toContain('would move 1 file')
    expect(snapshot(dir)).toEqual(original)

    const bad = run(['mv', 'index.md', '../x.md'])
    expect(bad.status).toBe(2)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toMatch(/^kb-lint: `..\/x.md` is outside the base/)

    const real = run(['mv', 'docker/how-to/install.md', 'guides/setup.md'])
    expect(real.status).toBe(0)
    expect(real.stderr).toContain('docker/how-to/install.md → guides/setup.md')
    expect(fs.existsSync(path.join(dir, 'guides/setup.md'))).toBe(true)
  })
})
