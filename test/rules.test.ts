/**
 * Fixture-driven rule tests: every case folder under fixtures/rules/<rule>/
 * is a small base; `<case>.expected` holds the exact diagnostics in compact
 * form (`path:line:column  severity  message  rule-id`). `valid-*` cases
 * expect nothing of their rule. Run with UPDATE_FIXTURES=1 to rewrite the
 * expected files (then review the diff!).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {fixBase} from '../src/engine/fix.js'
import {lint} from '../src/engine/lint.js'
import {reporters} from '../src/report/index.js'
import {ruleMetas} from '../src/rules/index.js'
import {fixtureCases} from './fixtures.js'

const update = process.env.UPDATE_FIXTURES === '1'

async function compactReport(dir: string): Promise<string> {
  const result = await lint({root: dir, cwd: dir})
  const text = reporters.compact(result.files, {cwd: dir, rules: ruleMetas(), toolVersion: 'test'})
  return text === '' ? '' : text + '\n'
}

describe('rule fixtures', () => {
  for (const fixture of fixtureCases()) {
    it(`${fixture.ruleId} / ${fixture.name}`, async () => {
      const actual = await compactReport(fixture.dir)
      if (update) fs.writeFileSync(fixture.expectedFile, actual)
      const expected = fs.readFileSync(fixture.expectedFile, 'utf8')
      expect(actual).toBe(expected)
      const lines = actual.split('\n').filter(Boolean)
      const ofRule = lines.filter((line) => line.endsWith('  ' + fixture.ruleId))
      if (fixture.valid) expect(ofRule, 'a valid case has no finding of its rule').toEqual([])
      else expect(ofRule.length, 'an invalid case shows its rule').toBeGreaterThan(0)
    })
  }
})

describe('rule fixes', () => {
  for (const fixture of fixtureCases().filter((candidate) => candidate.fixedDir)) {
    it(`${fixture.ruleId} / ${fixture.name} is fixed, and fixing is idempotent`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-fix-'))
      fs.cpSync(fixture.dir, dir, {recursive: true})
      const first = await fixBase({root: dir, cwd: dir})
      expect(first.applied.size).toBeGreaterThan(0)
      for (const file of listFiles(fixture.fixedDir!)) {
        const expected = fs.readFileSync(path.join(fixture.fixedDir!, file))
        if (update) continue
        expect(fs.readFileSync(path.join(dir, file)).toString('utf8'), file).toBe(expected.toString('utf8'))
      }
      if (update) {
        for (const file of listFiles(fixture.fixedDir!)) fs.copyFileSync(path.join(dir, file), path.join(fixture.fixedDir!, file))
      }
      const again = await fixBase({root: dir, cwd: dir})
      expect(again.applied.size, 're-linting the fixed base finds nothing fixable').toBe(0)
    })
  }
})

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
}
