/**
 * The build id (src/build-id.ts): a hash of what the build is made from.
 * The cache is keyed on it, and the test setup rebuilds dist/ when it differs.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {buildId, sourceBuildId} from '../src/build-id.js'
import {projectRoot} from './fixtures.js'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-build-id-'))
afterAll(() => fs.rmSync(root, {recursive: true, force: true}))

function write(relative: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, relative)), {recursive: true})
  fs.writeFileSync(path.join(root, relative), text)
}

describe('the build id', () => {
  it('changes with the sources, the schemas and the dependencies, not with tests or docs', () => {
    write('src/a.ts', 'export const a = 1\n')
    write('package.json', '{"name": "x"}\n')
    const first = sourceBuildId(root)
    write('test/a.test.ts', 'changed\n')
    write('README.md', 'changed\n')
    expect(sourceBuildId(root)).toBe(first)
    for (const [file, text] of [
      ['src/a.ts', 'export const a = 2\n'],
      ['schema/config.schema.json', '{}\n'],
      ['package-lock.json', '{}\n']
    ] as const) {
      const before = sourceBuildId(root)
      write(file, text)
      expect(sourceBuildId(root), file).not.toBe(before)
    }
  })

  it('is the sources’ hash when running from src/, and the built one matches it after a build', () => {
    expect(buildId()).toBe(sourceBuildId(projectRoot))
    // The global setup built dist/ from these sources before any test ran.
    expect(fs.readFileSync(path.join(projectRoot, 'dist', 'build-id'), 'utf8').trim()).toBe(buildId())
  })
})
