/** `kb-lint merge SHARD...`: the whole-base pass over sharded summaries, then report like `check`. */
import {mergeShards} from '../engine/shard.js'
import {parseCount, parseFormat, report, type CheckCommandOptions} from './check.js'

export async function runMerge(files: string[], options: CheckCommandOptions): Promise<number> {
  const format = parseFormat(options.format)
  const maxWarnings = options.maxWarnings === undefined ? undefined : parseCount(options.maxWarnings, '--max-warnings')
  const result = await mergeShards(files, {configFile: options.config})
  return (await report(result, format, options, maxWarnings)).exitCode
}
