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
import {buildId} from '../src/build-id.js'
import {cacheKey, lint} from '../src/engine/lint.js'
import {reporters} from '../src/report/index.js'
import {ruleMetas} from '../src/rules/index.js'
import {projectRoot} from './fixtures.js'

let base: string

/** A generated base (the worker pool and shards, on a bigger one, are in test/e2e/parallel.test.ts). */
beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-perf-'))
  execFileSync(process.execPath, [path.join(projectRoot, 'bench', 'generate.js'), '--notes', '80', '--seed', '3', '--out', base], {
    stdio: 'ignore'
  })
})

function compact(result: Awaited<ReturnType<typeof lint>>, cwd: string): string {
  return reporters.compact(result.files, {cwd, rules: ruleMetas(), toolVersion: 'test'})
}

describe('the bench generator', {timeout: 120_000}, () => {
  // bench/run.js prints this comparison at every size; here it guards the
  // generator and both parsers together on a small base.
  it.each(['fast', 'remark'] as const)('kb-lint (parser %s) finds exactly its ground truth, at the exact positions', async (parser) => {
    const truth = JSON.parse(fs.readFileSync(path.join(base, 'ground-truth.json'), 'utf8')) as Array<{
      path: string
      line: number
      column: number
      ruleId: string
    }>
    expect(truth.length).toBeGreaterThan(0)
    const result = await lint({root: base, cwd: base, jobs: 1, parser})
    const found = result.files.flatMap((file) =>
      file.messages.map((message) => ({path: file.path, line: message.line, column: message.column, ruleId: message.ruleId}))
    )
    const key = (problem: {path: string; line: number | undefined; column: number | undefined; ruleId: string | undefined | null}) =>
      `${problem.path}:${problem.line}:${problem.column} ${problem.ruleId}`
    expect(found.map(key).sort()).toEqual(truth.map(key).sort())
  })
})

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

    // The same version and config, but code built from other sources.
    const key = cacheKey(other.settings)
    expect(key).toContain(buildId())
    const header = fs.readFileSync(cacheFile, 'utf8')
    expect(header).toContain(JSON.stringify(key))
    fs.writeFileSync(cacheFile, header.replace(JSON.stringify(key), JSON.stringify(key.replace(buildId(), 'another-build'))))
    expect((await lint({root: dir, cwd: dir, cache: cacheFile, config: {rules: {'link-unresolved': 'warn'}}})).stats.cache).toBe('stale')

    fs.writeFileSync(cacheFile, fs.readFileSync(cacheFile, 'utf8').slice(0, 60))
    const corrupt = await lint({root: dir, cwd: dir, cache: cacheFile})
    expect(corrupt.stats.cache).toBe('corrupt')
    expect(corrupt.files[0]!.messages).toHaveLength(1)
    expect((await lint({root: dir, cwd: dir, cache: cacheFile})).stats.cache).toBe('hit')

    const foreign = path.join(dir, 'notes.txt')
    fs.writeFileSync(foreign, 'my own notes, not a cache')
    await expect(lint({root: dir, cwd: dir, cache: foreign})).rejects.toThrow(
      /cannot use .*notes\.txt as the cache: it is a file that is not a kb-lint cache/
    )
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
