/** The output formats of `--format`, by name, all loaded (the CLI loads one: `loadReporter` in formats.ts). */
import {formatNames, isFormatName, machineReporters, type FormatName} from './formats.js'
import {createStylish} from './stylish.js'
import type {Reporter} from './types.js'
import {wideText} from './wide-text.js'

export type {Reporter, ReporterOptions, RuleMeta} from './types.js'
export {formatNames, isFormatName, type FormatName}

export const reporters: Record<FormatName, Reporter> = {stylish: createStylish(wideText), ...machineReporters}
