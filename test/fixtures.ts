/**
 * What many test files share: the project's paths, discovery of rule fixtures
 * (`fixtures/rules/<rule-id>/<case>/` + `<case>.expected`), and running the built CLI.
 */
import {spawnSync} from 'node:child_process'
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

/** Path of the built CLI (the vitest global setup rebuilds `dist/` when it is stale). */
export const cliPath = path.join(projectRoot, 'dist', 'cli.js')

/** Run the built CLI as a user would, without colours; exit code and both streams. */
export function runCli(args: string[], cwd = projectRoot): {code: number | null; stdout: string; stderr: string} {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd,
    encoding: 'utf8',
    env: {...process.env, NO_COLOR: '1', FORCE_COLOR: undefined}
  })
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}
