/**
 * The machinery that makes kb-lint fast must not change what it reports:
 * cached, parallel and sharded runs give exactly the results of a plain
 * single-thread run. (Speed itself is measured by `npm run bench`, never here.)
 */
import {execFileSync, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {lint} from '../src/engine/lint.js'
import {reporters} from '../src/report/index.js'
import {ruleMetas} from '../src/rules/index.js'
import {projectRoot} from './fixtures.js'

const cli = path.join(projectRoot, 'dist', 'cli.js')
let base: string

/** A generated base big enough for the worker pool (≥ 200 notes to parse). */
beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-perf-'))
  execFileSync(process.execPath, [path.join(projectRoot, 'bench', 'generate.js'), '--notes', '260', '--seed', '3', '--out', base], {stdio: 'ignore'})
})

function compact(result: Awaited<ReturnType<typeof lint>>, cwd: string): string {
  return reporters.compact(result.files, {cwd, rules: ruleMetas(), toolVersion: 'test'})
}

function runCli(args: string[]): string {
  const result = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json', ...args], {cwd: base, encoding: 'utf8'})
  expect(result.stderr).toBe('')
  expect(result.status).toBe(1)
  return result.stdout
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

describe('parallel parsing and shards (compiled CLI)', {timeout: 180_000}, () => {
  it('gives identical results with --jobs 1 and --jobs 2', () => {
    const single = runCli(['--no-cache', '--jobs', '1'])
    const parallel = runCli(['--no-cache', '--jobs', '2'])
    expect(parallel).toBe(single)
    expect(JSON.parse(single).length).toBeGreaterThan(250)
  })

  it('writes its cache from worker results, then re-parses and re-checks only an edited note', () => {
    const cacheFile = path.join(base, '..', `${path.basename(base)}-cli-cache.json`)
    const debug = (args: string[]) => {
      const result = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json', '--cache-location', cacheFile, '--debug', ...args], {cwd: base, encoding: 'utf8'})
      expect(result.status).toBe(1)
      return {stdout: result.stdout, stderr: result.stderr}
    }
    const cold = debug([])
    expect(cold.stderr).toMatch(/260 parsed \(\d workers\), 0 from the cache \(empty\); links of 260 checked/)
    expect(fs.readFileSync(cacheFile, 'utf8').startsWith('{"format":"kb-lint-cache"')).toBe(true)
    const warm = debug([])
    expect(warm.stderr).toMatch(/0 parsed \(0 workers\), 260 from the cache \(hit\); links of 0 checked/)
    expect(warm.stdout).toBe(cold.stdout)

    const note = JSON.parse(cold.stdout)[5].path as string
    const original = fs.readFileSync(path.join(base, note))
    try {
      fs.appendFileSync(path.join(base, note), '\n[[no/such/note]]\n')
      const edited = debug([])
      expect(edited.stderr).toMatch(/1 parsed \(0 workers\), 259 from the cache \(hit\); links of 1 checked/)
      expect(edited.stdout).toBe(runCli(['--no-cache']))
      expect(edited.stdout).toContain('[[no/such/note]]')
    } finally {
      fs.writeFileSync(path.join(base, note), original)
    }
  })

  it('merges shards into exactly the report of a single run', () => {
    const single = runCli(['--no-cache'])
    const shardFiles = [1, 2, 3].map((index) => {
      const out = path.join(base, '..', `${path.basename(base)}-shard-${index}.json`)
      const result = spawnSync(process.execPath, [cli, 'check', '.', '--shard', `${index}/3`, '--summary-out', out], {cwd: base, encoding: 'utf8'})
      expect(result.status).toBe(0)
      return out
    })
    const merged = spawnSync(process.execPath, [cli, 'merge', ...shardFiles, '--format', 'json'], {cwd: base, encoding: 'utf8'})
    expect(merged.status).toBe(1)
    expect(merged.stdout).toBe(single)

    const missing = spawnSync(process.execPath, [cli, 'merge', shardFiles[0]!, shardFiles[2]!], {cwd: base, encoding: 'utf8'})
    expect(missing.status).toBe(2)
    expect(missing.stderr).toMatch(/Missing shard 2\/3/)
  })
})
