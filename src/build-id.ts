/**
 * The build id: a hash of the code kb-lint runs (its sources, schemas and
 * pinned dependencies). The summary cache is keyed on it, so a code change
 * without a version bump never serves findings the old code made.
 *
 * `npm run build` writes it to `dist/build-id` (scripts/bundle.js, with
 * `sourceBuildId` below); the built code reads that file. Code running from
 * the TypeScript sources (tests, development) hashes the sources itself, and
 * the test setup compares the two to rebuild a stale `dist/`.
 */
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {packageFile, packageRoot} from './package-files.js'

/** Where the build writes the id, from the package root. */
export const BUILD_ID_FILE = 'dist/build-id'

/** What the build is made from: folders (all files, recursively) and single files, from the package root. */
const INPUTS = [
  'src',
  'schema',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts/bundle.js',
  'scripts/bundle-options.js'
]

/** The hash of the build inputs of the checkout at `root` (missing inputs are skipped). */
export function sourceBuildId(root: string): string {
  const hash = createHash('sha256')
  for (const input of INPUTS) {
    const absolute = path.join(root, input)
    if (!fs.existsSync(absolute)) continue
    const files = fs.statSync(absolute).isDirectory()
      ? fs
          .readdirSync(absolute, {recursive: true, withFileTypes: true})
          .filter((entry) => entry.isFile())
          .map((entry) => path.join(entry.parentPath, entry.name))
      : [absolute]
    for (const file of files.sort()) {
      hash.update(path.relative(root, file).split(path.sep).join('/')).update('\0').update(fs.readFileSync(file)).update('\0')
    }
  }
  return hash.digest('hex').slice(0, 20)
}

let cached: string | undefined

/** The id of the code running now. */
export function buildId(): string {
  if (cached !== undefined) return cached
  const here = fileURLToPath(import.meta.url)
  const fromSources = !path.relative(path.join(packageRoot(), 'src'), here).startsWith('..')
  if (fromSources) return (cached = sourceBuildId(packageRoot()))
  try {
    return (cached = fs.readFileSync(packageFile(BUILD_ID_FILE), 'utf8').trim())
  } catch {
    // A dist/ built without scripts/bundle.js: no id, so no cache is ever trusted across builds.
    return (cached = `unknown-${process.pid}-${Date.now()}`)
  }
}
