/**
 * Property tests: for arbitrary Markdown, generated from a grammar of
 * frontmatter, headings, lists, quotes, tables, code, links and random
 * Unicode, the checker never throws, every position lies inside its file,
 * results are the same on every run and from a warm cache as from a cold
 * one (also after any one note is edited), and fixing is idempotent. (`--jobs 1` against `--jobs 2` needs the
 * compiled worker and a base of 200+ notes: test/performance-features.test.ts.)
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import type {KbLintConfig} from '../src/config/types.js'
import {decodeNote} from '../src/engine/decode.js'
import {fixBase} from '../src/write/fix.js'
import {lint, type LintResult} from '../src/engine/lint.js'
import {MoveError, moveInBase} from '../src/write/move.js'
import {writeIndexRegions} from '../src/write/write-index.js'
import {encodeDestination} from '../src/kb/link-target.js'
import {quartzSlug} from '../src/kb/quartz-path.js'
import type {ResolutionMode} from '../src/kb/resolve.js'
import {getRule} from '../src/rules/index.js'
import {propertyRuns} from './property-runs.js'

const NOTE_NAMES = ['a.md', 'b.md', 'dir/c.md', 'Dir/Ü d.md']
const TARGETS = [
  'a',
  'A',
  'b',
  'dir/c',
  'DIR/C',
  'Dir/Ü d',
  'missing',
  '../outside',
  '/a',
  'dir/',
  '#Heading',
  'a#Heading',
  'b#^block',
  'b#nope'
]

const word = fc.oneof(
  fc.constantFrom(
    'alpha',
    'Beta',
    'Ünïcödé',
    'Поды',
    '日本語',
    '🙂',
    '|',
    '\\',
    '[',
    ']',
    '[[',
    ']]',
    '#',
    '*',
    '_',
    '`',
    '<b>',
    '&amp;',
    '^block',
    ':',
    '---',
    '\t'
  ),
  fc.string({unit: 'grapheme', maxLength: 6}),
  fc.string({unit: 'binary', maxLength: 3})
)
const text = fc.array(word, {minLength: 1, maxLength: 6}).map((words) => words.join(' '))
const target = fc.constantFrom(...TARGETS)
const link = fc.oneof(
  fc.tuple(target, fc.option(text, {nil: undefined})).map(([to, alias]) => (alias ? `[[${to}|${alias}]]` : `[[${to}]]`)),
  target.map((to) => `![[${to}]]`),
  fc.tuple(text, target).map(([label, to]) => `[${label}](${to.startsWith('#') ? to : to + '.md'})`),
  target.map((to) => `[[${to}\\|alias]]`)
)
const inline = fc
  .array(
    fc.oneof(
      text,
      link,
      text.map((value) => '`' + value + '`')
    ),
    {minLength: 1, maxLength: 5}
  )
  .map((parts) => parts.join(' '))
const cell = fc.oneof(inline, link, fc.constant(''))
const table = fc
  .tuple(fc.integer({min: 1, max: 4}), fc.array(fc.array(cell, {minLength: 0, maxLength: 5}), {maxLength: 4}))
  .map(([columns, rows]) => {
    const header = '| ' + Array.from({length: columns}, (_, index) => `h${index}`).join(' | ') + ' |'
    const divider = '|' + '---|'.repeat(columns)
    return [header, divider, ...rows.map((row) => '| ' + row.join(' | ') + ' |')].join('\n')
  })
const block = fc.oneof(
  fc.tuple(fc.integer({min: 1, max: 6}), inline).map(([depth, value]) => '#'.repeat(depth) + ' ' + value),
  inline,
  fc.tuple(fc.integer({min: 0, max: 3}), inline).map(([depth, value]) => '  '.repeat(depth) + '- ' + value),
  fc.tuple(fc.integer({min: 1, max: 4}), inline).map(([depth, value]) => '>'.repeat(depth) + ' ' + value),
  table,
  fc.tuple(fc.constantFrom('```', '~~~'), inline).map(([fence, value]) => `${fence}\n${value}\n${fence}`),
  fc.constant('Heading\n======='),
  fc.constant('<!-- [[commented]] -->')
)
const frontmatter = fc.oneof(
  fc.constant(''),
  fc.constant('---\ntitle: "T"\ndescription: "D"\n---\n'),
  fc
    .tuple(text, fc.array(link, {maxLength: 2}))
    .map(
      ([title, links]) =>
        `---\ntitle: ${JSON.stringify(title)}\ndescription: d\nrelated: [${links.map((value) => JSON.stringify(value)).join(', ')}]\n---\n`
    ),
  fc.constant('---\ntitle: [unclosed\n---\n'),
  fc.constant('---\ntitle: a\ntitle: b\n---\n')
)
const note = fc
  .tuple(frontmatter, fc.array(block, {maxLength: 8}), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean())
  .map(([head, blocks, newline, bom, finalNewline]) => {
    const body = head + blocks.join('\n\n') + (finalNewline ? '\n' : '')
    return (bom ? '\uFEFF' : '') + body.replace(/\r?\n/g, newline)
  })
const base = fc.array(note, {minLength: NOTE_NAMES.length, maxLength: NOTE_NAMES.length})

function writeBase(notes: string[]): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-prop-')))
  notes.forEach((text, index) => {
    const file = path.join(root, NOTE_NAMES[index]!)
    fs.mkdirSync(path.dirname(file), {recursive: true})
    fs.writeFileSync(file, text)
  })
  return root
}

/** Everything a run reports, in a comparable form. */
function results(result: LintResult): unknown {
  return result.findings.map((entry) => ({
    file: entry.relative,
    findings: entry.findings.map(({ruleId, reason, place, fix}) => ({ruleId, reason, place, fix}))
  }))
}

const runs = {numRuns: propertyRuns(20)}

describe('properties of the checker on generated Markdown', () => {
  it('never throws, and every position lies inside its file', async () => {
    await fc.assert(
      fc.asyncProperty(base, async (notes) => {
        const root = writeBase(notes)
        try {
          const result = await lint({root, cwd: root, config: {}})
          for (const entry of result.findings) {
            const decoded = decodeNote(fs.readFileSync(path.join(root, entry.relative)))
            // Markdown ends a line at LF, CRLF or a lone CR (positions count all three).
            const lines = (decoded.ok ? decoded.text : '').split(/\r\n|\r|\n/)
            for (const finding of entry.findings) {
              for (const point of [finding.place.start, finding.place.end]) {
                expect(point.line).toBeGreaterThanOrEqual(1)
                expect(point.line).toBeLessThanOrEqual(lines.length)
                expect(point.column).toBeGreaterThanOrEqual(1)
                expect(point.column).toBeLessThanOrEqual(lines[point.line - 1]!.length + 1)
              }
              if (finding.fix) {
                expect(decoded.ok).toBe(true)
                if (decoded.ok) expect(finding.fix.end).toBeLessThanOrEqual(decoded.text.length)
                expect(finding.fix.start).toBeLessThanOrEqual(finding.fix.end)
              }
            }
          }
        } finally {
          fs.rmSync(root, {recursive: true, force: true})
        }
      }),
      runs
    )
  })

  it('reports the same results on every run, cold or from the cache', async () => {
    await fc.assert(
      fc.asyncProperty(base, async (notes) => {
        const root = writeBase(notes)
        const cache = root + '.cache.json'
        try {
          const first = await lint({root, cwd: root, config: {}, cache})
          const second = await lint({root, cwd: root, config: {}, cache})
          expect(second.stats.cache).toBe('hit')
          expect(results(second)).toEqual(results(first))
        } finally {
          fs.rmSync(root, {recursive: true, force: true})
          fs.rmSync(cache, {force: true})
        }
      }),
      runs
    )
  })

  it('after an edit of any one note, a warm run reports what a cold run reports', async () => {
    // Every base rule is on (orphan-note reads other notes' links), so a rule
    // that sees more of other notes than its `meta.reads` says would be
    // served stale from the cache here.
    const config = fc.constantFrom<KbLintConfig>({}, {rules: {'orphan-note': 'warn'}})
    // A new note in its place (landmarks change), or a paragraph of links
    // added (they do not: the cache's findings of the other notes are reused).
    const edit = fc.oneof(
      note.map((replacement) => () => replacement),
      inline.map((paragraph) => (text: string) => text + '\n\n' + paragraph + '\n'),
      target.map((to) => (text: string) => text + '\n\n[[' + to + ']]\n')
    )
    await fc.assert(
      fc.asyncProperty(base, fc.nat(NOTE_NAMES.length - 1), edit, config, async (notes, index, change, chosen) => {
        const root = writeBase(notes)
        const cache = root + '.cache.json'
        try {
          await lint({root, cwd: root, config: chosen, cache})
          fs.writeFileSync(path.join(root, NOTE_NAMES[index]!), change(notes[index]!))
          const warm = await lint({root, cwd: root, config: chosen, cache})
          const cold = await lint({root, cwd: root, config: chosen})
          expect(warm.stats.cache).toBe('hit')
          expect(results(warm)).toEqual(results(cold))
        } finally {
          fs.rmSync(root, {recursive: true, force: true})
          fs.rmSync(cache, {force: true})
        }
      }),
      runs
    )
  })

  it('fixing is idempotent, and after fixing nothing fixable is left', async () => {
    await fc.assert(
      fc.asyncProperty(base, async (notes) => {
        const root = writeBase(notes)
        try {
          const first = await fixBase({root, cwd: root, config: {}})
          const fixable = first.result.findings.flatMap((entry) =>
            entry.findings.filter((finding) => finding.fix && getRule(finding.ruleId)?.meta.fixable === true)
          )
          expect(fixable).toEqual([])
          const snapshot = NOTE_NAMES.map((name) => fs.readFileSync(path.join(root, name)))
          const second = await fixBase({root, cwd: root, config: {}})
          expect(second.applied.size).toBe(0)
          NOTE_NAMES.forEach((name, index) => {
            expect(fs.readFileSync(path.join(root, name)).equals(snapshot[index]!), name).toBe(true)
          })
        } finally {
          fs.rmSync(root, {recursive: true, force: true})
        }
      }),
      runs
    )
  })

  it('moving a note to a name links hardly express: the links resolve after, or the move is refused before anything is written', async () => {
    await fc.assert(
      fc.asyncProperty(awkwardName, fc.boolean(), mode, async (name, withWiki, resolution) => {
        const root = writeBase([])
        // A wiki link is a path from the note's folder in `relative` mode.
        const wiki = resolution === 'relative' ? '../t' : 't'
        try {
          fs.writeFileSync(path.join(root, 't.md'), '# Heading\n')
          fs.mkdirSync(path.join(root, 'sub'))
          fs.writeFileSync(
            path.join(root, 'sub/from.md'),
            '[x](../t.md) [y](<../t.md#heading>) [z]\n\n[z]: ../t.md\n\n| a | b |\n|---|---|\n| [w](../t.md) | c |\n' +
              (withWiki ? `[[${wiki}]] [[${wiki}#Heading|h]]\n` : '')
          )
          const config: KbLintConfig = {links: {resolution}}
          const unresolved = (result: LintResult) =>
            result.references
              .filter((reference) => reference.from.path === 'sub/from.md' && reference.resolution.status !== 'resolved')
              .map((reference) => reference.reference.raw)
          expect(unresolved(await lint({root, cwd: root, config}))).toEqual([])
          const before = snapshotOf(root)
          let moved = true
          try {
            await moveInBase({root, cwd: root, config, from: 't.md', to: `${name}.md`})
          } catch (error) {
            if (!(error instanceof MoveError)) throw error
            const refusal = name.startsWith('.') ? /starts with a dot/ : /no wiki link can name/
            expect(error.message).toMatch(refusal)
            expect(withWiki || name.startsWith('.')).toBe(true)
            expect(snapshotOf(root)).toEqual(before)
            moved = false
          }
          if (!moved) return
          const after = await lint({root, cwd: root, config})
          const links = after.references.filter((reference) => reference.from.path === 'sub/from.md')
          expect(links).toHaveLength(withWiki ? 6 : 4)
          expect(
            links.map((reference) => [reference.reference.raw, reference.resolution.status]).filter(([, status]) => status !== 'resolved')
          ).toEqual([])
          expect(after.findings.flatMap((entry) => entry.findings.filter((finding) => finding.ruleId.startsWith('link-')))).toEqual([])
        } finally {
          fs.rmSync(root, {recursive: true, force: true})
        }
      }),
      {numRuns: propertyRuns(15)}
    )
  })

  it('index --write lists every note with a name links hardly express in a link that resolves, or leaves it out and says so when its Quartz slug is taken', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          awkwardName.filter((name) => !name.startsWith('.')),
          {minLength: 1, maxLength: 4}
        ),
        mode,
        fc.constantFrom('', 'sub/'),
        async (names, resolution, at) => {
          const root = writeBase([])
          const config: KbLintConfig = {links: {resolution}}
          try {
            fs.mkdirSync(path.join(root, 'sub/list'), {recursive: true})
            for (const name of names) fs.writeFileSync(path.join(root, 'sub/list', `${name}.md`), '# T\n')
            fs.writeFileSync(path.join(root, `${at}index.md`), '<!-- kb-lint:index folder="sub/list" -->\n<!-- /kb-lint:index -->\n')
            const outcome = await writeIndexRegions(await lint({root, cwd: root, config}))
            const after = await lint({root, cwd: root, config})
            const listed = new Set(
              after.references
                .filter((reference) => reference.from.path === `${at}index.md` && reference.resolution.status === 'resolved')
                .map((reference) => (reference.resolution as {id: string}).id)
            )
            const findings = after.findings.flatMap((entry) =>
              entry.findings.filter((finding) => /^(link-|index-stale)/.test(finding.ruleId))
            )
            const leftOut = findings.map((finding) => /^`sub\/list\/(.*)\.md` is left out of this index/s.exec(finding.reason)?.[1])
            // Nothing is reported but the notes left out, and `index --write` reported the same ones.
            expect(findings.filter((_, index) => leftOut[index] === undefined).map((finding) => finding.reason)).toEqual([])
            expect(outcome.problems.map((problem) => problem.problem)).toEqual(findings.map((finding) => finding.reason))
            for (const name of names) {
              const id = `sub/list/${name}`.normalize('NFC')
              const out = leftOut.includes(name)
              expect(listed.has(id) !== out, JSON.stringify({name, listed: [...listed], leftOut})).toBe(true)
              // Only Quartz reads names by slug, and only a slug another note takes leaves one out.
              if (out) expect(names.some((other) => other !== name && quartzSlug(other + '.md') === quartzSlug(name + '.md'))).toBe(true)
              if (out) expect(['absolute', 'shortest']).toContain(resolution)
            }
          } finally {
            fs.rmSync(root, {recursive: true, force: true})
          }
        }
      ),
      {numRuns: 40}
    )
  })

  it('--fix re-cases a link to a name links hardly express so that it resolves', async () => {
    await fc.assert(
      fc.asyncProperty(
        awkwardName.filter((name) => !name.startsWith('.')),
        mode,
        async (name, resolution) => {
          fc.pre(resolution !== 'obsidian') // Obsidian ignores case: no mismatch to fix.
          const root = writeBase([])
          const config: KbLintConfig = {links: {resolution}}
          try {
            fs.mkdirSync(path.join(root, 'Dir'))
            fs.writeFileSync(path.join(root, 'Dir', `${name}.md`), '# T\n')
            const destination = encodeDestination(`dir/${name}.md`, '', false, resolution === 'absolute' || resolution === 'shortest')
            fs.writeFileSync(path.join(root, 'from.md'), `[x](${destination}) [y](<${destination}>)\n`)
            const before = await lint({root, cwd: root, config})
            const mismatches = before.findings.flatMap((entry) =>
              entry.findings.filter((finding) => finding.ruleId === 'link-case-mismatch')
            )
            expect(mismatches).toHaveLength(2)
            await fixBase({root, cwd: root, config})
            const after = await lint({root, cwd: root, config})
            const links = after.references.filter((reference) => reference.from.path === 'from.md')
            expect(
              links.map((reference) => [reference.reference.raw, reference.resolution.status]).filter(([, status]) => status !== 'resolved')
            ).toEqual([])
          } finally {
            fs.rmSync(root, {recursive: true, force: true})
          }
        }
      ),
      {numRuns: propertyRuns(15)}
    )
  })
})

const mode = fc.constantFrom<ResolutionMode>('absolute', 'relative', 'shortest', 'obsidian')

/** File names with what links cannot hold as written: `#`, `|`, `%`, `?`, brackets, parentheses, spaces at the ends, line breaks, dots. */
const awkwardName = fc
  .tuple(
    fc.constantFrom('', ' ', '..', '.', '#', '|', '%', '%20', '?', '(', ')', '[', ']', '\n', '\t', '^', '&', 'é', 'Я'),
    fc.constantFrom('name', 'two words', 'Поды', 'a#b', 'a|b', 'a%b', 'x(1)', 'line\nbreak', 'e\u0301'),
    fc.constantFrom('', ' ', '#', '|', '%', '?', ')', ']', '\n', '..')
  )
  .map(([head, middle, tail]) => head + middle + tail)

function snapshotOf(root: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of fs.readdirSync(root, {recursive: true, withFileTypes: true})) {
    if (entry.isFile())
      out[path.relative(root, path.join(entry.parentPath, entry.name))] = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8')
  }
  return out
}
