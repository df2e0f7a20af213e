/**
 * `check --print-config NOTE`: the settings that apply to one note once the
 * config file, the defaults and every matching `overrides` entry are merged
 * — what ESLint's `--print-config` shows. Read-only: nothing is linted.
 */
import path from 'node:path'
import {loadConfig} from '../config/load.js'
import {createSettings} from '../config/settings.js'
import {rules} from '../rules/index.js'
import {EXIT_OK} from './errors.js'
import {noteInBase} from './note-argument.js'
import {emit} from './output.js'

export interface PrintConfigOptions {
  config?: string
  outputFile?: string
}

export async function printConfig(root: string, note: string, options: PrintConfigOptions): Promise<number> {
  const relative = noteInBase(root, note, '--print-config')
  const loaded = await loadConfig({root: path.resolve(root), configFile: options.config})
  const settings = createSettings(loaded, rules)
  const forNote = settings.forNote(relative)
  const effective = {
    note: relative,
    configFile: loaded.path ? path.relative(process.cwd(), loaded.path) || loaded.path : null,
    rules: Object.fromEntries(
      rules.map(({meta}) => {
        const rule = forNote.rules.get(meta.id)
        if (!rule) return [meta.id, 'off']
        return [meta.id, rule.options === undefined ? rule.severity : [rule.severity, rule.options]]
      })
    ),
    frontmatter: forNote.frontmatter,
    links: {resolution: settings.resolution, aliasFirst: settings.aliasFirst},
    ...(forNote.structure ? {structure: forNote.structure} : {})
  }
  await emit(JSON.stringify(effective, null, 2), options.outputFile)
  return EXIT_OK
}
