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

export interface OverrideConfig {
  files: string[]
  rules?: Record<string, RuleSetting>
  frontmatter?: FrontmatterConfig
}

export interface KbLintConfig {
  $schema?: string
  ignore?: string[]
  rules?: Record<string, RuleSetting>
  frontmatter?: FrontmatterConfig
  links?: {resolution?: ResolutionMode; aliasFirst?: boolean}
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
