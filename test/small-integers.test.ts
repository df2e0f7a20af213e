/**
 * Line, column and offset numbers stay small integers in V8's eyes ("Smis").
 * Objects of one shape share a hidden class across the whole process, and a
 * single non-Smi number stored into a field (a -0, a fraction) turns that
 * field into a boxed double for every later object: each point then carries
 * up to three extra heap objects. A `-0` column from the wiki-link extension
 * did this to every point of a run after the first table with a split link
 * (bench/README.md, "Boxed numbers, allocation, and a leaner cache header").
 *
 * JavaScript cannot tell a boxed 5 from a small 5, so the check runs the
 * compiled library in a child Node with `--allow-natives-syntax` (`%IsSmi`).
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {projectRoot} from './fixtures.js'

/** Lints `root` with `parser` and prints the paths of every boxed integer in the summaries' positions. */
const CHILD = `
(async () => {
  const [lintModule, root, parser] = process.argv.slice(2)
  const {lint} = await import(lintModule)
  const result = await lint({root, cache: false, parser})
  const boxed = []
  const visit = (value, at) => {
    if (typeof value === 'number') {
      if (Number.isInteger(value) && !%IsSmi(value)) boxed.push(at)
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) visit(value[key], at + '.' + key)
    }
  }
  for (const note of result.base.notes) {
    visit({references: note.references, headings: note.headings, blockIds: note.blockIds, frontmatter: note.frontmatter.span}, note.path)
  }
  console.log(JSON.stringify({notes: result.base.notes.length, boxed}))
})()
`

let base: string
let child: string

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-smi-'))
  // Notes are parsed in path order: the table with a split link (its cell is
  // read again by the reference parser) comes first.
  fs.writeFileSync(path.join(base, 'a.md'), '---\ntitle: A\n---\n# A\n\n| Link | Note |\n| --- | --- |\n| [[b|B]] | x |\n')
  fs.writeFileSync(
    path.join(base, 'b.md'),
    '# B ^top\n\nSee [[a]], [[a#A| spaced alias ]] and [text](a.md#a).\n\n## Заметка\n\n![[a]] and [[ a ]]\n'
  )
  child = path.join(base, '..', `${path.basename(base)}-child.cjs`)
  fs.writeFileSync(child, CHILD)
})

afterAll(() => {
  fs.rmSync(base, {recursive: true, force: true})
  fs.rmSync(child, {force: true})
})

describe('positions in summaries', () => {
  it.each(['fast', 'remark'])('are small integers after a table with a split link (parser %s)', (parser) => {
    const lintModule = path.join(projectRoot, 'dist', 'engine', 'lint.js')
    const output = execFileSync(process.execPath, ['--allow-natives-syntax', child, lintModule, base, parser], {encoding: 'utf8'})
    expect(JSON.parse(output)).toEqual({notes: 2, boxed: []})
  })
})
