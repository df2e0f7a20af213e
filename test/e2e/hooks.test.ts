/**
 * The commit hooks for real: Debian's `pre-commit` installs the hook from this
 * repository (`.pre-commit-hooks.yaml`, `language: node`) into a temporary
 * knowledge base and runs it on `git commit`; lint-staged runs the README's
 * recipe from a git hook the way husky does. A commit with a broken link (or
 * a rename that breaks links elsewhere) is refused; a clean one passes.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {projectRoot} from '../fixtures.js'
import {commit, git, hasCommand, tempRepo, writeFiles} from '../git-helpers.js'

const fm = (title: string) => `---\ntitle: "${title}"\ndescription: "d"\n---\n`
const kb = {'a.md': fm('A') + 'See [[b]].\n', 'b.md': fm('B') + 'Back to [[a]].\n'}

/** This project's working tree (tracked and new files, not ignored ones) as its own one-commit repository. */
function hookRepository(): {dir: string; rev: string} {
  const dir = tempRepo('kb-lint-hook-repo-', {}, false)
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

const withPreCommit = hasCommand('pre-commit')

describe('pre-commit framework', () => {
  // Missing the tool is a failure in CI (.ci/run installs it), a skip elsewhere.
  it.runIf(withPreCommit || Boolean(process.env.CI))(
    'the kb-lint hook refuses a commit with a broken link or a breaking rename, and passes clean ones',
    () => {
      const hooks = hookRepository()
      const repo = tempRepo('kb-lint-pre-commit-', kb)
      fs.writeFileSync(
        path.join(repo, '.pre-commit-config.yaml'),
        `repos:\n  - repo: ${JSON.stringify(hooks.dir)}\n    rev: ${hooks.rev}\n    hooks:\n      - id: kb-lint\n`
      )
      const env = {
        ...process.env,
        PRE_COMMIT_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-pre-commit-home-')),
        // The hook environment is an `npm install` of the hook repository: use the local cache first.
        npm_config_prefer_offline: 'true',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        NO_COLOR: '1'
      }
      const install = spawnSync('pre-commit', ['install'], {cwd: repo, encoding: 'utf8', env})
      expect(install.status, install.stderr).toBe(0)
      expect(fs.existsSync(path.join(repo, '.git/hooks/pre-commit'))).toBe(true)

      // A clean commit (this one also builds the hook environment).
      git(repo, 'add', '.pre-commit-config.yaml')
      const clean = commit(repo, 'add pre-commit', env)
      expect(clean.output).toMatch(/kb-lint \(staged notes\)\.+Passed/)
      expect(clean.code).toBe(0)

      // A broken link is refused, with the finding shown.
      writeFiles(repo, {'c.md': fm('C') + 'See [[nope]].\n'})
      git(repo, 'add', 'c.md')
      const broken = commit(repo, 'add c', env)
      expect(broken.output).toMatch(/kb-lint \(staged notes\)\.+Failed/)
      expect(broken.output).toContain('Cannot resolve `[[nope]]`: no note `nope`')
      expect(broken.code).not.toBe(0)
      expect(git(repo, 'log', '--format=%s')).not.toContain('add c')

      // Fixed, it passes.
      writeFiles(repo, {'c.md': fm('C') + 'See [[a]].\n'})
      git(repo, 'add', 'c.md')
      expect(commit(repo, 'add c', env).code).toBe(0)

      // Renaming a note that others link to is refused, although only the new name is added.
      git(repo, 'mv', 'a.md', 'alpha.md')
      const rename = commit(repo, 'rename a', env)
      expect(rename.code).not.toBe(0)
      expect(rename.output).toContain('b.md')
      expect(rename.output).toContain('c.md')
      expect(rename.output).toContain('Cannot resolve `[[a]]`: no note `a`')
    },
    300_000
  )
})

describe('lint-staged (husky recipe)', () => {
  it('runs kb-lint --staged from a pre-commit git hook; refuses a broken link, passes a clean commit', () => {
    const repo = tempRepo('kb-lint-lint-staged-', kb)
    // The README's recipe, verbatim in spirit: a function, so kb-lint runs once, not once per file.
    writeFiles(repo, {'lint-staged.config.mjs': "export default {'*.md': () => 'kb-lint check --staged'}\n"})
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '--no-verify', '-m', 'lint-staged config')

    // `kb-lint` on PATH, as `npm install --save-dev kb-lint` puts it in node_modules/.bin.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-bin-'))
    fs.writeFileSync(path.join(bin, 'kb-lint'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(projectRoot, 'dist/cli.js'))} "$@"\n`, {mode: 0o755})
    // What `.husky/pre-commit` holds (`npx lint-staged`), with lint-staged from this project's dev dependencies.
    const lintStaged = path.join(projectRoot, 'node_modules/lint-staged/bin/lint-staged.js')
    fs.writeFileSync(path.join(repo, '.git/hooks/pre-commit'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(lintStaged)}\n`, {mode: 0o755})
    const env = {...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1', FORCE_COLOR: '0'}

    writeFiles(repo, {'c.md': fm('C') + 'See [[nope]].\n'})
    git(repo, 'add', 'c.md')
    const broken = commit(repo, 'add c', env)
    expect(broken.code).not.toBe(0)
    expect(broken.output).toContain('kb-lint check --staged')
    expect(broken.output).toContain('Cannot resolve `[[nope]]`: no note `nope`')
    expect(git(repo, 'log', '--format=%s')).not.toContain('add c')

    writeFiles(repo, {'c.md': fm('C') + 'See [[b]].\n'})
    git(repo, 'add', 'c.md')
    const clean = commit(repo, 'add c', env)
    expect(clean.code, clean.output).toBe(0)
    expect(git(repo, 'log', '--format=%s')).toContain('add c')
  }, 60_000)
})
