/**
 * `kb-lint init [root]`: write a starting `kb-lint.config.json` inferred from
 * the base (init/infer.ts), print what was inferred and why, and never
 * overwrite an existing config without `--force`.
 */
import path from 'node:path'
import fs from 'node:fs'
import {configFileIn, loadConfig} from '../config/load.js'
import {inferConfig} from '../init/infer.js'
import {writeFileSafely} from '../write/atomic-write.js'
import {EXIT_OK, UsageError} from './errors.js'

export interface InitCommandOptions {
  force?: boolean
}

export async function runInit(rootInput: string | undefined, options: InitCommandOptions): Promise<number> {
  const root = path.resolve(rootInput ?? '.')
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`No such folder: ${rootInput ?? '.'}`)
  const inference = inferConfig(root)
  // The config goes into the base root (`content/` of a Quartz site): its folder is the base root for every command.
  const existing = configFileIn(inference.baseRoot) ?? configFileIn(root)
  const target = path.join(inference.baseRoot, 'kb-lint.config.json')
  if (existing && !options.force) {
    throw new UsageError(`${path.relative(process.cwd(), existing) || existing} already configures kb-lint; use --force to replace it`)
  }
  const text = JSON.stringify(inference.config, null, 2) + '\n'
  // What init writes must load: a config that fails its own schema is a bug here, not the user's.
  await loadConfig({root: inference.baseRoot, config: JSON.parse(text) as object})
  await writeFileSafely(target, text)
  const lines = [
    `kb-lint: wrote ${path.relative(process.cwd(), target) || target}${existing && existing !== target ? ` (${path.basename(existing)} is still there; remove it)` : ''}`,
    ...inference.reasons.map((reason) => `  - ${reason}`),
    `Review it, then run: kb-lint check ${path.relative(process.cwd(), inference.baseRoot) || '.'}`
  ]
  process.stdout.write(lines.join('\n') + '\n')
  return EXIT_OK
}
