/**
 * An unquoted `- [[a]]` in frontmatter (YAML: a list inside a list) is
 * reported, and is still the link its writer meant: resolved, an edge of the
 * graph, rewritten by `mv`.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {lint} from '../src/engine/lint.js'
import {moveInBase} from '../src/write/move.js'
import {buildGraph} from '../src/index.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, {recursive: true, force: true})
})

function base(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-fm-links-'))
  dirs.push(dir)
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), {recursive: true})
    fs.writeFileSync(path.join(dir, file), text)
  }
  return dir
}

const note = (extra = '') => `---\ntitle: "T"\ndescription: "D."\n${extra}---\n\nBody.\n`

describe('unquoted wiki links in frontmatter', () => {
  it('are reported, resolved and drawn in the graph', async () => {
    const dir = base({'index.md': note('related:\n  - [[docs/a]]\n  - [[docs/gone]]\n'), 'docs/a.md': note()})
    const result = await lint({root: dir, cwd: dir})
    const messages = result.files.flatMap((file) => file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`))
    expect(messages.sort()).toEqual(['5:5 frontmatter-link-unquoted', '6:5 frontmatter-link-unquoted', '6:5 link-unresolved'])
    const graph = buildGraph(result)
    expect(graph.graph.edges.some((edge) => edge.source === 'index' && edge.target === 'docs/a')).toBe(true)
  })

  it('are rewritten by mv', async () => {
    const dir = base({'index.md': note('up: [[docs/a|A]]\n'), 'docs/a.md': note()})
    await moveInBase({root: dir, cwd: dir, from: 'docs/a.md', to: 'guides/b.md'})
    expect(fs.readFileSync(path.join(dir, 'index.md'), 'utf8')).toContain('up: [[guides/b|A]]\n')
  })
})
