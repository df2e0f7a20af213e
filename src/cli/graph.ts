/** `kb-lint graph`: the link graph of a base, in one of several formats, or its statistics. */
import {dotLayoutWarning, graphToDot} from '../emit/graph-dot.js'
import {graphToGraphml} from '../emit/graph-graphml.js'
import {graphToHtml} from '../emit/graph-html.js'
import {buildGraph} from '../emit/graph-json.js'
import {GRAPH_FORMATS, type GraphFormat, type JsonGraph} from '../emit/graph-model.js'
import {graphToMermaid, GraphTooLargeError} from '../emit/graph-mermaid.js'
import {formatStats, graphStats} from '../emit/graph-stats.js'
import {lint} from '../engine/lint.js'
import {engineOptions} from './check.js'
import {requireOutputFolder, requireRootFolder} from './arguments.js'
import {emit} from './output.js'
import {EXIT_OK, UsageError} from './errors.js'

export interface GraphCommandOptions {
  format: string
  /** True when `--format` was given on the command line (not the default). */
  formatGiven?: boolean
  outputFile?: string
  config?: string
  stats?: boolean
  summarise?: boolean
  cache?: boolean
  cacheLocation?: string
  jobs?: string
}

export async function runGraph(root: string | undefined, options: GraphCommandOptions): Promise<number> {
  // Check the arguments before the (possibly long) lint run.
  const format = parseGraphFormat(options.format)
  if (options.summarise && format !== 'mermaid') throw new UsageError('--summarise only applies to --format mermaid')
  if (options.stats && options.formatGiven && format !== 'json') {
    throw new UsageError(`--stats prints text, or JSON with --format json; not --format ${format}`)
  }
  requireRootFolder(root)
  requireOutputFolder(options.outputFile)
  const result = await lint({root, configFile: options.config, ...engineOptions(options)})
  const graph = buildGraph(result.base, result.references)
  if (options.stats) {
    const stats = graphStats(graph)
    await emit(options.formatGiven ? JSON.stringify(stats, null, 2) : formatStats(stats), options.outputFile)
    return EXIT_OK
  }
  if (format === 'dot') {
    const warning = dotLayoutWarning(graph)
    if (warning) process.stderr.write(`kb-lint: ${warning}\n`)
  }
  let text = renderGraph(graph, format, {summarise: options.summarise})
  if (format === 'mermaid' && !isMermaidFile(options.outputFile)) text = fenceMermaid(text)
  await emit(text, options.outputFile)
  return EXIT_OK
}

/**
 * Mermaid goes into Markdown (GitHub, GitLab, Obsidian render a
 * ```` ```mermaid ```` fence), so that is what the command prints; a `.mmd`
 * or `.mermaid` file (Mermaid's own tools) gets the bare diagram.
 */
export function fenceMermaid(diagram: string): string {
  return '```mermaid\n' + diagram + (diagram.endsWith('\n') ? '' : '\n') + '```\n'
}

function isMermaidFile(file: string | undefined): boolean {
  return file !== undefined && /\.(mmd|mermaid)$/i.test(file)
}

export function parseGraphFormat(value: string): GraphFormat {
  if (!(GRAPH_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(`Unknown graph --format \`${value}\`; use one of ${GRAPH_FORMATS.join(', ')}`)
  }
  return value as GraphFormat
}

/** One graph in one format; a graph too large for Mermaid is a usage error (exit 2) with the reason. */
export function renderGraph(graph: JsonGraph, format: GraphFormat, options: {summarise?: boolean} = {}): string {
  switch (format) {
    case 'json':
      return JSON.stringify(graph, null, 2)
    case 'dot':
      return graphToDot(graph)
    case 'graphml':
      return graphToGraphml(graph)
    case 'html':
      return graphToHtml(graph)
    case 'mermaid':
      try {
        return graphToMermaid(graph, {summarise: options.summarise})
      } catch (error) {
        if (error instanceof GraphTooLargeError) throw new UsageError(error.message.replace('(summarise)', '(--summarise)'))
        throw error
      }
  }
}
