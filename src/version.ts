import fs from 'node:fs'
import {packageFile} from './package-files.js'

let cached: string | undefined

/** kb-lint's own version, from its package.json. */
export function toolVersion(): string {
  cached ??= (JSON.parse(fs.readFileSync(packageFile('package.json'), 'utf8')) as {version: string}).version
  return cached
}
