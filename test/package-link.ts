/**
 * A scratch folder where `import 'kb-lint'` resolves to this checkout, as it
 * would for a user who installed the package: `node_modules/kb-lint` links to
 * the project root (its built `dist/`, through package.json `exports`).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {projectRoot} from './fixtures.js'

export function scratchWithPackage(prefix: string, alsoLink: string[] = []): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)))
  fs.mkdirSync(path.join(dir, 'node_modules'))
  fs.symlinkSync(projectRoot, path.join(dir, 'node_modules', 'kb-lint'), 'dir')
  for (const name of alsoLink) fs.symlinkSync(path.join(projectRoot, 'node_modules', name), path.join(dir, 'node_modules', name), 'dir')
  return dir
}

/** A copy of the example base `fixtures/kb` at `dir/kb`. */
export function copyExampleBase(dir: string): string {
  const base = path.join(dir, 'kb')
  fs.cpSync(path.join(projectRoot, 'fixtures', 'kb'), base, {recursive: true})
  return base
}
