/**
 * The `--format` names, and a reporter by name loaded when it is used: the
 * stylish report, and string-width and wrap-ansi only when that report
 * needs them (report/wide-text.ts: string-width creates an `Intl.Segmenter`
 * as it loads, ≈ 15 ms). `report/index.ts` has every reporter loaded, for
 * the API.
 */
import {compact} from './compact.js'
import {github} from './github.js'
import {gitlab} from './gitlab.js'
import {json} from './json.js'
import {junit} from './junit.js'
import {sarif} from './sarif.js'
import type {VFile} from 'vfile'
import type {Reporter, ReporterOptions} from './types.js'

export const formatNames = ['stylish', 'compact', 'json', 'github', 'sarif', 'junit', 'gitlab'] as const

export type FormatName = (typeof formatNames)[number]

/** Every reporter but stylish, in `formatNames` order. */
export const machineReporters: Record<Exclude<FormatName, 'stylish'>, Reporter> = {compact, json, github, sarif, junit, gitlab}

export function isFormatName(value: string): value is FormatName {
  return (formatNames as readonly string[]).includes(value)
}

/** The reporter `name`, with what it needs to report these `files` with these `options`. */
export async function loadReporter(name: FormatName, files: VFile[], options: ReporterOptions): Promise<Reporter> {
  if (name !== 'stylish') return machineReporters[name]
  const {createStylish, needsWideText} = await import('./stylish.js')
  return createStylish(needsWideText(files, options) ? (await import('./wide-text.js')).wideText : undefined)
}
