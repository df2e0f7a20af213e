/**
 * The public API of kb-lint (`import {lint} from 'kb-lint'`).
 *
 * This module only chooses what is public and gives it a stable shape; the
 * work is done by the engine (`engine/lint.ts`), the config loader and the
 * emitters — the same code the CLI runs, so the API and `kb-lint check`
 * always agree.
 */
import type {VFile} from 'vfile'
import {buildGraph as buildJsonGraph} from './emit/graph-json.js'
import type {JsonGraph} from './emit/graph-model.js'
import type {LintResult} from './engine/lint.js'
import {reporters, type FormatName} from './report/index.js'
import {ruleMetas} from './rules/index.js'
import {toolVersion} from './version.js'

export {lint} from './engine/lint.js'
export type {LintOptions, LintResult} from './engine/lint.js'
export {loadConfig, ConfigError} from './config/load.js'
export type {LoadConfigOptions} from './config/load.js'
export type {KbLintConfig, LoadedConfig, RuleSetting, FrontmatterConfig, OverrideConfig} from './config/types.js'
export type {
  Base,
  BlockId,
  Finding,
  Fix,
  FrontmatterInfo,
  Heading,
  NoteSummary,
  Point,
  Reference,
  ReferenceKind,
  Resolution,
  ResolvedReference,
  Span,
  TargetKind
} from './kb/model.js'
export type {JsonGraph, GraphNode, GraphEdge, NodeType, Relation} from './emit/graph-model.js'
export type {FormatName} from './report/index.js'
export type {RuleMeta, Severity} from './rules/types.js'
export {countMessages} from './engine/messages.js'
export {buildIndex} from './emit/content-index.js'
export type {ContentIndex, ContentIndexEntry, ContentIndexLink, BuildIndexOptions} from './emit/content-index.js'
export {writeIndexRegions} from './write/write-index.js'
export {graphToDot} from './emit/graph-dot.js'
export {graphToGraphml} from './emit/graph-graphml.js'
export {graphToHtml} from './emit/graph-html.js'
export {graphToMermaid, GraphTooLargeError} from './emit/graph-mermaid.js'
export {graphStats, formatStats} from './emit/graph-stats.js'
export {fixBase} from './write/fix.js'
export type {FixOptions, FixOutcome} from './write/fix.js'
export {moveInBase} from './write/move.js'
export type {Counts} from './engine/messages.js'

/** Every rule kb-lint has: id, description, default severity, docs URL. */
export const rules = ruleMetas()

/**
 * The link graph of a linted base (what `kb-lint graph` prints): JSON Graph
 * Format v2, one node per note / linked file / missing target, one edge per
 * link occurrence.
 */
export function buildGraph(result: Pick<LintResult, 'base' | 'references'>): JsonGraph {
  return buildJsonGraph(result.base, result.references)
}

export interface FormatOptions {
  /** `stylish` (default), `compact`, `json`, `github`, `sarif`, `junit`, `gitlab`. */
  format?: FormatName
  /** Paths in the report are relative to this folder; default `process.cwd()`. */
  cwd?: string
  /** Errors only. */
  quiet?: boolean
  /** ANSI colours (human formats only); default false. */
  color?: boolean
}

/** The report text `kb-lint check --format NAME` prints for these files. */
export function formatReport(files: VFile[], options: FormatOptions = {}): string {
  const reporter = reporters[options.format ?? 'stylish']
  if (!reporter) throw new TypeError(`Unknown format \`${String(options.format)}\`; use one of ${Object.keys(reporters).join(', ')}`)
  return reporter(files, {
    cwd: options.cwd ?? process.cwd(),
    rules: ruleMetas(),
    quiet: options.quiet,
    color: options.color === true,
    toolVersion: toolVersion()
  })
}
