/** The config file's shape (see `schema/config.schema.json`, its source of truth). */
import type {Severity} from '../rules/types.js'
import type {ResolutionMode} from '../kb/resolve.js'

export type RuleSetting = Severity | [Severity] | [Severity, unknown]

export interface FrontmatterConfig {
  /** A JSON Schema, or a path (relative to the config file) to one. */
  schema?: object | string
  /** Schemas selected by the value of one frontmatter key, e.g. `type`. */
  schemas?: {by: string; schemas: Record<string, object | string>}
}

/**
 * Section templates selected by a frontmatter value, e.g.
 * `{by: 'type', templates: {'how-to': '_meta/templates/how-to.md'}}`.
 * Template paths are relative to the base root: templates are notes of the
 * base (or files inside it that `ignore` hides from linting).
 */
export interface StructureConfig {
  by: string
  templates: Record<string, string>
}

export interface OverrideConfig {
  files: string[]
  rules?: Record<string, RuleSetting>
  frontmatter?: FrontmatterConfig
  structure?: StructureConfig
}

export interface KbLintConfig {
  $schema?: string
  /** Notes not checked; still notes of the base, so links to them resolve. */
  ignore?: string[]
  /** Files not published (Quartz's `ignorePatterns`, a private folder): links to them are broken. */
  unpublished?: string[]
  rules?: Record<string, RuleSetting>
  frontmatter?: FrontmatterConfig
  links?: {resolution?: ResolutionMode; aliasFirst?: boolean}
  structure?: StructureConfig
  overrides?: OverrideConfig[]
}

/** A loaded, validated config with the place it came from. */
export interface LoadedConfig {
  config: KbLintConfig
  /** Absolute path of the config file, undefined when defaults are used. */
  path?: string
  /** Folder that relative paths in the config are resolved against. */
  directory: string
}
