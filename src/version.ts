import fs from 'node:fs'

let cached: string | undefined

/** kb-lint's own version, from its package.json (one level above `dist/` and `src/`). */
export function toolVersion(): string {
  cached ??= (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string}).version
  return cached
}
