/**
 * docs/architecture.md is the map of the code; this keeps it true. It reads
 * the page's "Layers" table (layers top to bottom), the imports listed there
 * as going against the layers, and the "Map" (one entry per file of `src/`),
 * then checks them against the files and their imports (read with
 * TypeScript's own `preProcessFile`).
 */
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import {describe, expect, it} from 'vitest'
import {rules} from '../src/rules/index.js'

const repo = path.resolve(import.meta.dirname, '..')
const src = path.join(repo, 'src')
const page = fs.readFileSync(path.join(repo, 'docs/architecture.md'), 'utf8')

/** The text of a `## ` section of the page, without its heading. */
function section(title: string): string {
  const start = page.indexOf(`\n## ${title}\n`)
  if (start < 0) throw new Error(`docs/architecture.md has no "## ${title}" section`)
  const rest = page.slice(start + title.length + 5)
  const end = rest.search(/\n## /)
  return end < 0 ? rest : rest.slice(0, end)
}

const backticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]!)

/** Layers top to bottom: each a list of folders (`cli/`) and root files (`cli.ts`). */
const layers = section('Layers')
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => backticked(line.split('|')[1]!))

/** `from → to` imports the page allows against the layers. */
const exceptions = (() => {
  const text = section('Layers')
  const list = text.slice(text.indexOf('Imports against the layers'))
  const bullets = list
    .split(/\n- /)
    .slice(1)
    .map((bullet) => bullet.replace(/\s+/g, ' '))
  const pairs: string[] = []
  for (const bullet of bullets) {
    // `a` → `b`, `c` → `d`, `e`: reason — a path followed by → starts a source.
    const head = bullet.slice(0, bullet.indexOf(': '))
    const tokens = [...head.matchAll(/`([^`]+)`(\s*→)?/g)]
    let from: string | undefined
    for (const token of tokens) {
      if (token[2]) from = token[1]
      else if (from) pairs.push(`${from} → ${token[1]}`)
    }
  }
  return pairs
})()

/** The files the map names (paths from `src/`), in order. */
const mapped = (() => {
  const names: string[] = []
  for (const block of section('Map').matchAll(/```\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split('\n')) {
      const name = /^(\S+\.ts)(\s|$)/.exec(line)?.[1]
      if (name) names.push(name)
    }
  }
  return names
})()

const RULE_MODULE = 'rules/<rule-id>.ts'

const sourceFiles = fs
  .readdirSync(src, {recursive: true, encoding: 'utf8'})
  .map((name) => name.split(path.sep).join('/'))
  .filter((name) => fs.statSync(path.join(src, name)).isFile())
  .sort()

function layerOf(file: string): number {
  const index = layers.findIndex((members) => members.some((member) => (member.endsWith('/') ? file.startsWith(member) : file === member)))
  if (index < 0) throw new Error(`src/${file} is in no layer of docs/architecture.md`)
  return index
}

/** Every relative import of every source file, as `from → to` (paths from `src/`). */
const imports = sourceFiles.flatMap((file) =>
  ts
    .preProcessFile(fs.readFileSync(path.join(src, file), 'utf8'), true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => ({from: file, to: path.posix.join(path.posix.dirname(file), name).replace(/\.js$/, '.ts')}))
)

describe('docs/architecture.md', () => {
  it('is read as this test expects it (layers, exceptions, map)', () => {
    expect(layers.length).toBeGreaterThan(5)
    expect(exceptions.length).toBeGreaterThan(0)
    expect(mapped).toContain('engine/lint.ts')
  })

  it('names every file of src/ in its map, once, and no file that does not exist', () => {
    const ruleModules = new Set(rules.map((rule) => `rules/${rule.meta.id}.ts`))
    const missing = sourceFiles.filter((file) => !mapped.includes(file) && !(ruleModules.has(file) && mapped.includes(RULE_MODULE)))
    expect(missing, 'files of src/ the map does not name').toEqual([])
    const gone = mapped.filter((name) => name !== RULE_MODULE && !sourceFiles.includes(name))
    expect(gone, 'files the map names that do not exist').toEqual([])
    expect(
      mapped.filter((name, index) => mapped.indexOf(name) !== index),
      'files named twice'
    ).toEqual([])
    for (const module of ruleModules) expect(sourceFiles, 'a rule has its module').toContain(module)
  })

  it('puts every file of src/ in exactly one layer', () => {
    for (const file of sourceFiles) {
      const matching = layers.filter((members) =>
        members.some((member) => (member.endsWith('/') ? file.startsWith(member) : file === member))
      )
      expect(matching, `src/${file}`).toHaveLength(1)
    }
  })

  it('lists every import against the layers, and only those', () => {
    const imported = new Set(sourceFiles)
    for (const edge of imports) expect(imported.has(edge.to), `${edge.from} imports ${edge.to}, which does not exist`).toBe(true)
    const upward = [
      ...new Set(imports.filter((edge) => layerOf(edge.to) < layerOf(edge.from)).map((edge) => `${edge.from} → ${edge.to}`))
    ].sort()
    expect(upward, 'imports from a higher layer: remove them, or list them with their reason').toEqual([...exceptions].sort())
  })
})
