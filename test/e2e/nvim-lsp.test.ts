/**
 * `kb-lint lsp` in a real editor: Neovim (Debian's `neovim`) headless, its
 * built-in LSP client attached to the built server on a copy of fixtures/kb.
 * Reads back the diagnostics Neovim received and applies a rename through it.
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {afterEach, expect, it} from 'vitest'
import {projectRoot} from '../fixtures.js'
import {cli, copyBase} from '../lsp-client.js'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, {recursive: true, force: true})
})

it('Neovim shows the diagnostics of `check` and applies a heading rename across notes', () => {
  const root = copyBase(path.join(projectRoot, 'fixtures', 'kb'))
  folders.push(root)
  const out = path.join(root, '.nvim-result.json')
  const run = spawnSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${path.join(projectRoot, 'test', 'e2e', 'nvim-lsp.lua')}`], {
    cwd: root,
    env: {...process.env, KB_ROOT: root, KB_OUT: out, KB_NODE: process.execPath, KB_CLI: cli},
    encoding: 'utf8',
    timeout: 100_000
  })
  expect(run.error).toBeUndefined()
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as {
    ok: boolean
    error?: string
    got_diagnostics: boolean
    renamed: boolean
    diagnostics: Array<{line: number; col: number; severity: number; message: string; code: string}>
  }
  expect(result.error ?? null).toBeNull()
  expect(result.got_diagnostics).toBe(true)
  // Neovim counts columns in bytes (the server sends UTF-16): `Дальше: ` is 14 bytes.
  expect(result.diagnostics.map((item) => [item.line, item.col, item.code]).sort()).toEqual([
    [27, 14, 'link-unresolved'],
    [27, 57, 'link-anchor-unresolved']
  ])
  expect(result.diagnostics.every((item) => item.severity === 1)).toBe(true)
  expect(result.renamed).toBe(true)
  // Neovim applied the edits and saved both notes.
  expect(fs.readFileSync(path.join(root, 'devops/docker/tutorials/quickstart.md'), 'utf8')).toContain('## Шаг 2. Первый запуск\n')
  expect(fs.readFileSync(path.join(root, 'devops/docker/how-to/install-ubuntu-2404.md'), 'utf8')).toContain(
    '[[devops/docker/tutorials/quickstart#Шаг 2. Первый запуск|быстрого старта]]'
  )
})
