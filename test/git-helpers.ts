/** Temporary git repositories for the file-list, staged and hook tests. Every git call names its repo. */
import {spawnSync, type SpawnSyncOptions} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], {encoding: 'utf8'}).status === 0
}

/** A git command in `repo`, never in the project's own repository. */
export function git(repo: string, ...args: string[]): string {
  const result = spawnSync(
    'git',
    ['-C', repo, '-c', 'user.email=kb@example.com', '-c', 'user.name=kb-lint test', '-c', 'commit.gpgsign=false', ...args],
    {
      encoding: 'utf8'
    }
  )
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`)
  return result.stdout
}

/** A fresh repository (not inside any other) holding `files`, committed unless `commit` is false. */
export function tempRepo(prefix: string, files: Record<string, string>, commit = true): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)))
  git(dir, 'init', '-q', '-b', 'main')
  if (git(dir, 'rev-parse', '--show-toplevel').trim() !== dir) throw new Error(`${dir} is not its own repository`)
  writeFiles(dir, files)
  if (commit) {
    git(dir, 'add', '-A')
    git(dir, 'commit', '-q', '--no-verify', '-m', 'initial')
  }
  return dir
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    fs.writeFileSync(path.join(dir, name), text)
  }
}

/** `git commit` with the repo's hooks, as a writer runs it. */
export function commit(repo: string, message: string, env: NodeJS.ProcessEnv, options: SpawnSyncOptions = {}) {
  const result = spawnSync(
    'git',
    ['-C', repo, '-c', 'user.email=kb@example.com', '-c', 'user.name=kb-lint test', 'commit', '-q', '-m', message],
    {
      encoding: 'utf8',
      env,
      ...options
    }
  )
  return {code: result.status, output: `${result.stdout}${result.stderr}`}
}
