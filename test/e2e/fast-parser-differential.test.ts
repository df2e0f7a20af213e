/**
 * The large differential run of the fast parser (test/fast-parser.test.ts
 * has the bounded one): 100,000 fast-check documents and two generated
 * bases of 1,000 notes, same summary from both parsers.
 * `FAST_PARSER_RUNS=N` changes the number of documents.
 */
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {compareParsers} from '../../src/syntax/fast/compare.js'
import {assertSameSummaries} from '../fast-parser-documents.js'

const repo = path.resolve(import.meta.dirname, '../..')
const runs = Number(process.env.FAST_PARSER_RUNS ?? 100_000)
const temporary: string[] = []
afterAll(() => {
  for (const folder of temporary) rmSync(folder, {recursive: true, force: true})
})

describe('fast parser differential (large)', () => {
  it(`${runs} fast-check documents`, () => {
    const fast = assertSameSummaries(runs)
    console.log(
      `fast parser differential: ${runs} documents, ${fast} read by the fast parser and compared with remark (0 different), ${runs - fast} fell back to remark`
    )
  }, 3_600_000)

  it('generated bases of 1,000 notes (seeds 7 and 8)', () => {
    for (const seed of [7, 8]) {
      const folder = mkdtempSync(path.join(tmpdir(), 'kb-lint-fast-e2e-'))
      temporary.push(folder)
      execFileSync(process.execPath, [path.join(repo, 'bench/generate.js'), '--notes', '1000', '--seed', String(seed), '--out', folder], {
        stdio: 'ignore'
      })
      const walk = (directory: string): string[] =>
        readdirSync(directory, {withFileTypes: true}).flatMap((entry) =>
          entry.isDirectory()
            ? walk(path.join(directory, entry.name))
            : entry.name.endsWith('.md')
              ? [path.join(directory, entry.name)]
              : []
        )
      const files = walk(folder)
      expect(files).toHaveLength(1000)
      for (const file of files) expect(compareParsers(readFileSync(file), path.relative(folder, file)).difference, file).toBeUndefined()
    }
  }, 1_800_000)
})
