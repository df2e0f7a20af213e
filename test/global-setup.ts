/**
 * Vitest global setup, before any test file starts:
 *
 * - Tests that spawn the CLI (or import the package the way a user does,
 *   through `dist/`) must run the code in `src/`, never a stale build. The
 *   build writes a hash of its sources (`dist/build-id`, src/build-id.ts);
 *   when it differs from the sources now, build once here.
 * - Every temporary folder of the run (tests, the CLIs they spawn, the tools
 *   those drive) goes under one folder, removed when the run ends, passed or
 *   failed: `os.tmpdir()` follows `TMPDIR`, which test workers and child
 *   processes inherit.
 */
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {BUILD_ID_FILE, sourceBuildId} from '../src/build-id.js'
import {projectRoot} from './fixtures.js'

export default function setup(): () => void {
  const built = path.join(projectRoot, BUILD_ID_FILE)
  const current = fs.existsSync(built) ? fs.readFileSync(built, 'utf8').trim() : undefined
  if (current !== sourceBuildId(projectRoot)) execFileSync('npm', ['run', 'build'], {cwd: projectRoot, stdio: 'inherit'})

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-tests-'))
  const previous = process.env.TMPDIR
  process.env.TMPDIR = scratch
  return () => {
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
    fs.rmSync(scratch, {recursive: true, force: true})
  }
}
