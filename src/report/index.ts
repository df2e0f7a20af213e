/** The output formats of `--format`, by name. */
import {compact} from './compact.js'
import {github} from './github.js'
import {gitlab} from './gitlab.js'
import {json} from './json.js'
import {junit} from './junit.js'
import {sarif} from './sarif.js'
import {stylish} from './stylish.js'
import type {Reporter} from './types.js'

export type {Reporter, ReporterOptions, RuleMeta} from './types.js'

export const formatNames = ['stylish', 'compact', 'json', 'github', 'sarif', 'junit', 'gitlab'] as const

export type FormatName = (typeof formatNames)[number]

export const reporters: Record<FormatName, Reporter> = {
  stylish,
  compact,
  json,
  github,
  sarif,
  junit,
  gitlab
}

export function isFormatName(value: string): value is FormatName {
  return (formatNames as readonly string[]).includes(value)
}
