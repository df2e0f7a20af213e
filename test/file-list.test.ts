/** File-list mode against real git changes: renamed and deleted notes, `--staged`; the progress line. */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {createProgress, isCi} from '../src/cli/progress.js'
import {lint} from '../src/engine/lint.js'
import {projectRoot} from './fixtures.js'
import {git, hasCommand, tempRepo} from './git-helpers.js'

const cli = path.join(projectRoot, 'dist', 'cli.js')
const env = {...process.env, NO_COLOR: '1', FORCE_COLOR: undefined}

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, ...args], {cwd, encoding: 'utf8', env})
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

const fm = (title: string) => `---\ntitle: "${title}"\ndescription: "d"\n---\n`

/** `pods` is linked from two notes (wiki and Markdown); `other` has an older, unrelated problem. */
function base() {
  return tempRepo('kb-lint-files-', {
    'k8s/pods.md': fm('Pods') + '# Pods\n',
    'k8s/services.md': fm('Services') + 'See [[k8s/pods]] and [[k8s/pods#Pods]].\n',
    'guide.md': fm('Guide') + 'Read [the pods note](k8s/pods.md).\n',
    'other.md': fm('Other') + '[[never-existed]] and [[k8s/pods]]\n'
  })
}

/** What git reports for the staged change, rename split into delete + add, as hook runners could pass it. */
function stagedNames(repo: string): string[] {
  return git(repo, 'diff', '--cached', '--name-only', '--no-renames').trim().split('\n').filter(Boolean)
}

function compactLines(stdout: string): string[] {
  return stdout.trim().split('\n').filter(Boolean)
}

describe('file-list mode with a renamed note', () => {
  it('reports the links to the old name in every note that still has them, and nothing else there', () => {
    const repo = base()
    git(repo, 'mv', 'k8s/pods.md', 'k8s/pod.md')
    expect(stagedNames(repo)).toEqual(['k8s/pod.md', 'k8s/pods.md'])

    const {code, stdout, stderr} = run(['check', '.', '--format', 'compact', '--', ...stagedNames(repo)], repo)
    expect(stderr).toBe('')
    expect(code).toBe(1)
    expect(compactLines(stdout)).toEqual([
      'guide.md:5:6  error  Cannot resolve `[the pods note](k8s/pods.md)`: no note `k8s/pods`; did you mean `k8s/pod`?  link-unresolved',
      'k8s/services.md:5:5  error  Cannot resolve `[[k8s/pods]]`: no note `k8s/pods`; did you mean `k8s/pod`?  link-unresolved',
      'k8s/services.md:5:22  error  Cannot resolve `[[k8s/pods#Pods]]`: no note `k8s/pods`; did you mean `k8s/pod`?  link-unresolved',
      // other.md's older `[[never-existed]]` is not this change's doing and is left out.
      'other.md:5:23  error  Cannot resolve `[[k8s/pods]]`: no note `k8s/pods`; did you mean `k8s/pod`?  link-unresolved'
    ])
  })

  it('--staged finds the rename by itself (hook runners pass only the new name)', () => {
    const repo = base()
    git(repo, 'mv', 'k8s/pods.md', 'k8s/pod.md')
    const staged = run(['check', '--staged', '--format', 'json'], repo)
    expect(staged.code).toBe(1)
    const report = JSON.parse(staged.stdout) as Array<{path: string; messages: Array<{ruleId: string; line: number; column: number}>}>
    expect(
      report
        .filter((file) => file.messages.length > 0)
        .map((file) => file.path)
        .sort()
    ).toEqual(['guide.md', 'k8s/services.md', 'other.md'])
    // The renamed note itself is listed, clean.
    expect(report.find((file) => file.path === 'k8s/pod.md')?.messages).toEqual([])
    expect(report.flatMap((file) => file.messages.map((message) => message.ruleId))).toEqual(Array(4).fill('link-unresolved'))

    // Passing only the new name (what pre-commit and lint-staged do) sees nothing wrong.
    expect(run(['check', '--format', 'compact', '--', 'k8s/pod.md'], repo)).toMatchObject({code: 0, stdout: ''})
  })

  it('once the links are updated and staged, the same commit is clean', () => {
    const repo = base()
    git(repo, 'mv', 'k8s/pods.md', 'k8s/pod.md')
    for (const [file, from, to] of [
      ['k8s/services.md', /k8s\/pods/g, 'k8s/pod'],
      ['guide.md', 'k8s/pods.md', 'k8s/pod.md'],
      ['other.md', 'k8s/pods', 'k8s/pod']
    ] as const) {
      const absolute = path.join(repo, file)
      fs.writeFileSync(absolute, fs.readFileSync(absolute, 'utf8').replace(from, to))
    }
    git(repo, 'add', 'guide.md', 'k8s/services.md')
    // other.md is fixed in the working tree but deliberately not staged: only what is staged counts.
    const result = run(['check', '--staged', '--format', 'compact'], repo)
    expect(compactLines(result.stdout)).toEqual([])
    expect(result.code).toBe(0)
  })
})

describe('file-list mode with a deleted note', () => {
  it('reports the notes that link to it, in the linking note’s own words', async () => {
    const repo = base()
    git(repo, 'rm', '-q', 'k8s/pods.md')
    const result = await lint({root: repo, cwd: repo, files: stagedNames(repo)})
    expect(result.files.map((file) => file.path)).toEqual(['guide.md', 'k8s/services.md', 'other.md'])
    expect(result.files.flatMap((file) => file.messages.map((message) => `${file.path}:${message.line}:${message.column}`))).toEqual([
      'guide.md:5:6',
      'k8s/services.md:5:5',
      'k8s/services.md:5:22',
      'other.md:5:23'
    ])
  })

  it('bare names in `shortest` mode count as links to the deleted note', async () => {
    const repo = tempRepo('kb-lint-files-', {
      'kb-lint.config.json': '{"links": {"resolution": "shortest"}}',
      'a/pods.md': fm('Pods'),
      'b/index.md': fm('Index') + '[[pods]] [[pods|the pods]]\n',
      'c/unrelated.md': fm('Unrelated') + '[[index]]\n'
    })
    git(repo, 'rm', '-q', 'a/pods.md')
    const result = await lint({root: repo, cwd: repo, files: ['a/pods.md']})
    expect(result.files.map((file) => [file.path, file.messages.length])).toEqual([['b/index.md', 2]])
  })

  it('a given path that exists but is not a note (ignored) reports nothing', async () => {
    const repo = tempRepo('kb-lint-files-', {'.kblintignore': 'drafts/\n', 'drafts/x.md': '[[gone]]\n', 'a.md': fm('A') + '[[drafts/x]]\n'})
    const result = await lint({root: repo, cwd: repo, files: ['drafts/x.md']})
    expect(result.files).toEqual([])
  })
})

describe('--staged', () => {
  it('takes the root as an argument and reports paths relative to the current folder', () => {
    const repo = tempRepo('kb-lint-staged-', {'README.md': 'not part of the base\n', 'docs/a.md': fm('A'), 'docs/b.md': fm('B')})
    fs.appendFileSync(path.join(repo, 'docs/b.md'), '[[c]]\n')
    fs.appendFileSync(path.join(repo, 'README.md'), '[[also-not-checked]]\n')
    git(repo, 'add', '-A')
    const result = run(['check', '--staged', 'docs', '--format', 'compact'], repo)
    expect(compactLines(result.stdout)).toEqual([
      'docs/b.md:5:1  error  Cannot resolve `[[c]]`: no note `c`; did you mean `a`?  link-unresolved'
    ])
    expect(result.code).toBe(1)
  })
})

describe('progress line', () => {
  function fakeTerminal(isTTY = true) {
    const writes: string[] = []
    return {writes, stream: {isTTY, write: (text: string) => writes.push(text) > 0}}
  }

  it('appears only after the delay, redraws at most every 100 ms, and is cleared at the end', () => {
    const {writes, stream} = fakeTerminal()
    let clock = 0
    const progress = createProgress({stream, env: {}, now: () => clock})
    clock = 500
    progress.onProgress!(10, 100)
    expect(writes).toEqual([])
    clock = 1000
    progress.onProgress!(20, 100)
    clock = 1050
    progress.onProgress!(21, 100)
    clock = 1100
    progress.onProgress!(22, 100)
    clock = 1120
    progress.onProgress!(100, 100) // the last one is always drawn
    progress.end()
    expect(writes).toEqual([
      '\r\x1b[Kkb-lint: parsed 20/100 notes (20/s)',
      '\r\x1b[Kkb-lint: parsed 22/100 notes (20/s)',
      '\r\x1b[Kkb-lint: parsed 100/100 notes (89/s)',
      '\r\x1b[K'
    ])
  })

  it('is off without a terminal, in CI, and with --quiet', () => {
    for (const [isTTY, env, quiet] of [
      [false, {}, false],
      [true, {CI: 'true'}, false],
      [true, {CI: '1'}, false],
      [true, {}, true]
    ] as const) {
      const {writes, stream} = fakeTerminal(isTTY)
      const progress = createProgress({stream, env, quiet, after: 0, now: () => 5000})
      expect(progress.onProgress).toBeUndefined()
      progress.end()
      expect(writes).toEqual([])
    }
    expect([isCi({CI: 'false'}), isCi({CI: ''}), isCi({}), isCi({CI: 'true'})]).toEqual([false, false, false, true])
  })

  const withScript = hasCommand('script')
  it.runIf(withScript || Boolean(process.env.CI))('is drawn on a real terminal (pseudo-TTY) on stderr, never on stdout', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-progress-'))
    for (let index = 0; index < 30; index++)
      fs.writeFileSync(path.join(dir, `n${index}.md`), fm(`N${index}`) + `[[n${(index + 1) % 30}]]\n`)
    const stdoutFile = path.join(dir, 'stdout.json')
    const childEnv = {...env, CI: undefined, GITHUB_ACTIONS: undefined, KB_LINT_PROGRESS_AFTER_MS: '0'}
    const command = (extra: string) =>
      `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} check ${JSON.stringify(dir)} --format json ${extra} > ${JSON.stringify(stdoutFile)}`
    // util-linux `script` gives the command a pseudo-terminal; what it shows is in its stdout.
    const terminal = spawnSync('script', ['-qec', command(''), '/dev/null'], {encoding: 'utf8', env: childEnv})
    expect(terminal.status).toBe(0)
    expect(terminal.stdout).toContain('kb-lint: parsed 30/30 notes')
    expect(terminal.stdout).toContain('\r\x1b[K')
    // stdout (redirected to a file) holds only the JSON report.
    expect(JSON.parse(fs.readFileSync(stdoutFile, 'utf8'))).toHaveLength(30)

    const quiet = spawnSync('script', ['-qec', command('--quiet'), '/dev/null'], {encoding: 'utf8', env: childEnv})
    expect(quiet.stdout).not.toContain('parsed')
    const ci = spawnSync('script', ['-qec', command(''), '/dev/null'], {encoding: 'utf8', env: {...childEnv, CI: 'true'}})
    expect(ci.stdout).not.toContain('parsed')
  })
})

describe('file arguments that would check nothing are usage errors (no false greens)', () => {
  /** A repository holding the base `ru-kb/`, a file beside it and an empty folder; the current folder is the repository. */
  function repo() {
    const dir = tempRepo('kb-lint-args-', {
      'ru-kb/index.md': fm('Index') + 'See [[devops/docker/install]].\n',
      'ru-kb/devops/docker/install.md': fm('Install') + 'Broken: [[devops/docker/missing]].\n',
      'ru-kb/devops/k8s/pods.md': fm('Pods') + 'Broken: [[devops/k8s/missing]].\n',
      'outside.md': fm('Outside'),
      'empty/readme.txt': 'no notes here\n'
    })
    return dir
  }
  function usageError(result: {code: number | null; stdout: string; stderr: string}, message: RegExp) {
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.code).toBe(2)
  }

  it('a path written relative to the root instead of the current folder', () => {
    usageError(
      run(['check', 'ru-kb', '--', 'index.md'], repo()),
      /^kb-lint: `index\.md` is outside the base root `ru-kb`; file paths are relative to the current folder \(did you mean `ru-kb\/index\.md`\?\)\n$/
    )
  })

  it('a typo: a path that does not exist, that no note links to and git never knew', () => {
    usageError(
      run(['check', 'ru-kb', '--', 'ru-kb/nope.md'], repo()),
      /^kb-lint: `ru-kb\/nope\.md` does not exist, and it is not a deleted or renamed note/
    )
  })

  it('a path outside the root', () => {
    usageError(run(['check', 'ru-kb', '--', 'outside.md'], repo()), /^kb-lint: `outside\.md` is outside the base root `ru-kb`/)
  })

  it('a root without notes', () => {
    usageError(run(['check', 'empty'], repo()), /^kb-lint: No notes \(\*\.md\) below `empty`: nothing to check\n$/)
    const dir = repo()
    usageError(run(['check', '../empty'], path.join(dir, 'ru-kb')), /^kb-lint: No notes \(\*\.md\) below `\.\.\/empty`/)
  })

  it('a quoted glob is expanded against the base (as markdownlint-cli2 and ESLint do); one matching nothing is an error', () => {
    const dir = repo()
    const result = run(['check', 'ru-kb', '--format', 'compact', '--', 'ru-kb/devops/**/*.md'], dir)
    expect(compactLines(result.stdout)).toEqual([
      'ru-kb/devops/docker/install.md:5:9  error  Cannot resolve `[[devops/docker/missing]]`: no note `devops/docker/missing`  link-unresolved',
      'ru-kb/devops/k8s/pods.md:5:9  error  Cannot resolve `[[devops/k8s/missing]]`: no note `devops/k8s/missing`  link-unresolved'
    ])
    expect(result.code).toBe(1)
    usageError(
      run(['check', 'ru-kb', '--', 'ru-kb/devops/**/*.txt'], dir),
      /^kb-lint: `ru-kb\/devops\/\*\*\/\*\.txt` matches no file of the base `ru-kb`\n$/
    )
  })

  it('a folder stands for the notes in it', () => {
    const result = run(['check', 'ru-kb', '--format', 'compact', '--', 'ru-kb/devops/k8s'], repo())
    expect(compactLines(result.stdout)).toEqual([expect.stringMatching(/^ru-kb\/devops\/k8s\/pods\.md:5:9 {2}error/)])
    expect(result.code).toBe(1)
  })

  it('`--files FILE ROOT`: --files takes one value (repeat it), so the root stays the root', () => {
    const dir = repo()
    // index.md's `[[devops/docker/install]]` resolves only from the root `ru-kb`.
    expect(run(['check', '--format', 'compact', '--files', 'ru-kb/index.md', 'ru-kb'], dir)).toMatchObject({
      code: 0,
      stdout: '',
      stderr: ''
    })
    const both = run(['check', '--format', 'compact', '--files', 'ru-kb/index.md', '--files', 'ru-kb/devops/k8s/pods.md', 'ru-kb'], dir)
    expect(compactLines(both.stdout)).toEqual([expect.stringMatching(/^ru-kb\/devops\/k8s\/pods\.md:5:9 {2}error/)])
  })

  it('a deleted note is still accepted: git knows it (even when nothing links to it), or a note links to it', () => {
    const dir = repo()
    git(dir, 'rm', '-q', 'ru-kb/devops/k8s/pods.md')
    expect(run(['check', 'ru-kb', '--format', 'compact', '--', 'ru-kb/devops/k8s/pods.md'], dir)).toMatchObject({
      code: 0,
      stdout: '',
      stderr: ''
    })
    // Outside git: the deletion is proven by the link that it breaks.
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-args-nogit-'))
    fs.writeFileSync(path.join(plain, 'a.md'), fm('A') + '[[b]]\n')
    const result = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'compact', '--', 'b.md'], {
      cwd: plain,
      encoding: 'utf8',
      env: {...env, GIT_CEILING_DIRECTORIES: path.dirname(plain)}
    })
    expect(result.stdout).toContain('a.md:5:1  error  Cannot resolve `[[b]]`')
    expect(result.status).toBe(1)
    fs.rmSync(plain, {recursive: true, force: true})
  })
})
