/**
 * What a rule is. A rule declares its metadata (`meta`) apart from its check,
 * and only reports; the engine stamps severity, docs URL and source on each
 * finding, and applies fixes only from rules that declare `fixable`.
 *
 * Two scopes, matching the engine's two phases:
 * - `file` rules run in the per-file phase on the syntax tree (possibly in a
 *   worker thread, possibly never again thanks to the cache) and may only
 *   look at that one note;
 * - `base` rules run in the whole-base phase on note summaries and resolved
 *   references, never on syntax trees.
 */
import type {Root} from 'mdast'
import type {Location} from 'vfile-location'
import type {Base, Finding, NoteSummary, ResolvedReference} from '../kb/model.js'
import type {ParsedFrontmatter} from '../kb/frontmatter.js'
import type {Resolver} from '../kb/resolve.js'
import type {FrontmatterSettings} from '../config/settings.js'
import type {StructureConfig} from '../config/types.js'

export type Severity = 'off' | 'warn' | 'error'

export interface RuleMeta {
  id: string
  /** One sentence, what the rule reports. */
  description: string
  defaultSeverity: Severity
  /** `--fix` may apply this rule's fixes. */
  fixable?: boolean
  /** Findings may carry suggestions: shown and offered to editors, never applied by `--fix` (ESLint's `meta.hasSuggestions`). */
  hasSuggestions?: boolean
  /** The equivalent rule of another tool, when there is one. */
  mirrors?: string
}

export type Report = (finding: Omit<Finding, 'ruleId'>) => void

export interface FileRuleContext {
  tree: Root
  /** Decoded text (BOM removed). */
  source: string
  location: Location
  /** The summary built so far (headings, references, frontmatter info). */
  note: NoteSummary
  /** Parsed frontmatter, undefined when the note has none. */
  frontmatter?: ParsedFrontmatter
  /** The rule's options from the config (second item of `[severity, options]`). */
  options: unknown
  /** The frontmatter schemas the config selects for this note. */
  frontmatterSettings: FrontmatterSettings
  report: Report
}

export interface BaseRuleContext {
  base: Base
  resolver: Resolver
  note: NoteSummary
  /** This note's references, resolved. */
  references: ResolvedReference[]
  options: unknown
  /** The note's section templates (config `structure`), when configured. */
  structure?: StructureConfig
  /** Summaries of the templates `structure` names, by normalised template path. */
  templates?: ReadonlyMap<string, NoteSummary>
  report: Report
}

export interface FileRule {
  meta: RuleMeta
  scope: 'file'
  check(context: FileRuleContext): void
}

export interface BaseRule {
  meta: RuleMeta
  scope: 'base'
  check(context: BaseRuleContext): void
}

/**
 * A rule whose findings the engine itself makes while reading a file (it
 * cannot be parsed, so no syntax tree exists): the rule owns id and docs.
 */
export interface EngineRule {
  meta: RuleMeta
  scope: 'engine'
}

export type Rule = FileRule | BaseRule | EngineRule
