/**
 * The `--format` names, and a reporter by name loaded when it is used: the
 * stylish report needs string-width and wrap-ansi (string-width creates an
 * `Intl.Segmenter` as it loads, ≈ 12 ms), which a `--format json` run never
 * calls. `report/index.ts` has every reporter loaded, for the API.
 */
import {compact} from './compact.js'
import {github} from './github.js'
import {gitlab} from './gitlab.js'
import {json} from './json.js'
import {junit} from './junit.js'
import {sarif} from './sarif.js'
import type {Reporter} from './types.js'

export const formatNames = ['stylish', 'compact', 'json', 'github', 'sarif', 'junit', 'gitlab'] as const

export type FormatName = (typeof formatNames)[number]

/** Every reporter but stylish, in `formatNames` order. */
export const machineReporters: Record<Exclude<FormatName, 'stylish'>, Reporter> = {compact, json, github, sarif, junit, gitlab}

export function isFormatName(value: string): value is FormatName {
  return (formatNames as readonly string[]).includes(value)
}

export async function loadReporter(name: FormatName): Promise<Reporter> {
  return name === 'stylish' ? (await import('./stylish.js')).stylish : machineReporters[name]
}
