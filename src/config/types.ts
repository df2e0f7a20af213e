/**
 * The config file's shape. schema/config.schema.json is the source of truth;
 * `npm run generate` compiles it into ./schema-types.ts, and these are its
 * names as the code uses them.
 */
import type {Frontmatter, KbLintConfig, Structure} from './schema-types.js'

export type {KbLintConfig} from './schema-types.js'
export type {RuleSetting} from '../severity.js'

export type FrontmatterConfig = Frontmatter

/**
 * Section templates selected by a frontmatter value, e.g.
 * `{by: 'type', templates: {'how-to': '_meta/templates/how-to.md'}}`.
 * Template paths are relative to the base root: templates are notes of the
 * base (or files inside it that `ignore` hides from linting).
 */
export type StructureConfig = Structure

export type OverrideConfig = NonNullable<KbLintConfig['overrides']>[number]

/** A loaded, validated config with the place it came from. */
export interface LoadedConfig {
  config: KbLintConfig
  /** Absolute path of the config file, undefined when defaults are used. */
  path?: string
  /** Folder that relative paths in the config are resolved against. */
  directory: string
}
