/**
 * What a rule is. A rule declares its metadata (`meta`) apart from its check,
 * and only reports; the engine stamps severity, docs URL and source on each
 * finding. Everything kb-lint knows about a rule beyond its check comes from
 * `meta` — the config schema's rule section, the README table and the rule
 * headers of docs/rules.md (`npm run generate`), which findings comments may
 * silence, which fixes `--fix` applies, and when a warm run may reuse a
 * note's findings from the cache.
 *
 * Three scopes, matching the engine's phases:
 * - `file` rules run in the per-file phase on the syntax tree (possibly in a
 *   worker thread, possibly never again thanks to the cache) and may only
 *   look at that one note;
 * - `base` rules run in the whole-base phase on note summaries and resolved
 *   references, never on syntax trees;
 * - `engine` rules are reported by the engine itself (see `EngineRule`).
 */
import type {Root} from 'mdast'
import type {Location} from 'vfile-location'
import type {Base, Finding, NoteSummary, ResolvedReference} from '../kb/model.js'
import type {ParsedFrontmatter} from '../kb/frontmatter.js'
import type {Resolver} from '../kb/resolve.js'
import type {FrontmatterSettings} from '../config/settings.js'
import type {StructureConfig} from '../config/types.js'
import type {Severity} from '../severity.js'

export type {Severity} from '../severity.js'

/**
 * What a rule's findings on a note depend on, from narrowest to widest:
 * - `note`: the note alone (every file rule);
 * - `landmarks`: also what the rest of the base shows of itself — which files
 *   and folders exist, every note's id, aliases, title, description,
 *   headings and block ids, and the section templates (incremental/landmarks.ts
 *   hashes exactly this into the world fingerprint);
 * - `links`: also other notes' links (then a warm run re-checks every note).
 * A rule that reads anything else of other notes must add a level here and
 * to incremental/landmarks.ts, or the cache would serve stale findings.
 */
export type RuleReads = 'note' | 'landmarks' | 'links'

/** A JSON Schema (draft-07) object, for a rule's options. */
export type OptionsSchema = Record<string, unknown>

export interface RuleMeta {
  id: string
  /** One sentence, what the rule reports (the README table, the schema, `rules` in the API). */
  description: string
  defaultSeverity: Severity
  /** See `RuleReads`. */
  reads: RuleReads
  /** `kb-lint-disable` comments may silence it (default true). */
  suppressible?: boolean
  /**
   * JSON Schema of the options (second item of `[severity, options]`);
   * undefined: the rule takes no options. Generated into the config schema.
   */
  options?: OptionsSchema
  /** Its findings may carry a `fix` that `--fix` applies; a fix from any other rule is a bug (thrown under test). */
  fixable?: boolean
  /** Findings may carry suggestions (`suggestions`, `expected`): shown and offered to editors, never applied by `--fix` (ESLint's `meta.hasSuggestions`). */
  hasSuggestions?: boolean
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
  /** Wiki links are written `[[Label|target]]` (config `links.aliasFirst`): how a fixed link is read back. */
  aliasFirst: boolean
  note: NoteSummary
  /** This note's references, resolved. */
  references: ResolvedReference[]
  options: unknown
  /** The note's section templates (config `structure`), when configured. */
  structure?: StructureConfig
  /** Summaries of the templates `structure` names, by normalised template path. */
  templates?: ReadonlyMap<string, NoteSummary>
  /**
   * What this rule works out once per whole-base pass (e.g. which notes have
   * links in): `compute` runs on the first call with `key` in a pass, later
   * calls get its result. Never keep such state in the module: a second
   * pass (watch, fix, an editor) sees another base.
   */
  perPass<T>(key: string, compute: () => T): T
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
