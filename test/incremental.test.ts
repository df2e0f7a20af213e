/**
 * A warm run re-checks only the notes whose bytes changed, reusing the other
 * notes' base findings from the cache — but only while the world they were
 * made in (files, folders, every note's landmarks) is unchanged. Each step
 * below edits the base the way writers do and demands exactly the report of
 * a run without a cache.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'
import type {KbLintConfig} from '../src/config/types.js'
import {lint} from '../src/engine/lint.js'
import {openCache} from '../src/incremental/cache.js'
import {EncodedSummaryError} from '../src/incremental/encoded-summary.js'
import {reporters} from '../src/report/index.js'
import {ruleMetas} from '../src/rules/index.js'

let root: string
let cacheFile: string

const NOTES: Record<string, string> = {
  'a.md': [
    '---',
    'title: A',
    'description: Links to everything',
    '---',
    '# A',
    '',
    'See [[b#Intro]], [[b#Old heading]], [[c]], [[alias-name]], [[#Local]] and ![[img/x.png]].',
    '',
    '## Local',
    ''
  ].join('\n'),
  'b.md': '---\ntitle: B\ndescription: Has headings\n---\n# B\n\n## Intro\n\n## Old heading\n',
  'd.md':
    '---\ntitle: D\ndescription: Lists sub\n---\n# D\n\n<!-- kb-lint:index folder="sub" -->\n- [[sub/e|E]]\n<!-- /kb-lint:index -->\n',
  'sub/e.md': '---\ntitle: E\ndescription: In a folder\n---\n# E\n',
  'f.md': '---\ntitle: F\ndescription: Links to A\n---\n# F\n\n[[a]] and [[d]]\n'
}

function write(relative: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, relative)), {recursive: true})
  fs.writeFileSync(path.join(root, relative), text)
}

function edit(relative: string, change: (text: string) => string): void {
  write(relative, change(fs.readFileSync(path.join(root, relative), 'utf8')))
}

async function report(options: {cache?: string; config?: KbLintConfig; files?: string[]}) {
  const result = await lint({root, cwd: root, jobs: 1, ...options})
  return {result, text: reporters.compact(result.files, {cwd: root, rules: ruleMetas(), toolVersion: 'test'})}
}

/** Check with the cache and without; both must say the same. */
async function expectSameAsFresh(config?: KbLintConfig) {
  const warm = await report({cache: cacheFile, config})
  const fresh = await report({config})
  expect(warm.text).toBe(fresh.text)
  return {warm: warm.result, text: warm.text}
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-incremental-'))
  cacheFile = path.join(root, '..', `${path.basename(root)}-cache.json`)
  for (const [relative, text] of Object.entries(NOTES)) write(relative, text)
})

describe('incremental whole-base pass', () => {
  it('re-checks only edited notes while landmarks stay, and everything when they move', async () => {
    const first = await expectSameAsFresh()
    expect(first.warm.stats).toMatchObject({cache: 'empty', checked: 5})
    expect(first.text).toContain('link-unresolved')
    const again = await expectSameAsFresh()
    expect(again.warm.stats).toMatchObject({cache: 'hit', parsed: 0, checked: 0})

    // A paragraph added: nothing another note can see changed.
    edit('f.md', (text) => text + '\nMore words here.\n')
    expect((await expectSameAsFresh()).warm.stats).toMatchObject({parsed: 1, checked: 1})

    // A new broken link in an edited note is found.
    edit('a.md', (text) => text + '\n[[nowhere]]\n')
    const broken = await expectSameAsFresh()
    expect(broken.warm.stats.checked).toBeLessThanOrEqual(2)
    expect(broken.text).toContain('[[nowhere]]')

    // A heading renamed: a link in another, unchanged note breaks.
    edit('b.md', (text) => text.replace('## Old heading', '## New heading'))
    const renamed = await expectSameAsFresh()
    expect(renamed.warm.stats.checked).toBe(5)
    expect(renamed.text).toContain('no heading `Old heading`')

    // A note appears that an unchanged note was waiting for.
    write('c.md', '---\ntitle: C\ndescription: New\n---\n# C\n')
    expect((await expectSameAsFresh()).text).not.toContain('[[c]]')

    // An attachment appears; an alias is added; a title changes (index-stale).
    write('img/x.png', 'png')
    edit('sub/e.md', (text) => text.replace('title: E', 'title: E renamed\naliases: [alias-name]'))
    const landmarks = await expectSameAsFresh()
    expect(landmarks.text).not.toContain('img/x.png')
    expect(landmarks.text).not.toContain('[[alias-name]]')
    expect(landmarks.text).toContain('index-stale')

    // A note disappears: links to it break again.
    fs.rmSync(path.join(root, 'c.md'))
    expect((await expectSameAsFresh()).text).toContain('[[c]]')

    // Several runs with nothing changed keep agreeing.
    expect((await expectSameAsFresh()).warm.stats.parsed).toBeLessThanOrEqual(5)
  })

  it('never reuses findings of a rule that reads other notes’ links (orphan-note)', async () => {
    const config: KbLintConfig = {rules: {'orphan-note': 'warn'}}
    await expectSameAsFresh(config)
    expect((await expectSameAsFresh(config)).text).not.toMatch(/`a`.*orphan-note/)
    // F stops linking to A: A becomes an orphan though A itself did not change.
    edit('f.md', (text) => text.replace('[[a]] and ', ''))
    const orphaned = await expectSameAsFresh(config)
    expect(orphaned.text).toMatch(/No other note links to `a`/)
    expect(orphaned.warm.stats.checked).toBe(5)
  })

  it('agrees after file-list runs, which check only some notes', async () => {
    await expectSameAsFresh()
    edit('f.md', (text) => text + '\n[[missing-from-f]]\n')
    const some = await report({cache: cacheFile, files: ['f.md']})
    expect(some.text).toContain('[[missing-from-f]]')
    edit('b.md', (text) => text.replace('## Intro', '## Introduction'))
    await report({cache: cacheFile, files: ['b.md']})
    const whole = await expectSameAsFresh()
    expect(whole.text).toContain('no heading `Intro`')
  })

  it('starts over without the cache when its header is damaged', async () => {
    await expectSameAsFresh()
    edit('f.md', (text) => text + '\nchanged\n')
    await expectSameAsFresh()
    // Overwrite the header (the second line) with same-length garbage.
    const bytes = fs.readFileSync(cacheFile)
    const header = bytes.indexOf(10) + 1
    bytes.fill(0x7b, header, bytes.indexOf(10, header))
    fs.writeFileSync(cacheFile, bytes)
    const graphLike = await lint({root, cwd: root, jobs: 1, cache: cacheFile})
    expect(graphLike.stats.cache).toBe('corrupt')
    const fresh = await report({})
    expect(reporters.compact(graphLike.files, {cwd: root, rules: ruleMetas(), toolVersion: 'test'})).toBe(fresh.text)
    expect(graphLike.references.length).toBe(fresh.result.references.length)
    expect((await lint({root, cwd: root, jobs: 1, cache: cacheFile})).stats.cache).toBe('hit')
  })

  it('parses a note again when its stored links are damaged, during the run or after it, and rewrites the file', async () => {
    await expectSameAsFresh()
    // Every note is checked again (a heading changed), so every note's links are read during the run.
    edit('b.md', (text) => text.replace('## Intro', '## Introduction'))
    const damageBody = () => {
      const bytes = fs.readFileSync(cacheFile)
      const body = bytes.indexOf(10, bytes.indexOf(10) + 1) + 1
      bytes.fill(0x7b, body, bytes.length)
      fs.writeFileSync(cacheFile, bytes)
    }
    damageBody()
    const during = await lint({root, cwd: root, jobs: 1, cache: cacheFile})
    const fresh = await report({})
    expect(during.stats.cache).toBe('hit')
    expect(during.stats.repaired).toBeGreaterThan(0)
    expect(reporters.compact(during.files, {cwd: root, rules: ruleMetas(), toolVersion: 'test'})).toBe(fresh.text)
    // The file was rewritten whole: the next run finds nothing damaged.
    const healed = await lint({root, cwd: root, jobs: 1, cache: cacheFile})
    expect(healed.stats.cache).toBe('hit')
    expect(healed.stats.repaired).toBeUndefined()

    // Damage found only after the run (a graph reads every note's links): the notes are parsed again.
    damageBody()
    const later = await lint({root, cwd: root, jobs: 1, cache: cacheFile})
    expect(later.stats.repaired).toBeUndefined()
    expect(later.references.map(({from, reference, resolution}) => [from.path, reference.raw, resolution])).toEqual(
      fresh.result.references.map(({from, reference, resolution}) => [from.path, reference.raw, resolution])
    )
    expect(JSON.parse(JSON.stringify(later.base.notes))).toEqual(JSON.parse(JSON.stringify(fresh.result.base.notes)))
  })

  it('gives cached notes their links and headings when they are read', async () => {
    const fresh = await lint({root, cwd: root, jobs: 1})
    await lint({root, cwd: root, jobs: 1, cache: cacheFile})
    const warm = await lint({root, cwd: root, jobs: 1, cache: cacheFile})
    expect(warm.stats.cache).toBe('hit')
    expect(JSON.parse(JSON.stringify(warm.base.notes))).toEqual(JSON.parse(JSON.stringify(fresh.base.notes)))
    expect(warm.references.map(({from, reference, resolution}) => [from.path, reference.raw, resolution])).toEqual(
      fresh.references.map(({from, reference, resolution}) => [from.path, reference.raw, resolution])
    )
  })
})

describe('cached summaries written again', () => {
  it('keep titles, descriptions and tags when the file is rewritten from them', async () => {
    write('g.md', '---\ntitle: G\ndescription: Tagged\ntags: [ops, встречи]\naliases: [gee]\n---\n# G\n')
    write('h.md', '# H without frontmatter\n')
    await lint({root, cwd: root, jobs: 1, cache: cacheFile})
    // A new note makes the next run rewrite the file, mostly from summaries it took from it.
    write('i.md', '---\ntitle: I\ndescription: New\n---\n# I\n')
    const rewriting = await lint({root, cwd: root, jobs: 1, cache: cacheFile})
    expect(rewriting.stats.cache).toBe('hit')
    const warm = await lint({root, cwd: root, jobs: 1, cache: cacheFile})
    expect(warm.stats).toMatchObject({cache: 'hit', parsed: 0})
    const fresh = await lint({root, cwd: root, jobs: 1})
    const shown = (notes: typeof warm.base.notes) =>
      notes.map((note) => ({
        // Keys with a value: a fresh summary may hold `tags: undefined`, which JSON (and the cache) leaves out.
        keys: Object.entries(note)
          .filter(([, value]) => value !== undefined)
          .map(([key]) => key)
          .sort(),
        title: note.title,
        description: note.description,
        tags: note.tags
      }))
    expect(shown(warm.base.notes)).toEqual(shown(fresh.base.notes))
    expect(warm.base.notes.find((note) => note.path === 'g.md')?.tags).toEqual(['ops', 'встречи'])
    expect(JSON.parse(JSON.stringify(warm.base.notes))).toEqual(JSON.parse(JSON.stringify(fresh.base.notes)))
  })
})

describe('the cache body, read on demand', () => {
  it('checks each note’s range when it is read, and trusts only a note parsed again to the same bytes', async () => {
    const notes = (await lint({root, cwd: root, jobs: 1})).base.notes
    await openCache(cacheFile, 'key').save(notes, root, Date.now())
    const bytes = fs.readFileSync(cacheFile)
    // Damage the last byte of the body: the last note's details.
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1
    fs.writeFileSync(cacheFile, bytes)
    const last = notes[notes.length - 1]!
    const read = (options: Parameters<typeof openCache>[2]) => {
      const cache = openCache(cacheFile, 'key', options)
      expect(cache.status).toBe('hit')
      return {cache, note: cache.get(last.path, last.hash)!}
    }

    // Another note's range is intact and reads as it was stored.
    const intact = openCache(cacheFile, 'key').get(notes[0]!.path, notes[0]!.hash)!
    expect(intact.references).toEqual(notes[0]!.references)

    expect(() => read({}).note.headings).toThrow(EncodedSummaryError)
    const changedSince = {...last, hash: 'another'}
    expect(() => read({reparse: () => changedSince}).note.references).toThrow(/is damaged \(the bytes of sub\/e\.md\)/)
    const {cache, note} = read({reparse: (relative) => notes.find((summary) => summary.path === relative)})
    expect(note.headings).toEqual(last.headings)
    expect(note.references).toEqual(last.references)
    expect(cache.repaired).toBe(1)
    expect(cache.needsSave(notes)).toBe(true)
  })
})
