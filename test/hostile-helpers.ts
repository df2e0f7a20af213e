/** Helpers shared by the hostile-input suites (test/safety.test.ts, test/e2e/hostile.test.ts). */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {LintResult} from '../src/engine/lint.js'
import type {Finding} from '../src/kb/model.js'

/** Frontmatter that satisfies the default schema. */
export const good = '---\ntitle: "A"\ndescription: "B"\n---\n'

/** A new temporary folder, by its real path (under the test run's TMPDIR). */
export function tempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)))
}

export function write(root: string, name: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(path.join(root, name)), {recursive: true})
  fs.writeFileSync(path.join(root, name), data)
}

export function findingsOf(result: LintResult, relative: string): Finding[] {
  const entry = result.findings.find((candidate) => candidate.relative === relative)
  if (!entry) throw new Error(`no entry for ${relative}; have ${result.findings.map((e) => e.relative).join(', ')}`)
  return entry.findings
}

export function ids(findings: Finding[]): string[] {
  return findings.map((finding) => finding.ruleId)
}
