/**
 * The machinery that makes kb-lint fast must not change what it reports:
 * cached, parallel and sharded runs give exactly the results of a plain
 * single-thread run. (Speed itself is measured by `npm run bench`, never here.)
 * The compiled CLI's worker pool and shards: test/e2e/parallel.test.ts.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {lint} from '../src/engine/lint.js'
import {reporters} from '../src/report/index.js'
import {ruleMetas} from '../src/rules/index.js'
import {projectRoot} from './fixtures.js'

let base: string

/** A generated base (the worker pool and shards, on a bigger one, are in test/e2e/parallel.test.ts). */
beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-perf-'))
  execFileSync(process.execPath, [path.join(projectRoot, 'bench', 'generate.js'), '--notes', '80', '--seed', '3', '--out', base], {stdio: 'ignore'})
})

function compact(result: Awaited<ReturnType<typeof lint>>, cwd: string): string {
  return reporters.compact(result.files, {cwd, rules: ruleMetas(), toolVersion: 'test'})
}


describe('summary cache', {timeout: 120_000}, () => {
  it('reuses summaries, re-parses only an edited note, and reports the same', async () => {
    const cacheFile = path.join(base, '..', path.basename(base) + '-cache.json')
    const cold = await lint({root: base, cwd: base, cache: cacheFile, jobs: 1})
    expect(cold.stats).toMatchObject({cache: 'empty', cached: 0})
    const warm = await lint({root: base, cwd: base, cache: cacheFile, jobs: 1})
    expect(warm.stats).toMatchObject({cache: 'hit', parsed: 0, cached: cold.stats.parsed})
    expect(compact(warm, base)).toBe(compact(cold, base))

    // Break a link in one note: only that note is parsed again, and the whole base is still checked.
    const note = cold.base.notes.find((candidate) => candidate.references.length > 0)!
    const file = path.join(base, note.path)
    fs.appendFileSync(file, '\n[[no/such/note]]\n')
    const edited = await lint({root: base, cwd: base, cache: cacheFile, jobs: 1})
    expect(edited.stats).toMatchObject({cache: 'hit', parsed: 1})
    const fresh = await lint({root: base, cwd: base, jobs: 1})
    expect(compact(edited, base)).toBe(compact(fresh, base))
    expect(compact(edited, base)).toContain('[[no/such/note]]')
  })

  it('never trusts a cache from another config, or a corrupt one; never overwrites a foreign file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-cache-'))
    fs.writeFileSync(path.join(dir, 'a.md'), '---\ntitle: A\ndescription: B\n---\n[[b]]\n')
    const cacheFile = path.join(dir, '.cache.json')
    await lint({root: dir, cwd: dir, cache: cacheFile})
    const other = await lint({root: dir, cwd: dir, cache: cacheFile, config: {rules: {'link-unresolved': 'warn'}}})
    expect(other.stats.cache).toBe('stale')
    expect(other.files[0]!.messages[0]!.fatal).toBe(false)

    fs.writeFileSync(cacheFile, fs.readFileSync(cacheFile, 'utf8').slice(0, 60))
    const corrupt = await lint({root: dir, cwd: dir, cache: cacheFile})
    expect(corrupt.stats.cache).toBe('corrupt')
    expect(corrupt.files[0]!.messages).toHaveLength(1)
    expect((await lint({root: dir, cwd: dir, cache: cacheFile})).stats.cache).toBe('hit')

    const foreign = path.join(dir, 'notes.txt')
    fs.writeFileSync(foreign, 'my own notes, not a cache')
    await expect(lint({root: dir, cwd: dir, cache: foreign})).rejects.toThrow(/cannot use .*notes\.txt as the cache: it is a file that is not a kb-lint cache/)
    expect(fs.readFileSync(foreign, 'utf8')).toBe('my own notes, not a cache')
  })
})

describe('file-list mode', () => {
  it('checks only the given notes, with the same findings a whole-base run gives them', async () => {
    const whole = await lint({root: base, cwd: base, jobs: 1})
    const withLinks = whole.findings.filter((entry) => entry.findings.some((finding) => finding.ruleId.startsWith('link-'))).slice(0, 3)
    expect(withLinks.length).toBe(3)
    const files = withLinks.map((entry) => entry.relative)
    const some = await lint({root: base, cwd: base, jobs: 1, files})
    expect(some.findings.map((entry) => entry.relative)).toEqual(files)
    expect(some.findings).toEqual(withLinks)
    // Only the given notes' links were resolved.
    expect(new Set(some.references.map((reference) => reference.from.path))).toEqual(new Set(files))
  })
})
