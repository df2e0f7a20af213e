/**
 * What "ignored" means, and which folder is the base root.
 * - `ignore` / `.kblintignore`: not checked, still notes of the base (links to them resolve).
 * - `unpublished`: not on the site, so a link to it is broken, and the message says why.
 * - `init` maps Quartz's ignorePatterns onto `unpublished` and Obsidian's Excluded files onto `ignore`.
 * - A root given inside or above the config's folder: the config's folder is the root, and one line says so.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {inferConfig} from '../src/init/infer.js'
import {lint} from '../src/engine/lint.js'
import {runCli} from './fixtures.js'

const fm = (title: string) => `---\ntitle: "${title}"\ndescription: "d"\n---\n`
const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, {recursive: true, force: true})
})

/** A base in a fresh folder that is its own repository root (config discovery stops there). */
function tempBase(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-ignored-')))
  made.push(dir)
  fs.mkdirSync(path.join(dir, '.git'))
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    fs.writeFileSync(path.join(dir, name), text)
  }
  return dir
}

async function report(root: string, cwd = root): Promise<string[]> {
  const result = await lint({root, cwd})
  return result.files.flatMap((file) =>
    file.messages.map((message) => `${file.path}:${message.line}:${message.column} ${message.reason} ${message.ruleId}`)
  )
}

const run = runCli

describe('ignore: not checked, still a link target', () => {
  const notes = {
    'a.md': fm('A') + 'See [[drafts/idea]], [[drafts/idea#План]] and [[drafts/idea#Нет такого]].\n',
    // The draft has problems of its own: no frontmatter, a broken link. Not checked.
    'drafts/idea.md': '# План\n\n[[nowhere]]\n'
  }

  it('.kblintignore', async () => {
    const root = tempBase({...notes, '.kblintignore': 'drafts/\n'})
    expect(await report(root)).toEqual([
      'a.md:5:47 `[[drafts/idea#Нет такого]]`: no heading `Нет такого` in `drafts/idea` link-anchor-unresolved'
    ])
  })

  it('config `ignore`', async () => {
    const root = tempBase({...notes, 'kb-lint.config.json': JSON.stringify({ignore: ['drafts/']})})
    expect(await report(root)).toEqual([
      'a.md:5:47 `[[drafts/idea#Нет такого]]`: no heading `Нет такого` in `drafts/idea` link-anchor-unresolved'
    ])
  })
})

describe('unpublished: links to it are broken, and the message says why', () => {
  it('by path, by bare name (shortest), Markdown links and embeds', async () => {
    const root = tempBase({
      'kb-lint.config.json': JSON.stringify({unpublished: ['private/', '*.secret.png'], links: {resolution: 'shortest'}}),
      'a.md': fm('A') + '[[private/plans]] [[plans]] [p](private/plans.md) ![[key.secret.png]]\n',
      'private/plans.md': '[[nowhere]]\n',
      'img/key.secret.png': 'png'
    })
    expect(await report(root)).toEqual([
      'a.md:5:1 Cannot resolve `[[private/plans]]`: `private/plans.md` is not published (config `unpublished`) link-unresolved',
      'a.md:5:19 Cannot resolve `[[plans]]`: `private/plans.md` is not published (config `unpublished`) link-unresolved',
      'a.md:5:29 Cannot resolve `[p](private/plans.md)`: `private/plans.md` is not published (config `unpublished`) link-unresolved',
      'a.md:5:51 Cannot resolve `![[key.secret.png]]`: `img/key.secret.png` is not published (config `unpublished`) link-unresolved'
    ])
  })
})

describe('init maps publishers’ settings onto the right one', () => {
  it('Obsidian’s Excluded files (userIgnoreFilters, path prefixes) → ignore; a regular expression is named, not guessed', () => {
    const root = tempBase({
      '.obsidian/app.json': JSON.stringify({userIgnoreFilters: ['Archive/', 'Daily', '/^tmp/']}),
      'index.md': fm('Index') + '[[Archive/old]] [[Daily 2024-01-01]]\n',
      'Archive/old.md': '[[nowhere]]\n',
      'Daily 2024-01-01.md': '[[nowhere]]\n'
    })
    const {config, reasons} = inferConfig(root)
    expect(config.ignore).toEqual(['/Archive/', '/Daily*'])
    expect(config.unpublished).toBeUndefined()
    expect(reasons.join('\n')).toContain('Excluded files entry "/^tmp/" is a regular expression: not carried over')
    fs.writeFileSync(path.join(root, 'kb-lint.config.json'), JSON.stringify({...config, links: {resolution: 'absolute'}}))
    return report(root).then((lines) => expect(lines).toEqual([]))
  })

  it('Quartz’s ignorePatterns → unpublished', () => {
    const root = tempBase({
      'quartz.config.ts': 'export default {configuration: {ignorePatterns: ["private", "templates"]}}\n',
      'content/index.md': fm('I')
    })
    const {config, reasons} = inferConfig(root)
    expect(config.unpublished).toEqual(['private', 'templates'])
    expect(config.ignore).toBeUndefined()
    expect(reasons.join('\n')).toContain(
      'unpublished "private", "templates": Quartz\'s ignorePatterns does not publish them, so links to them are broken'
    )
  })
})

describe('a root given inside or above the config’s folder', () => {
  const files = {
    'docs/kb-lint.config.json': '{}',
    'docs/index.md': fm('Index') + '[[devops/docker]]\n',
    'docs/devops/docker.md': fm('Docker') + '[[index]] and [[devops/nope]]\n',
    'docs/other/x.md': fm('X') + '[[broken]]\n'
  }

  it('inside: links resolve from the config’s folder, only the notes given are reported, and one line says so', () => {
    const root = tempBase(files)
    const result = run(['check', 'docs/devops', '--format', 'compact'], root)
    expect(result.stderr).toBe(
      'kb-lint: base root is `docs` (where kb-lint.config.json is), so links resolve from there; reporting on `docs/devops` only\n'
    )
    expect(result.stdout.trim().split('\n')).toEqual([
      'docs/devops/docker.md:5:15  error  Cannot resolve `[[devops/nope]]`: no note `devops/nope`  link-unresolved'
    ])
    expect(result.code).toBe(1)
  })

  it('above: the one config below is the base root', () => {
    const root = tempBase(files)
    const result = run(['check', '.', '--format', 'compact'], root)
    expect(result.stderr).toBe('kb-lint: base root is `docs` (where kb-lint.config.json is); checking that folder\n')
    expect(result.stdout.trim().split('\n')).toEqual([
      'docs/devops/docker.md:5:15  error  Cannot resolve `[[devops/nope]]`: no note `devops/nope`  link-unresolved',
      'docs/other/x.md:5:1  error  Cannot resolve `[[broken]]`: no note `broken`  link-unresolved'
    ])
  })

  it('above, with several bases below: none is guessed, the notice names them', async () => {
    const root = tempBase({'a/kb-lint.config.json': '{}', 'a/n.md': fm('N'), 'b/kb-lint.config.json': '{}', 'b/n.md': fm('N')})
    const result = await lint({root, cwd: root})
    expect(result.base.root).toBe(root)
    expect(result.notice).toBe('no config at or above `.`; the configs below it (`a`, `b`) are not used: check each base by its folder')
  })

  it('--config keeps the root given', async () => {
    const root = tempBase(files)
    const result = await lint({root: path.join(root, 'docs/devops'), cwd: root, configFile: path.join(root, 'docs/kb-lint.config.json')})
    expect(result.notice).toBeUndefined()
    expect(result.base.root).toBe(path.join(root, 'docs/devops'))
  })
})
