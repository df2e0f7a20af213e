/**
 * The README's CI and commit-hook recipes, run as written, with the real
 * tools, on the three changes a writer makes: a clean edit (passes), a
 * deletion of a linked note and a rename of one (both refused, naming the
 * notes whose links break).
 *
 * - husky (and husky + lint-staged): the README's commands run in a fresh
 *   repository whose node_modules holds kb-lint, husky and lint-staged as
 *   `npm install --save-dev` leaves them; `git commit` runs the hook.
 * - pre-commit: Debian's `pre-commit` installs the hook from this repository
 *   (`.pre-commit-hooks.yaml`, `language: node`) with the README's
 *   `.pre-commit-config.yaml`.
 * - GitHub Actions: the check step of action.yml with the README workflow's
 *   inputs, on the pushed repository.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {projectRoot} from '../fixtures.js'
import {commit, git, hasCommand, tempRepo, writeFiles} from '../git-helpers.js'

const fm = (title: string) => `---\ntitle: "${title}"\ndescription: "d"\n---\n`
/** `docs/` is the base: a and c link to b, b links to a. */
const kb = {
  'docs/a.md': fm('A') + 'See [[b]].\n',
  'docs/b.md': fm('B') + 'Back to [[a]].\n',
  'docs/c.md': fm('C') + 'Also [[b]].\n'
}
const made: string[] = []
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, {recursive: true, force: true})
})
function track(dir: string): string {
  made.push(dir)
  return dir
}

const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8')

/** The fenced code blocks of the README section under `heading`. */
function readmeBlocks(heading: string): string[] {
  const start = readme.indexOf(`\n${heading}\n`)
  if (start === -1) throw new Error(`README has no section ${heading}`)
  const rest = readme.slice(start + heading.length + 2)
  const section = rest.slice(0, rest.search(/\n#{2,3} /) === -1 ? undefined : rest.search(/\n#{2,3} /))
  return [...section.matchAll(/```\w*\n([\s\S]*?)```/g)].map((match) => match[1]!)
}

/**
 * Stage one change, commit through `attempt`, and check the verdict. After a
 * refused commit the repository is reset to its last commit.
 */
function threeChanges(repo: string, attempt: (message: string) => {code: number | null; output: string}) {
  // A clean edit passes.
  writeFiles(repo, {'docs/c.md': fm('C') + 'Also [[b]] and [[a]].\n'})
  git(repo, 'add', 'docs/c.md')
  const clean = attempt('edit c')
  expect(clean.code, clean.output).toBe(0)
  expect(git(repo, 'log', '-1', '--format=%s').trim()).toBe('edit c')

  // Deleting a linked note is refused: the notes that link to it are named.
  git(repo, 'rm', '-q', 'docs/b.md')
  expectRefused(attempt('delete b'), ['docs/a.md', 'docs/c.md'], 'Cannot resolve `[[b]]`: no note `b`')

  // Renaming one is refused too, although only the new name is added.
  git(repo, 'mv', 'docs/a.md', 'docs/alpha.md')
  expectRefused(attempt('rename a'), ['docs/b.md', 'docs/c.md'], 'Cannot resolve `[[a]]`: no note `a`')

  function expectRefused(result: {code: number | null; output: string}, notes: string[], finding: string): void {
    expect(result.code, result.output).not.toBe(0)
    for (const note of notes) expect(result.output).toContain(note)
    expect(result.output).toContain(finding)
    expect(git(repo, 'log', '-1', '--format=%s').trim()).toBe('edit c')
    git(repo, 'reset', '-q', '--hard', 'HEAD')
  }
}

/** A repository as `npm install --save-dev kb-lint husky lint-staged` leaves it: the packages in node_modules, their bins linked. */
function npmProject(files: Record<string, string>): {repo: string; env: NodeJS.ProcessEnv} {
  const repo = track(
    tempRepo('kb-lint-husky-', {...files, '.gitignore': 'node_modules/\n', 'package.json': '{"name": "kb", "private": true}\n'})
  )
  const packages = {
    'kb-lint': {dir: projectRoot, bin: 'dist/cli.js'},
    husky: {dir: path.join(projectRoot, 'node_modules/husky'), bin: 'bin.js'},
    'lint-staged': {dir: path.join(projectRoot, 'node_modules/lint-staged'), bin: 'bin/lint-staged.js'}
  }
  fs.mkdirSync(path.join(repo, 'node_modules/.bin'), {recursive: true})
  const devDependencies: Record<string, string> = {}
  for (const [name, {dir, bin}] of Object.entries(packages)) {
    fs.symlinkSync(dir, path.join(repo, 'node_modules', name))
    fs.symlinkSync(path.join('..', name, bin), path.join(repo, 'node_modules/.bin', name))
    devDependencies[name] = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {version: string}).version
  }
  fs.writeFileSync(path.join(repo, 'package.json'), JSON.stringify({name: 'kb', private: true, devDependencies}, null, 2) + '\n')
  git(repo, 'add', 'package.json')
  git(repo, 'commit', '-q', '--no-verify', '-m', 'dev dependencies')
  // npx must find the local packages and never download anything.
  const env = {
    ...process.env,
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    HUSKY: undefined
  }
  return {repo, env}
}

/** Run the README's shell lines (the install step is what `npmProject` did). */
function runReadmeShell(repo: string, env: NodeJS.ProcessEnv, block: string): void {
  const lines = block.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#') && !line.startsWith('npm install'))
  for (const line of lines) {
    const result = spawnSync('sh', ['-e', '-c', line], {cwd: repo, encoding: 'utf8', env})
    expect(result.status, `${line}\n${result.stdout}${result.stderr}`).toBe(0)
  }
}

describe('husky recipe', () => {
  it('the README commands install a hook that passes a clean edit and refuses a deletion and a rename', () => {
    const [install] = readmeBlocks('### husky (and lint-staged)')
    expect(install).toContain('npx husky init')
    const {repo, env} = npmProject(kb)
    // The README's `… --staged docs` variant: this base is docs/.
    runReadmeShell(repo, env, install!.replace('"npx kb-lint check --staged"', '"npx kb-lint check --staged docs"'))
    expect(fs.readFileSync(path.join(repo, '.husky/pre-commit'), 'utf8')).toBe('npx kb-lint check --staged docs\n')
    expect(git(repo, 'config', 'core.hooksPath').trim()).toBe('.husky/_')
    git(repo, 'add', '-A')
    expect(commit(repo, 'husky', env).code).toBe(0)
    threeChanges(repo, (message) => commit(repo, message, env))
  }, 300_000)

  it('with lint-staged for other tools: kb-lint on its own line still sees a commit that only deletes a note', () => {
    const [install, hook] = readmeBlocks('### husky (and lint-staged)')
    const {repo, env} = npmProject({...kb, 'lint-staged.config.mjs': "export default {'*.{js,mjs}': 'node --check'}\n"})
    runReadmeShell(repo, env, install!)
    // The README's .husky/pre-commit, with the base root given.
    fs.writeFileSync(path.join(repo, '.husky/pre-commit'), hook!.replace(/^#.*\n/m, '').replace('check --staged', 'check --staged docs'))
    git(repo, 'add', '-A')
    expect(commit(repo, 'husky', env).code).toBe(0)
    threeChanges(repo, (message) => {
      const result = commit(repo, message, env)
      if (message === 'delete b') expect(result.output).toContain('could not find any staged files')
      return result
    })
  }, 300_000)
})

/** This project's working tree (tracked and new files, not ignored ones) as its own one-commit repository. */
function hookRepository(): {dir: string; rev: string} {
  const dir = track(tempRepo('kb-lint-hook-repo-', {}, false))
  const listed = spawnSync('git', ['-C', projectRoot, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], {encoding: 'utf8'})
  if (listed.status !== 0) throw new Error(`cannot list the project's files: ${listed.stderr}`)
  for (const file of new Set(listed.stdout.split('\0').filter(Boolean))) {
    const from = path.join(projectRoot, file)
    const stat = fs.lstatSync(from, {throwIfNoEntry: false})
    if (!stat) continue // deleted in the working tree
    const to = path.join(dir, file)
    fs.mkdirSync(path.dirname(to), {recursive: true})
    if (stat.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to)
    else fs.copyFileSync(from, to)
  }
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '--no-verify', '-m', 'kb-lint as a hook repository')
  return {dir, rev: git(dir, 'rev-parse', 'HEAD').trim()}
}

describe('pre-commit recipe', () => {
  // Missing the tool is a failure in CI (.ci/run installs it), a skip elsewhere.
  it.runIf(hasCommand('pre-commit') || Boolean(process.env.CI))(
    'the README config passes a clean edit, refuses a broken link, a deletion and a rename',
    () => {
      const [block] = readmeBlocks('### pre-commit')
      const config = parse(block!) as {repos: Array<{repo: string; rev: string; hooks: Array<{id: string; args?: string[]}>}>}
      expect(config.repos[0]!.hooks[0]!.id).toBe('kb-lint')
      // The README's config, pointed at this working tree; `args: [docs]` as its comment says for a base in docs/.
      const hooks = hookRepository()
      config.repos[0] = {...config.repos[0]!, repo: hooks.dir, rev: hooks.rev, hooks: [{...config.repos[0]!.hooks[0]!, args: ['docs']}]}
      const repo = track(tempRepo('kb-lint-pre-commit-', kb))
      fs.writeFileSync(path.join(repo, '.pre-commit-config.yaml'), JSON.stringify(config, null, 2))
      const env = {
        ...process.env,
        PRE_COMMIT_HOME: track(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-pre-commit-home-'))),
        // The hook environment is an `npm install` of the hook repository: use the local cache first.
        npm_config_prefer_offline: 'true',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        NO_COLOR: '1'
      }
      const install = spawnSync('pre-commit', ['install'], {cwd: repo, encoding: 'utf8', env})
      expect(install.status, install.stderr).toBe(0)

      // The first commit also builds the hook environment.
      git(repo, 'add', '.pre-commit-config.yaml')
      const first = commit(repo, 'add pre-commit', env)
      expect(first.output).toMatch(/kb-lint \(staged notes\)\.+Passed/)
      expect(first.code).toBe(0)

      // A broken link is refused, with the finding shown.
      writeFiles(repo, {'docs/d.md': fm('D') + 'See [[nope]].\n'})
      git(repo, 'add', 'docs/d.md')
      const broken = commit(repo, 'add d', env)
      expect(broken.output).toMatch(/kb-lint \(staged notes\)\.+Failed/)
      expect(broken.output).toContain('Cannot resolve `[[nope]]`: no note `nope`')
      expect(broken.code).not.toBe(0)
      git(repo, 'reset', '-q', '--hard', 'HEAD')
      fs.rmSync(path.join(repo, 'docs/d.md'), {force: true})

      threeChanges(repo, (message) => commit(repo, message, env))
    },
    900_000
  )
})

describe('GitHub Actions recipe', () => {
  interface Step {
    id?: string
    uses?: string
    run?: string
    env?: Record<string, string>
    with?: Record<string, string>
  }
  const action = parse(fs.readFileSync(path.join(projectRoot, 'action.yml'), 'utf8')) as {
    inputs: Record<string, {default?: string}>
    runs: {steps: Step[]}
  }

  /** action.yml's check step with the README workflow's inputs, in a checkout of `repo` (GITHUB_WORKSPACE). */
  function runWorkflow(repo: string) {
    const [block] = readmeBlocks('### GitHub Actions')
    const workflow = parse(block!) as {jobs: Record<string, {steps: Step[]}>}
    const use = Object.values(workflow.jobs)
      .flatMap((job) => job.steps)
      .find((step) => step.uses?.startsWith('kb-lint/kb-lint@'))!
    const inputs: Record<string, string> = {
      ...Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? ''])),
      ...use.with
    }
    const step = action.runs.steps.find((candidate) => candidate.id === 'check')!
    const output = path.join(track(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-action-out-'))), 'output')
    const env: NodeJS.ProcessEnv = {...process.env, GITHUB_OUTPUT: output, NO_COLOR: '1'}
    const expand = (value: string) =>
      value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) =>
        name === 'github.action_path' ? projectRoot : inputs[name.slice('inputs.'.length)]!
      )
    for (const [name, value] of Object.entries(step.env ?? {})) env[name] = expand(value)
    const result = spawnSync('bash', ['-e', '-c', step.run!], {cwd: repo, encoding: 'utf8', env})
    return {code: result.status, output: result.stdout + result.stderr, exitCode: fs.readFileSync(output, 'utf8')}
  }

  it('the README workflow passes a clean push and fails one that deletes or renames a linked note, annotating the broken links', () => {
    const repo = track(tempRepo('kb-lint-workflow-', kb))
    threeChanges(repo, (message) => {
      // A push is a commit; the workflow checks the whole base of the pushed tree.
      git(repo, 'commit', '-q', '--no-verify', '-m', message)
      const run = runWorkflow(repo)
      expect(run.exitCode).toBe(`exit-code=${run.code}\n`)
      if (run.code !== 0) {
        expect(run.output).toMatch(/^::error file=docs\/[abc]\.md,line=5,col=\d+,/m)
        git(repo, 'reset', '-q', '--hard', 'HEAD~1')
      }
      return {code: run.code, output: run.output}
    })
  }, 60_000)
})
