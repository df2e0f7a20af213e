/**
 * `kb-lint mv` killed with SIGKILL at random moments of a large folder move:
 * while the journal is there, other commands refuse in one line; after
 * `mv --abort` the base is exactly the old one, after `mv --continue` (or the
 * same `mv` again) exactly the new one; with no journal left it is exactly one
 * of the two.
 */
import {spawn, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {projectRoot} from '../fixtures.js'

const cli = path.join(projectRoot, 'dist', 'cli.js')
const temporary: string[] = []
afterAll(() => {
  for (const dir of temporary) fs.rmSync(dir, {recursive: true, force: true})
})

function makeBase(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-mvkill-'))
  temporary.push(root)
  const write = (relative: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, relative)), {recursive: true})
    fs.writeFileSync(path.join(root, relative), text)
  }
  write('kb-lint.config.json', '{}\n')
  for (let index = 0; index < 150; index++) {
    write(
      `projects/p${index}.md`,
      `---\ntitle: P${index}\ndescription: Project ${index}.\n---\n# P${index}\n\n[[projects/p${(index + 1) % 150}]] [up](../index.md)\n`
    )
  }
  for (let index = 0; index < 300; index++) {
    write(
      `notes/n${index}.md`,
      `---\ntitle: N${index}\ndescription: Note ${index}.\n---\n# N${index}\n\n[[projects/p${index % 150}]] and [p](../projects/p${(index * 7) % 150}.md)\n`
    )
  }
  write(
    'index.md',
    '---\ntitle: Index\ndescription: Start.\n---\n# Index\n\n<!-- kb-lint:index folder="projects" -->\n<!-- /kb-lint:index -->\n'
  )
  spawnSync(process.execPath, [cli, 'index', '.', '--write', '--no-cache'], {cwd: root})
  return root
}

/**
 * Every file of the base. kb-lint's own `.kb-lint/` folder is left out: a
 * kill while the journal itself is written may leave the journal's temporary
 * file there (the notes are untouched then), which no command reads.
 */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of fs.readdirSync(dir, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile()) continue
    const full = path.join(entry.parentPath, entry.name)
    if (path.relative(dir, full).startsWith('.kb-lint' + path.sep)) continue
    out[path.relative(dir, full)] = fs.readFileSync(full).toString('base64')
  }
  return out
}

function run(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], {cwd, encoding: 'utf8'})
}

/** Start the move; kill it `delay` ms after its journal appears (or when it ends). */
async function moveAndKill(root: string, delay: number): Promise<void> {
  const child = spawn(process.execPath, [cli, 'mv', 'projects', 'archive/projects'], {cwd: root, stdio: 'ignore'})
  const ended = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  const journal = path.join(root, '.kb-lint', 'mv-journal.json')
  let done = false
  void ended.then(() => (done = true))
  while (!done && !fs.existsSync(journal)) await new Promise((resolve) => setTimeout(resolve, 2))
  if (!done) {
    await new Promise((resolve) => setTimeout(resolve, delay))
    child.kill('SIGKILL')
  }
  await ended
}

describe('kb-lint mv killed half-way', () => {
  it('recovers to exactly the old or exactly the new base', async () => {
    const template = makeBase()
    const old = snapshot(template)
    const clean = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-mvkill-new-'))
    temporary.push(clean)
    fs.cpSync(template, clean, {recursive: true})
    expect(run(clean, ['mv', 'projects', 'archive/projects']).status).toBe(0)
    const moved = snapshot(clean)
    expect(moved).not.toEqual(old)

    const outcomes = {interrupted: 0, old: 0, new: 0}
    const delays = [0, 30, 100, 250, 500, 1000]
    for (const [round, delay] of delays.entries()) {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-mvkill-run-'))
      temporary.push(root)
      fs.cpSync(template, root, {recursive: true})
      await moveAndKill(root, delay)
      if (fs.existsSync(path.join(root, '.kb-lint', 'mv-journal.json'))) {
        outcomes.interrupted++
        const check = run(root, ['check', '.', '--no-cache'])
        expect(check.status).toBe(2)
        expect(check.stderr.trim().split('\n')).toHaveLength(1)
        expect(check.stderr).toMatch(/interrupted `kb-lint mv projects archive\/projects`.*--continue.*--abort/)
        const recovery =
          round % 3 === 0 ? ['mv', '--abort'] : round % 3 === 1 ? ['mv', '--continue'] : ['mv', 'projects', 'archive/projects']
        const recovered = run(root, recovery)
        expect(recovered.status, recovered.stderr).toBe(0)
        expect(snapshot(root)).toEqual(round % 3 === 0 ? old : moved)
      } else {
        const now = snapshot(root)
        const same = JSON.stringify(now) === JSON.stringify(old) ? 'old' : JSON.stringify(now) === JSON.stringify(moved) ? 'new' : 'neither'
        expect(same).not.toBe('neither')
        outcomes[same as 'old' | 'new']++
      }
    }
    // At least one kill must land inside the transaction for the test to mean anything.
    expect(outcomes.interrupted).toBeGreaterThan(0)
  }, 600_000)
})
