/**
 * Fixes that never guess: `--fix` applies only certainly right fixes. A note
 * that merely shares the file name is a suggestion (shown, carried in the
 * message's `expected` for an editor's code action), unless the base proves
 * the move: the link's folder is gone, or git history records the rename.
 * `--fix-rule ID` limits `--fix` to some rules.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {fixBase} from '../src/write/fix.js'
import {lint} from '../src/engine/lint.js'
import {projectRoot} from './fixtures.js'
import {git, tempRepo} from './git-helpers.js'

const cli = path.join(projectRoot, 'dist', 'cli.js')
const fm = (title: string) => `---\ntitle: "${title}"\ndescription: "d"\n---\n`
const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, {recursive: true, force: true})
})
function repo(files: Record<string, string>): string {
  const dir = tempRepo('kb-lint-suggest-', files)
  made.push(dir)
  return dir
}
const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8')

describe('a note that only shares the file name is a suggestion, never a fix', () => {
  const files = {
    'index.md': fm('Index') + 'See [[devops/docker/explanation/networking|сеть]].\n',
    'devops/docker/explanation/architecture.md': fm('Architecture'),
    'devops/kubernetes/explanation/networking.md': fm('Networking')
  }

  it('--fix leaves a link to a not-yet-written note alone; the message and `expected` carry the suggestion', async () => {
    const dir = repo(files)
    const outcome = await fixBase({root: dir, cwd: dir})
    expect(outcome.applied.size).toBe(0)
    expect(read(dir, 'index.md')).toBe(files['index.md'])
    const [message] = outcome.result.files.find((file) => file.path === 'index.md')!.messages
    expect(message!.reason).toBe(
      'Cannot resolve `[[devops/docker/explanation/networking|сеть]]`: no note `devops/docker/explanation/networking`; did you mean `devops/kubernetes/explanation/networking`?'
    )
    // An editor replaces the message's range (the link) with `expected`.
    expect(message!.actual).toBe('[[devops/docker/explanation/networking|сеть]]')
    expect(message!.expected).toEqual(['[[devops/kubernetes/explanation/networking|сеть]]'])
    const finding = outcome.result.findings.find((entry) => entry.relative === 'index.md')!.findings[0]!
    expect(finding.fix).toBeUndefined()
    expect(finding.suggestions).toEqual([
      expect.objectContaining({
        text: 'devops/kubernetes/explanation/networking',
        renamed: {from: 'devops/docker/explanation/networking', to: 'devops/kubernetes/explanation/networking.md'}
      })
    ])
  })

  it('a close spelling is a suggestion too', async () => {
    const dir = repo({
      'index.md': fm('Index') + '[[devops/kubernetes/explanation/netwrking]]\n',
      'devops/kubernetes/explanation/networking.md': fm('N')
    })
    const outcome = await fixBase({root: dir, cwd: dir})
    expect(outcome.applied.size).toBe(0)
    expect(outcome.result.files.find((file) => file.path === 'index.md')!.messages[0]!.expected).toEqual([
      '[[devops/kubernetes/explanation/networking]]'
    ])
  })

  it('the JSON report carries the suggestion as `expected`', () => {
    const dir = repo(files)
    const result = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '--no-cache'], {cwd: dir, encoding: 'utf8'})
    const report = JSON.parse(result.stdout) as Array<{path: string; messages: Array<{expected?: string[]}>}>
    expect(report.find((file) => file.path === 'index.md')!.messages[0]!.expected).toEqual([
      '[[devops/kubernetes/explanation/networking|сеть]]'
    ])
  })
})

describe('a move the base proves is fixed', () => {
  it('the link’s folder no longer exists and exactly one note has the name', async () => {
    const dir = repo({'index.md': fm('Index') + '[[guides/install#Шаги|шаги]]\n', 'docker/how-to/install.md': fm('Install') + '## Шаги\n'})
    const outcome = await fixBase({root: dir, cwd: dir})
    expect(read(dir, 'index.md')).toBe(fm('Index') + '[[docker/how-to/install#Шаги|шаги]]\n')
    expect(outcome.result.files.flatMap((file) => file.messages)).toEqual([])
  })

  it('git history records the rename (the old folder still exists)', async () => {
    const dir = repo({
      'index.md': fm('Index') + '[[devops/docker/networking]] and [net](devops/docker/networking.md)\n',
      'devops/docker/install.md': fm('Install'),
      'devops/docker/networking.md': fm('Networking')
    })
    fs.mkdirSync(path.join(dir, 'devops/net'))
    git(dir, 'mv', 'devops/docker/networking.md', 'devops/net/networking.md')
    git(dir, 'commit', '-q', '--no-verify', '-m', 'move')
    fs.mkdirSync(path.join(dir, 'devops/k8s'))
    git(dir, 'mv', 'devops/net/networking.md', 'devops/k8s/networking.md')
    // The second move is only staged: it counts too, and the chain is followed.
    const outcome = await fixBase({root: dir, cwd: dir})
    expect(read(dir, 'index.md')).toBe(fm('Index') + '[[devops/k8s/networking]] and [net](devops/k8s/networking.md)\n')
    expect(outcome.result.files.flatMap((file) => file.messages)).toEqual([])
  })

  it('a rename git does not record is not proof: the same base without the history is left alone', async () => {
    const same = repo({
      'index.md': fm('Index') + '[[devops/docker/networking]]\n',
      'devops/docker/install.md': fm('Install'),
      'devops/k8s/networking.md': fm('N')
    })
    expect((await fixBase({root: same, cwd: same})).applied.size).toBe(0)
    expect((await lint({root: same, cwd: same})).files.find((file) => file.path === 'index.md')!.messages[0]!.expected).toEqual([
      '[[devops/k8s/networking]]'
    ])
  })
})

describe('--fix-rule', () => {
  const files = {
    'index.md': fm('Index') + '[[Guide]]\n\n| a | b |\n|---|---|\n| 1 |\n',
    'guide.md': fm('Guide')
  }
  const run = (dir: string, ...args: string[]) =>
    spawnSync(process.execPath, [cli, 'check', '--no-cache', '--format', 'compact', ...args], {cwd: dir, encoding: 'utf8'})

  it('limits --fix to the rules given', () => {
    const dir = repo(files)
    const result = run(dir, '--fix', '--fix-rule', 'link-case-mismatch')
    expect(read(dir, 'index.md')).toBe(fm('Index') + '[[guide]]\n\n| a | b |\n|---|---|\n| 1 |\n')
    expect(result.stderr).toContain('index.md: 5:1 link-case-mismatch')
    expect(result.stdout).toContain('table-column-count')
    run(dir, '--fix', '--fix-rule', 'link-case-mismatch', '--fix-rule', 'table-column-count')
    expect(read(dir, 'index.md')).toBe(fm('Index') + '[[guide]]\n\n| a | b |\n|---|---|\n| 1 | |\n')
  })

  it('an unknown or unfixable rule, or no --fix, is a usage error', () => {
    const dir = repo(files)
    for (const [args, message] of [
      [['--fix', '--fix-rule', 'link-nope'], /^kb-lint: --fix-rule `link-nope` is not a rule; rules with fixes: /],
      [['--fix', '--fix-rule', 'frontmatter-missing'], /^kb-lint: --fix-rule `frontmatter-missing` has no fixes/],
      [['--fix-rule', 'link-case-mismatch'], /^kb-lint: --fix-rule needs --fix or --fix-dry-run\n$/]
    ] as const) {
      const result = run(dir, ...args)
      expect(result.stderr).toMatch(message)
      expect(result.status).toBe(2)
    }
    expect(read(dir, 'index.md')).toBe(files['index.md'])
  })
})
