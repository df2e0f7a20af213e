/**
 * Files kb-lint ships beside its code (package.json, schema/, the parse
 * worker), found from wherever this module runs: the TypeScript sources
 * (tests), the compiled `dist/` tree (the library), or the bundled CLI
 * (`dist/cli.js`, see scripts/bundle.js). Relative URLs from each module would
 * differ between the three, so everything goes through the package root.
 */
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

let root: string | undefined

/** The kb-lint package's root folder (where its package.json is). */
export function packageRoot(): string {
  if (root !== undefined) return root
  let folder = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = path.join(folder, 'package.json')
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as {name?: string}).name === 'kb-lint')
      return (root = folder)
    const parent = path.dirname(folder)
    if (parent === folder) throw new Error('kb-lint cannot find its own package.json')
    folder = parent
  }
}

/** A file of the package, by its path from the package root. */
export function packageFile(relative: string): string {
  return path.join(packageRoot(), relative)
}
