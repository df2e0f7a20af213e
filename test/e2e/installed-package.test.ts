/**
 * kb-lint as a user gets it: `npm pack`, then `npm install <tarball>` into a
 * folder of its own. The install prints no warning about kb-lint's own
 * scripts, the package carries its LICENSE, the README's API example runs
 * there as written, and `npx kb-lint check --watch` behaves at a real
 * terminal (a pty from `script`): the screen is cleared and Ctrl-C — typed,
 * so the terminal signals the whole process group — exits 0.
 */
import {spawn, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {projectRoot} from '../fixtures.js'
import {hasCommand} from '../git-helpers.js'

let work: string
let site: string
let install: {status: number | null; output: string}

beforeAll(() => {
  work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-installed-')))
  site = path.join(work, 'site')
  fs.mkdirSync(site)
  // `npm run test:e2e` has just built dist/: pack it as it is.
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--json'], {cwd: projectRoot, encoding: 'utf8'})
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`)
  const tarball = path.join(work, (JSON.parse(pack.stdout) as Array<{filename: string}>)[0]!.filename)
  fs.writeFileSync(path.join(site, 'package.json'), JSON.stringify({name: 'site', version: '1.0.0', private: true, type: 'module'}))
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', tarball], {
    cwd: site,
    encoding: 'utf8',
    env: {...process.env, CI: 'true'}
  })
  install = {status: result.status, output: `${result.stdout}${result.stderr}`}
  fs.mkdirSync(path.join(site, 'kb'))
  fs.writeFileSync(path.join(site, 'kb', 'a.md'), '---\ntitle: A\ndescription: B\n---\n# A\n')
})

afterAll(() => {
  if (work) fs.rmSync(work, {recursive: true, force: true})
})

describe('the installed package', () => {
  it('installs without a word about its own scripts, and with its LICENSE', () => {
    expect(install.status, install.output).toBe(0)
    expect(install.output).not.toMatch(/prepare|install-scripts|kb-lint@/)
    const license = path.join(site, 'node_modules', 'kb-lint', 'LICENSE')
    expect(fs.readFileSync(license, 'utf8')).toBe(fs.readFileSync(path.join(projectRoot, 'LICENSE'), 'utf8'))
  })

  it('runs the README API example as written', () => {
    const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8')
    const code = /```js\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('\n## API\n')))![1]!
    const folder = path.join(work, 'api-example')
    fs.mkdirSync(folder)
    fs.symlinkSync(path.join(site, 'node_modules'), path.join(folder, 'node_modules'), 'dir')
    fs.writeFileSync(path.join(folder, 'example.mjs'), code)
    const run = spawnSync(process.execPath, ['example.mjs'], {cwd: folder, encoding: 'utf8'})
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const promised = [...code.matchAll(/\/\/ → (.*)$/gm)].map((match) => match[1]!.trim())
    expect(run.stdout.trim().split('\n')).toEqual(promised)
  })
})

/**
 * Run `command` at a pseudo-terminal; once the watch is up, type Ctrl-C.
 *
 * `script` runs the command through `$SHELL -c`, and `$SHELL` falls back to
 * /bin/sh when unset (as on CI). Debian's /bin/sh is dash, which forks the
 * command, receives the same Ctrl-C and dies of it: `script` then reports 130
 * whatever kb-lint did. bash execs a single command, as the user's own
 * interactive shell would run it, so the exit code seen is kb-lint's.
 */
function atTerminal(command: string): Promise<{code: number | null; output: string}> {
  return new Promise((resolve, reject) => {
    const env = {...process.env, CI: undefined, NO_COLOR: '1', SHELL: '/bin/bash'}
    const child = spawn('script', ['-qfec', command, '/dev/null'], {cwd: site, stdio: ['pipe', 'pipe', 'pipe'], env})
    let output = ''
    let typed = false
    const timeout = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`no exit within 60 s:\n${output}`))
    }, 60_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (!typed && output.includes('watching for changes')) {
        typed = true
        setTimeout(() => child.stdin.write('\x03'), 300)
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timeout)
      resolve({code, output})
    })
  })
}

describe.runIf(hasCommand('script'))('--watch at a terminal', () => {
  it('clears the screen, shows the time, and exits 0 on Ctrl-C', async () => {
    const {code, output} = await atTerminal(`${path.join(site, 'node_modules', '.bin', 'kb-lint')} check kb --watch`)
    expect(output).toContain('\x1b[2J')
    expect(output).toMatch(/kb-lint: \d\d:\d\d:\d\d · 0 errors, 0 warnings in 1 note — watching for changes/)
    expect(output).toMatch(/stopped watching/)
    expect(code).toBe(0)
  })

  // npm forwards the Ctrl-C to its child a second time. (With npm's default
  // script shell on Debian, dash, the shell between npm and kb-lint dies of
  // the signal itself and npm reports 130 whatever its child did; a shell
  // that execs the command — bash, macOS's sh — leaves kb-lint's exit code.)
  it('exits 0 on Ctrl-C under npx', async () => {
    const {code, output} = await atTerminal('npx --script-shell=bash kb-lint check kb --watch')
    expect(output).toMatch(/stopped watching/)
    expect(code).toBe(0)
  })
})
