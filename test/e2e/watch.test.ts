/**
 * `kb-lint check --watch` as a user runs it: a real process on a temporary
 * base, changed from outside; each step waits (bounded) for the report that
 * the change must produce, then the process is stopped with SIGINT.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {describeChanges} from '../../src/cli/watch.js'
import {projectRoot} from '../fixtures.js'

const cli = path.join(projectRoot, 'dist', 'cli.js')
const good = (title: string) => `---\ntitle: "${title}"\ndescription: "D"\n---\n# ${title}\n`

interface Watching {
  child: ChildProcess
  /** Everything printed so far, stdout and stderr interleaved as written. */
  output: () => string
  /** Wait (bounded) for the `runs`-th status line; returns what that run printed before it. */
  run: (runs: number) => Promise<string>
  exit: Promise<number | null>
}

const STATUS = /^kb-lint: .* — watching for changes \(Ctrl-C to stop\)$/

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

/**
 * stdout and stderr go to one pipe (`2>&1`, then `exec` so the shell becomes
 * the kb-lint process), so the report of run N is exactly the text between
 * the status lines N-1 and N.
 */
function startWatch(root: string, extra: string[] = [], cwd?: string): Watching {
  const args = [cli, 'check', root, '--watch', '--format', 'compact', ...extra].map(quote).join(' ')
  const child = spawn('/bin/sh', ['-c', `exec ${quote(process.execPath)} ${args} 2>&1`], {
    cwd,
    env: {...process.env, NO_COLOR: '1'},
    stdio: ['ignore', 'pipe', 'inherit']
  })
  children.push(child)
  let output = ''
  const waiters: Array<() => void> = []
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    for (const wake of waiters.splice(0)) wake()
  })
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const run = (runs: number) =>
    new Promise<string>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`no run ${runs} within 15 s; output:\n${output}`)), 15_000)
      const check = () => {
        const reports = output.split('\n').reduce<string[][]>(
          (groups, line) => {
            if (STATUS.test(line)) groups.push([])
            else groups.at(-1)!.push(line)
            return groups
          },
          [[]]
        )
        // reports[i] is what run i+1 printed before its status line (once that line exists).
        if (reports.length > runs) {
          clearTimeout(timeout)
          resolve(reports[runs - 1]!.join('\n'))
        } else waiters.push(check)
      }
      check()
    })
  return {child, output: () => output, run, exit}
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`
}

function tempBase(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-watch-')))
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    fs.writeFileSync(path.join(dir, name), text)
  }
  return dir
}

describe('kb-lint check --watch', () => {
  it('re-checks after changes, deletes, renames and invalid notes, and stops cleanly on SIGINT', async () => {
    const root = tempBase({'a.md': good('A') + 'See [[b]] and [[b#Part]].\n', 'b.md': good('B') + '## Part\n'})
    const watching = startWatch(root)

    // 1. Clean base.
    await watching.run(1)
    expect(watching.output()).toMatch(/0 errors, 0 warnings in 2 notes — watching for changes/)

    // 2. The linked note is deleted: the note that links to it is re-checked.
    fs.rmSync(path.join(root, 'b.md'))
    let report = await watching.run(2)
    expect(report).toMatch(/a\.md:6:5 {2}error {2}Cannot resolve `\[\[b\]\]`.*link-unresolved/)

    // 3. It comes back, renamed from elsewhere, briefly invalid.
    fs.writeFileSync(path.join(root, 'c.md'), '---\ntitle: [\n---\n## Part\n')
    await watching.run(3)
    fs.renameSync(path.join(root, 'c.md'), path.join(root, 'b.md'))
    report = await watching.run(4)
    expect(report).toMatch(/b\.md:2:\d+ {2}error {2}Invalid frontmatter YAML.*frontmatter-syntax/)
    expect(report).not.toMatch(/link-unresolved/)

    // 4. Fixed.
    fs.writeFileSync(path.join(root, 'b.md'), good('B') + '## Part\n')
    report = await watching.run(5)
    expect(report).not.toMatch(/ (error|warning) /)
    expect(watching.output().trim().split('\n').at(-1)).toMatch(/0 errors, 0 warnings in 2 notes/)

    // 5. Ctrl-C.
    watching.child.kill('SIGINT')
    expect(await watching.exit).toBe(0)
    expect(watching.output()).toMatch(/kb-lint: stopped watching\n$/)
    expect(watching.output()).not.toMatch(/at .*\.js:\d+/)
  })

  it('merges a burst of changes into few runs and skips dot-folders', async () => {
    const root = tempBase({'a.md': good('A')})
    const watching = startWatch(root)
    await watching.run(1)
    for (let index = 0; index < 20; index++) fs.writeFileSync(path.join(root, `n${index}.md`), good(`N${index}`) + `[[missing-${index}]]\n`)
    fs.mkdirSync(path.join(root, '.cache'))
    fs.writeFileSync(path.join(root, '.cache', 'x.md'), 'ignored')
    // Wait for the run that has seen every note; a run per event would take 20.
    let runs = 1
    let report = ''
    while ((report.match(/link-unresolved/g) ?? []).length < 20 && runs < 6) report = await watching.run(++runs)
    expect(report.match(/link-unresolved/g)).toHaveLength(20)
    expect(runs).toBeLessThanOrEqual(3)
    expect(watching.output()).toMatch(/20 errors, 0 warnings in 21 notes/)
    expect(report).not.toMatch(/\.cache/)
    watching.child.kill('SIGINT')
    expect(await watching.exit).toBe(0)
  })

  it('survives a broken config: one line, then the next good run', async () => {
    const root = tempBase({'a.md': good('A')})
    const watching = startWatch(root)
    await watching.run(1)
    fs.writeFileSync(path.join(root, 'kb-lint.config.json'), '{"rules": {"no-such-rule": "error"}}')
    await watching.run(2)
    expect(watching.output()).toMatch(/kb-lint: .*no-such-rule.* — watching for changes/)
    fs.writeFileSync(path.join(root, 'kb-lint.config.json'), '{"rules": {"frontmatter-missing": "warn"}}')
    fs.writeFileSync(path.join(root, 'b.md'), '# no frontmatter\n')
    const report = await watching.run(3)
    expect(report).toMatch(/b\.md:1:1 {2}warning {2}Note has no frontmatter/)
    watching.child.kill('SIGINT')
    expect(await watching.exit).toBe(0)
  })

  it('rejects --watch with --fix, and a root that is not a folder, with exit 2', async () => {
    const root = tempBase({'a.md': good('A')})
    const withFix = startWatch(root, ['--fix'])
    expect(await withFix.exit).toBe(2)
    expect(withFix.output()).toBe('kb-lint: --watch cannot be combined with --fix or --fix-dry-run; fix once, then watch\n')
    const missing = startWatch(path.join(root, 'nope'))
    expect(await missing.exit).toBe(2)
    expect(missing.output()).toMatch(/^kb-lint: No such folder: .*nope\n$/)
  })

  it('shows the time and the changed files, and never clears a screen that is not a terminal', async () => {
    const root = tempBase({'a.md': good('A'), 'b.md': good('B')})
    const watching = startWatch('.', [], root)
    await watching.run(1)
    expect(watching.output()).toMatch(/^kb-lint: \d\d:\d\d:\d\d · 0 errors, 0 warnings in 2 notes — watching for changes/m)
    fs.writeFileSync(path.join(root, 'a.md'), good('A') + '[[missing]]\n')
    fs.mkdirSync(path.join(root, 'sub'))
    fs.writeFileSync(path.join(root, 'sub', 'c.md'), good('C'))
    fs.rmSync(path.join(root, 'b.md'))
    let runs = 1
    let seen = ''
    // One run for the whole burst, or a few: together they name every change.
    while (!(seen.includes('a.md') && seen.includes('sub/c.md (new)') && seen.includes('b.md (deleted)')) && runs < 5) {
      await watching.run(++runs)
      seen = watching.output()
    }
    expect(seen).toMatch(/^kb-lint: \d\d:\d\d:\d\d · .*changed · \d+ errors?, 0 warnings in \d notes — watching for changes/m)
    expect(seen).toMatch(/sub\/c\.md \(new\)/)
    expect(seen).toMatch(/b\.md \(deleted\)/)
    expect(seen).not.toContain('\x1b[')
    watching.child.kill('SIGINT')
    expect(await watching.exit).toBe(0)
  })

  it('exits 0 when Ctrl-C arrives twice (the terminal, then npm forwarding it under npx)', async () => {
    const root = tempBase({'a.md': good('A')})
    const watching = startWatch(root)
    await watching.run(1)
    watching.child.kill('SIGINT')
    watching.child.kill('SIGINT')
    expect(await watching.exit, watching.output() + String(watching.child.signalCode)).toBe(0)
    expect(watching.output()).toMatch(/kb-lint: stopped watching\n$/)
  })
})

describe('describeChanges', () => {
  it('names up to three files with what happened to them', () => {
    expect(describeChanges(new Map([['a.md', 'change']]))).toBe('a.md changed')
    expect(
      describeChanges(
        new Map([
          ['a.md', 'add'],
          ['b.md', 'unlink'],
          ['c.md', 'change']
        ])
      )
    ).toBe('a.md (new), b.md (deleted), c.md changed')
    expect(describeChanges(new Map(['a', 'b', 'c', 'd', 'e'].map((name) => [`${name}.md`, 'change'])))).toBe(
      'a.md, b.md, c.md and 2 more changed'
    )
  })
})
