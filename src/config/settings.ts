/**
 * Turn a loaded config into per-note settings: which rules run at which
 * severity with which options, and which frontmatter schema applies.
 * `overrides` follow ESLint's model: every matching entry applies, later
 * entries win.
 */
import {createHash} from 'node:crypto'
import picomatch from 'picomatch'
import type {ResolutionMode} from '../kb/resolve.js'
import type {RuleConfig, RuleDefaults, RuleSetting} from '../severity.js'
import type {Rules} from './schema-types.js'
import type {FrontmatterConfig, LoadedConfig, StructureConfig} from './types.js'
import {pathKey} from '../kb/paths.js'

export type {RuleConfig} from '../severity.js'

export interface FrontmatterSettings {
  schema: object
  /** Schemas selected by the value of the frontmatter key `by`. */
  by?: string
  schemas?: Record<string, object>
}

export interface NoteConfig {
  /** Enabled rules only. */
  rules: Map<string, RuleConfig>
  frontmatter: FrontmatterSettings
  /** Section templates by frontmatter value (`structure` in the config). */
  structure?: StructureConfig
}

/** A template path the config names, with the config key that names it (for errors). */
export interface TemplateReference {
  /** Relative to the base root, `/`, without a leading `./` or `/`. */
  path: string
  key: string
}

export interface Settings {
  resolution: ResolutionMode
  /** Wiki links are written `[[Label|target]]` (Dendron). */
  aliasFirst: boolean
  /** Patterns of notes not checked (still link targets). */
  ignore: string[]
  /** Patterns of files not published: links to them are broken. */
  unpublished: string[]
  /** Stable hash of everything that changes per-file results (cache key). */
  hash: string
  forNote(relativePath: string): NoteConfig
  /** Every template path in `structure` (top level and overrides). */
  templates?: TemplateReference[]
}

/** The default frontmatter contract: a title and a description. */
export const DEFAULT_FRONTMATTER_SCHEMA = {
  type: 'object',
  required: ['title', 'description'],
  properties: {
    title: {type: 'string', pattern: '\\S'},
    description: {type: 'string', pattern: '\\S'}
  }
}

export function createSettings(loaded: LoadedConfig, rules: readonly RuleDefaults[]): Settings {
  const config = loaded.config
  const defaults = new Map<string, RuleConfig>()
  for (const rule of rules) {
    if (rule.meta.defaultSeverity !== 'off') defaults.set(rule.meta.id, {severity: rule.meta.defaultSeverity, options: undefined})
  }
  const base = applyRules(defaults, config.rules)
  const baseFrontmatter = applyFrontmatter({schema: DEFAULT_FRONTMATTER_SCHEMA}, config.frontmatter)
  const overrides = (config.overrides ?? []).map((override) => ({
    matches: picomatch(override.files, {dot: true}),
    override
  }))

  const cache = new Map<string, NoteConfig>()
  const forNote = (relativePath: string): NoteConfig => {
    const matching = overrides.filter(({matches}) => matches(relativePath) || matches(pathKey(relativePath)))
    // Notes matching the same overrides share one settings object.
    const key = matching.map(({override}) => overrides.findIndex((entry) => entry.override === override)).join(',')
    let result = cache.get(key)
    if (!result) {
      let noteRules = base
      let frontmatter = baseFrontmatter
      let structure = config.structure
      for (const {override} of matching) {
        noteRules = applyRules(noteRules, override.rules)
        frontmatter = applyFrontmatter(frontmatter, override.frontmatter)
        structure = override.structure ?? structure
      }
      result = {rules: noteRules, frontmatter, structure}
      cache.set(key, result)
    }
    return result
  }

  return {
    resolution: config.links?.resolution ?? 'absolute',
    aliasFirst: config.links?.aliasFirst ?? false,
    ignore: config.ignore ?? [],
    unpublished: config.unpublished ?? [],
    hash: createHash('sha1').update(JSON.stringify(config)).digest('hex'),
    forNote,
    templates: templateReferences(config.structure, 'structure').concat(
      ...(config.overrides ?? []).map((override, index) => templateReferences(override.structure, `overrides.${index}.structure`))
    )
  }
}

/** Normalise a template path: `/` separators, no leading `./` or `/`. */
export function templatePath(value: string): string {
  return value.replaceAll('\\', '/').replace(/^(\.\/|\/)+/, '')
}

function templateReferences(structure: StructureConfig | undefined, key: string): TemplateReference[] {
  if (!structure) return []
  return Object.entries(structure.templates).map(([value, file]) => ({path: templatePath(file), key: `${key}.templates.${value}`}))
}

function applyRules(current: Map<string, RuleConfig>, settings: Rules | undefined): Map<string, RuleConfig> {
  if (!settings) return current
  const next = new Map(current)
  // Validated at load: every key is a rule id, every value a rule setting.
  for (const [id, setting] of Object.entries(settings) as Array<[string, RuleSetting]>) {
    const [severity, options] = Array.isArray(setting) ? setting : [setting, undefined]
    if (severity === 'off') next.delete(id)
    else next.set(id, {severity, options: options ?? next.get(id)?.options})
  }
  return next
}

function applyFrontmatter(current: FrontmatterSettings, frontmatter: FrontmatterConfig | undefined): FrontmatterSettings {
  if (!frontmatter) return current
  const next = {...current}
  // Paths were replaced by schema objects when the config was loaded.
  if (frontmatter.schema) next.schema = frontmatter.schema as object
  if (frontmatter.schemas) {
    next.by = frontmatter.schemas.by
    next.schemas = frontmatter.schemas.schemas as Record<string, object>
  }
  return next
}
