/** Discovery of rule fixtures: `fixtures/rules/<rule-id>/<case>/` + `<case>.expected`. */
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const rulesFixtures = path.join(projectRoot, 'fixtures', 'rules')

export interface FixtureCase {
  ruleId: string
  name: string
  /** The case's base root. */
  dir: string
  expectedFile: string
  /** Notes as a fix should leave them (`<case>.fixed/`), when the case has one. */
  fixedDir?: string
  valid: boolean
}

export function fixtureCases(): FixtureCase[] {
  const cases: FixtureCase[] = []
  for (const ruleId of fs.readdirSync(rulesFixtures).sort()) {
    const ruleDir = path.join(rulesFixtures, ruleId)
    for (const entry of fs.readdirSync(ruleDir, {withFileTypes: true})) {
      if (!entry.isDirectory() || entry.name.endsWith('.fixed')) continue
      const dir = path.join(ruleDir, entry.name)
      const fixedDir = dir + '.fixed'
      cases.push({
        ruleId,
        name: entry.name,
        dir,
        expectedFile: dir + '.expected',
        fixedDir: fs.existsSync(fixedDir) ? fixedDir : undefined,
        valid: entry.name.startsWith('valid-')
      })
    }
  }
  return cases
}
