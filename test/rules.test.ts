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
import {fixBase} from '../src/write/fix.js'
import {lint} from '../src/engine/lint.js'
import {reporters} from '../src/report/index.js'
import {getRule, ruleMetas} from '../src/rules/index.js'
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

/** Findings per rule id in a lint result. */
function countByRule(result: Awaited<ReturnType<typeof lint>>): Map<string, number> {
  const counts = new Map<string, number>()
  for (const entry of result.findings)
    for (const finding of entry.findings) counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1)
  return counts
}

// Every invalid case of a fixable rule is fixed and linted again (not only
// the cases with a `.fixed/` folder, which also pin the exact result).
const fixableCases = fixtureCases().filter((candidate) => !candidate.valid && getRule(candidate.ruleId)?.meta.fixable === true)

describe('rule fixes', () => {
  it('cover every invalid case of every fixable rule', () => {
    expect(fixableCases.length).toBeGreaterThan(0)
    const covered = fixableCases.map((fixture) => fixture.dir)
    for (const fixture of fixtureCases().filter((candidate) => candidate.fixedDir)) expect(covered).toContain(fixture.dir)
  })

  for (const fixture of fixableCases) {
    it(`${fixture.ruleId} / ${fixture.name}: fixing removes what it fixes, adds no problem, and is idempotent`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-fix-'))
      try {
        fs.cpSync(fixture.dir, dir, {recursive: true})
        const before = await lint({root: dir, cwd: dir})
        const offered = before.findings
          .flatMap((entry) => entry.findings)
          .filter((finding) => finding.fix && getRule(finding.ruleId)?.meta.fixable)
        const first = await fixBase({root: dir, cwd: dir})
        // A case whose findings carry fixes gets fixed; one without (e.g. long rows) is left as it is.
        expect(first.applied.size > 0).toBe(offered.length > 0)
        const fixedCount = [...first.applied.values()].reduce((sum, list) => sum + list.length, 0)
        const after = countByRule(first.result)
        const counts = countByRule(before)
        for (const [ruleId, count] of after) expect(count, `fixing adds no ${ruleId} problem`).toBeLessThanOrEqual(counts.get(ruleId) ?? 0)
        expect([...counts.values()].reduce((a, b) => a + b, 0) - [...after.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(
          Math.min(fixedCount, 1)
        )
        if (fixture.fixedDir) {
          for (const file of listFiles(fixture.fixedDir)) {
            if (update) fs.copyFileSync(path.join(dir, file), path.join(fixture.fixedDir, file))
            else
              expect(fs.readFileSync(path.join(dir, file), 'utf8'), file).toBe(fs.readFileSync(path.join(fixture.fixedDir, file), 'utf8'))
          }
        }
        const again = await fixBase({root: dir, cwd: dir})
        expect(again.applied.size, 're-linting the fixed base finds nothing fixable').toBe(0)
      } finally {
        fs.rmSync(dir, {recursive: true, force: true})
      }
    })
  }
})

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
}
