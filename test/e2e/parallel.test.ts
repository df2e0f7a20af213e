/**
 * The compiled CLI's worker pool, its cache written from worker results, and
 * shards: the same report as a plain single-thread run. A generated base
 * big enough for the worker pool (≥ 7,500 notes to parse, engine/collect.ts)
 * makes this slow, so it runs with `npm run test:e2e`.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {projectRoot} from '../fixtures.js'

const cli = path.join(projectRoot, 'dist', 'cli.js')
/** The JSON report of 7,600 notes is ≈ 2.5 MB, past spawnSync's default 1 MB. */
const REPORT_BYTES = 64 * 1024 * 1024
let scratch: string
let base: string

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-parallel-'))
  base = path.join(scratch, 'base')
  execFileSync(process.execPath, [path.join(projectRoot, 'bench', 'generate.js'), '--notes', '7600', '--seed', '3', '--out', base], {
    stdio: 'ignore'
  })
})

afterAll(() => fs.rmSync(scratch, {recursive: true, force: true}))

function runCli(args: string[]): string {
  const result = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json', ...args], {
    cwd: base,
    encoding: 'utf8',
    maxBuffer: REPORT_BYTES
  })
  expect(result.stderr).toBe('')
  expect(result.status).toBe(1)
  return result.stdout
}

describe('parallel parsing and shards (compiled CLI)', {timeout: 180_000}, () => {
  it('gives identical results with --jobs 1 (this thread alone) and --jobs 3 (two workers beside it)', () => {
    const single = runCli(['--no-cache', '--jobs', '1'])
    const parallel = runCli(['--no-cache', '--jobs', '3'])
    expect(parallel).toBe(single)
    expect(JSON.parse(single).length).toBeGreaterThan(7500)
  })

  it('compiles a config’s own frontmatter schema in every thread (ajv is loaded only for such a config)', () => {
    const config = path.join(scratch, 'schema-config.json')
    fs.writeFileSync(
      config,
      JSON.stringify({frontmatter: {schema: {type: 'object', required: ['title', 'owner'], properties: {owner: {type: 'string'}}}}})
    )
    const single = runCli(['--no-cache', '--jobs', '1', '--config', config])
    const parallel = runCli(['--no-cache', '--jobs', '3', '--config', config])
    expect(parallel).toBe(single)
    const messages = (JSON.parse(single) as Array<{messages: Array<{ruleId: string; reason: string}>}>).flatMap((file) => file.messages)
    expect(messages.filter((message) => message.ruleId === 'frontmatter-schema').length).toBeGreaterThan(7000)
    expect(messages.filter((message) => message.reason.includes('internal error'))).toEqual([])
  })

  it('writes its cache from worker results, then re-parses and re-checks only an edited note', () => {
    const cacheFile = path.join(base, '..', `${path.basename(base)}-cli-cache.json`)
    const debug = (args: string[]) => {
      const result = spawnSync(
        process.execPath,
        [cli, 'check', '.', '--format', 'json', '--cache-location', cacheFile, '--debug', ...args],
        {cwd: base, encoding: 'utf8', maxBuffer: REPORT_BYTES}
      )
      expect(result.status).toBe(1)
      return {stdout: result.stdout, stderr: result.stderr}
    }
    const cold = debug(['--jobs', '2'])
    expect(cold.stderr).toMatch(
      /7600 parsed \(1 workers(; 0 by the reference parser after the fast one fell back)?\), 0 from the cache \(empty\); links of 7600 checked/
    )
    expect(fs.readFileSync(cacheFile, 'utf8').startsWith('{"format":"kb-lint-cache"')).toBe(true)
    const warm = debug([])
    expect(warm.stderr).toMatch(/0 parsed \(0 workers[^)]*\), 7600 from the cache \(hit\); links of 0 checked/)
    expect(warm.stdout).toBe(cold.stdout)

    const note = JSON.parse(cold.stdout)[5].path as string
    const original = fs.readFileSync(path.join(base, note))
    try {
      fs.appendFileSync(path.join(base, note), '\n[[no/such/note]]\n')
      const edited = debug([])
      expect(edited.stderr).toMatch(/1 parsed \(0 workers[^)]*\), 7599 from the cache \(hit\); links of 1 checked/)
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
      const result = spawnSync(process.execPath, [cli, 'check', '.', '--shard', `${index}/3`, '--summary-out', out], {
        cwd: base,
        encoding: 'utf8',
        maxBuffer: REPORT_BYTES
      })
      expect(result.status).toBe(0)
      return out
    })
    const merged = spawnSync(process.execPath, [cli, 'merge', ...shardFiles, '--format', 'json'], {
      cwd: base,
      encoding: 'utf8',
      maxBuffer: REPORT_BYTES
    })
    expect(merged.status).toBe(1)
    expect(merged.stdout).toBe(single)

    const missing = spawnSync(process.execPath, [cli, 'merge', shardFiles[0]!, shardFiles[2]!], {
      cwd: base,
      encoding: 'utf8',
      maxBuffer: REPORT_BYTES
    })
    expect(missing.status).toBe(2)
    expect(missing.stderr).toMatch(/Missing shard 2\/3/)
  })
})
