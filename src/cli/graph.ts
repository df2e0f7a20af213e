/** `kb-lint graph`: the link graph of a base. */
import {buildGraph} from '../emit/graph-json.js'
import {lint} from '../engine/lint.js'
import {emit} from './output.js'
import {EXIT_OK, UsageError} from './errors.js'

export interface GraphCommandOptions {
  format: string
  output?: string
  config?: string
}

export async function runGraph(root: string | undefined, options: GraphCommandOptions): Promise<number> {
  if (options.format !== 'json') throw new UsageError(`Unknown graph --format \`${options.format}\`; use json`)
  const result = await lint({root, configFile: options.config})
  const graph = buildGraph(result.base, result.references)
  await emit(JSON.stringify(graph, null, 2), options.output)
  return EXIT_OK
}
