/**
 * Fixture-driven rule tests: every case folder under fixtures/rules/<rule>/
 * is a small base; `<case>.expected` holds the exact diagnostics in compact
 * form (`path:line:column  severity  message  rule-id`). `valid-*` cases
 * expect nothing of their rule. Run with UPDATE_FIXTURES=1 to rewrite the
 * expected files (then review the diff!).
 */
import fs from 'node:fs'
import {describe, expect, it} from 'vitest'
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
