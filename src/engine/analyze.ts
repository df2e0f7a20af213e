/**
 * The per-file phase: one note's bytes in, its `NoteSummary` out.
 *
 * The note is decoded and parsed exactly once; the file rules run on that one
 * tree; then the tree is dropped and only the plain-JSON summary is kept.
 * This function is pure (no file system, no globals), so it runs the same on
 * the main thread, in a worker, or never again when the cache has the answer.
 */
import type {Yaml} from 'mdast'
import {location as createLocation} from 'vfile-location'
import type {NoteConfig} from '../config/settings.js'
import {extract} from '../kb/extract.js'
import {parseFrontmatter} from '../kb/frontmatter.js'
import {findIndexRegions} from '../kb/index-markers.js'
import type {Finding, NoteSummary} from '../kb/model.js'
import {noteIdFromPath} from '../kb/paths.js'
import {collectSuppressions} from '../kb/suppressions.js'
import {plainText} from '../kb/plain-text.js'
import {fileRules} from '../rules/index.js'
import {reportInto, RuleContractError} from '../rules/report.js'
import {DEFAULT_PARSER, parseNoteTree, type ParserName} from '../syntax/fast/index.js'
import {hashBytes} from './content-hash.js'
import {decodeNote} from './decode.js'
import {costProblem, isStackOverflow, nestingProblem, tooDeep, treeDepthProblem} from './limits.js'

export interface AnalyzeInput {
  /** Path relative to the root, `/`, as on disk. */
  relative: string
  bytes: Uint8Array
  config: NoteConfig
  /** sha1 of `bytes`, when the caller already has it. */
  hash?: string
  /** Also keep the note's plain text (content index `--text`). */
  withText?: boolean
  /**
   * `fast`: the fast parser, which hands any note it is not sure about to
   * the reference; `remark`: always the reference (syntax/fast/index.ts).
   * Default `DEFAULT_PARSER`.
   */
  parser?: ParserName
  /** Told when the fast parser handed this note to the reference. */
  onFallback?: (reason: string) => void
}

export function analyzeNote(input: AnalyzeInput): NoteSummary {
  const {relative, bytes, config, withText} = input
  const summary: NoteSummary = {
    path: relative,
    id: noteIdFromPath(relative),
    hash: input.hash ?? hashBytes(bytes),
    frontmatter: {present: false, valid: false},
    headings: [],
    blockIds: [],
    references: [],
    findings: [],
    wordCount: 0
  }

  const decoded = decodeNote(bytes)
  if (!decoded.ok) {
    summary.findings.push(engineFinding('file-encoding', decoded.reason))
    return summary
  }
  const source = decoded.text
  const bound = nestingProblem(source) ?? costProblem(source)
  if (bound) {
    summary.findings.push(engineFinding('file-unreadable', bound))
    return summary
  }
  try {
    analyzeSource(summary, source, config, withText === true, input)
  } catch (error) {
    // A rule breaking its own metadata is a bug to fail the tests on.
    if (error instanceof RuleContractError) throw error
    // One hostile or unexpected note must not end the run: it gets one
    // finding, and every other note is still checked.
    const reason = isStackOverflow(error)
      ? tooDeep('its elements nest so deeply that the parser ran out of stack')
      : `kb-lint could not check this note (internal error: ${error instanceof Error ? error.message : String(error)}); please report it`
    Object.assign(summary, {frontmatter: {present: false, valid: false}, headings: [], blockIds: [], references: [], wordCount: 0})
    delete summary.title
    delete summary.description
    delete summary.tags
    delete summary.aliases
    summary.findings = [engineFinding('file-unreadable', reason)]
  }
  return summary
}

function analyzeSource(summary: NoteSummary, source: string, config: NoteConfig, withText: boolean, input: AnalyzeInput): void {
  // The plain text (`--text`) reads every text node as written; the fast
  // parser keeps emphasis markers in them, so it is the reference's job.
  const parser = withText ? 'remark' : (input.parser ?? DEFAULT_PARSER)
  const tree = parseNoteTree(source, parser, input.onFallback)
  const depth = treeDepthProblem(tree)
  if (depth) {
    summary.findings.push(engineFinding('file-unreadable', depth))
    return
  }
  const location = createLocation(source)

  const yamlNode = tree.children[0]?.type === 'yaml' ? (tree.children[0] as Yaml) : undefined
  const frontmatter = yamlNode ? parseFrontmatter(yamlNode, source, location) : undefined
  if (frontmatter) {
    summary.frontmatter = {
      present: true,
      valid: frontmatter.valid,
      data: frontmatter.data,
      keyLines: frontmatter.keyLines,
      span: frontmatter.span
    }
    const data = frontmatter.data ?? {}
    if (typeof data.title === 'string') summary.title = data.title
    if (typeof data.description === 'string') summary.description = data.description
    summary.tags = stringList(data.tags)
    summary.aliases = stringList(data.aliases ?? data.alias)
  }

  const extracted = extract(tree, source, location)
  summary.headings = extracted.headings
  summary.blockIds = extracted.blockIds
  summary.references = [...(frontmatter?.links ?? []), ...extracted.references]
  summary.wordCount = extracted.wordCount
  const suppressions = collectSuppressions(tree, source)
  if (suppressions.length > 0) summary.suppressions = suppressions
  const regions = findIndexRegions(tree, source, location)
  if (regions.length > 0) summary.indexRegions = regions
  if (withText) summary.text = plainText(tree)

  for (const rule of fileRules) {
    const ruleConfig = config.rules.get(rule.meta.id)
    if (!ruleConfig) continue
    rule.check({
      tree,
      source,
      location,
      note: summary,
      frontmatter,
      options: ruleConfig.options,
      frontmatterSettings: config.frontmatter,
      report: reportInto(rule.meta, summary.findings)
    })
  }
}

/** A finding about the whole file, at 1:1. */
export function engineFinding(ruleId: string, reason: string): Finding {
  return {ruleId, reason, place: {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 1, offset: 0}}}
}

/** `tags: a` or `tags: [a, b]` → string list; anything else → undefined. */
function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string')
  return undefined
}
