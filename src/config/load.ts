/**
 * Find, read and validate a kb-lint config.
 *
 * Discovery walks up from the base root and stops at the first folder that
 * has a config, or at the repository root (a folder with `.git`), whichever
 * comes first: `kb-lint.config.json`, `.yaml`, `.yml`, `.mjs`, `.js`, or a
 * `"kb-lint"` key in `package.json`. `--config FILE` skips discovery.
 *
 * Every problem is a `ConfigError` whose message names the file and the
 * offending key; the CLI turns it into exit code 2.
 */
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {Ajv, type ErrorObject, type ValidateFunction} from 'ajv'
import {parse as parseYaml} from 'yaml'
import {compileSchema} from '../kb/frontmatter-schema.js'
import {isInside} from '../kb/paths.js'
import {packageFile} from '../package-files.js'
import type {FrontmatterConfig, KbLintConfig, LoadedConfig} from './types.js'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export const CONFIG_FILES = [
  'kb-lint.config.json',
  'kb-lint.config.yaml',
  'kb-lint.config.yml',
  'kb-lint.config.mjs',
  'kb-lint.config.js'
]

export interface LoadConfigOptions {
  /** The base root (discovery starts here). */
  root: string
  /** An explicit config file (`--config`). */
  configFile?: string
  /** An already-built config object (API use); skips files entirely. */
  config?: KbLintConfig
}

export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const root = path.resolve(options.root)
  if (options.config) {
    return finish({config: validate(options.config, '(config object)'), directory: root})
  }
  const file = options.configFile ? path.resolve(options.configFile) : findConfigFile(root)
  if (!file) return {config: {}, directory: root}
  const raw = await readConfigFile(file)
  return finish({config: validate(raw, file), path: file, directory: path.dirname(file)})
}

/** The config file in this one folder (no walking up), if there is one. */
export function configFileIn(directory: string): string | undefined {
  for (const name of CONFIG_FILES) {
    const candidate = path.join(directory, name)
    if (fs.existsSync(candidate)) return candidate
  }
  const packageJson = path.join(directory, 'package.json')
  if (!fs.existsSync(packageJson)) return undefined
  try {
    const data = JSON.parse(fs.readFileSync(packageJson, 'utf8')) as Record<string, unknown>
    if (data && typeof data === 'object' && 'kb-lint' in data) return packageJson
  } catch {
    // A broken package.json is not ours to report.
  }
  return undefined
}

function findConfigFile(root: string): string | undefined {
  let directory = root
  for (;;) {
    const found = configFileIn(directory)
    if (found) return found
    if (fs.existsSync(path.join(directory, '.git'))) return undefined
    const parent = path.dirname(directory)
    if (parent === directory) return undefined
    directory = parent
  }
}

async function readConfigFile(file: string): Promise<unknown> {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new ConfigError(`Cannot read config ${file}: ${(error as Error).message}`)
  }
  const name = path.basename(file)
  try {
    if (name === 'package.json') return (JSON.parse(text) as Record<string, unknown>)['kb-lint']
    if (name.endsWith('.json')) return JSON.parse(text)
    if (name.endsWith('.yaml') || name.endsWith('.yml')) return parseYaml(text, {maxAliasCount: 100})
    if (name.endsWith('.mjs') || name.endsWith('.js')) {
      const module = (await import(pathToFileURL(file).href)) as {default?: unknown}
      return module.default
    }
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]
    throw new ConfigError(`Config ${file} is not valid: ${message}`)
  }
  throw new ConfigError(`Unknown config file type: ${file}`)
}

/** Shipped in the package (`schema/`). */
export const configSchemaPath = packageFile('schema/config.schema.json')

/** Compiled on first use: commands that load no config file never pay for it. */
let compiledShape: ValidateFunction | undefined
function shapeValidator(): ValidateFunction {
  return (compiledShape ??= new Ajv({allErrors: true, strict: false}).compile(JSON.parse(fs.readFileSync(configSchemaPath, 'utf8')) as object))
}

function validate(raw: unknown, source: string): KbLintConfig {
  if (raw === null || raw === undefined) return {}
  const validateShape = shapeValidator()
  if (!validateShape(raw)) {
    const errors = (validateShape.errors ?? []).filter((error) => error.keyword !== 'oneOf' && error.keyword !== 'if')
    throw new ConfigError(`Invalid config ${source}: ${describeConfigError(errors[0] ?? validateShape.errors![0]!)}`)
  }
  return raw as KbLintConfig
}

function describeConfigError(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'top level' : '`' + error.instancePath.slice(1).replaceAll('/', '.') + '`'
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = (error.params as {additionalProperty: string}).additionalProperty
      if (error.instancePath.endsWith('/rules')) return `unknown rule \`${key}\` in ${where}`
      return `unknown key \`${key}\` at ${where}`
    }
    case 'enum':
      return `${where} must be one of ${(error.params as {allowedValues: unknown[]}).allowedValues.map((value) => JSON.stringify(value)).join(', ')}`
    case 'type':
      return `${where} must be ${(error.params as {type: string}).type}`
    case 'required':
      return `${where} is missing \`${(error.params as {missingProperty: string}).missingProperty}\``
    default:
      return `${where} ${error.message ?? 'is invalid'}`
  }
}

/**
 * Replace schema paths by the schemas they name. A path must stay inside the
 * config file's folder: a config cannot make kb-lint read elsewhere.
 */
function finish(loaded: LoadedConfig): LoadedConfig {
  const config = structuredClone(loaded.config)
  const load = (value: object | string, key: string): object => compiled(typeof value === 'string' ? read(value, key) : value, key)
  // A schema ajv cannot compile is the config's error, reported once here
  // (exit 2, naming the key), not once per note. The compiled validator is
  // kept for the notes (compileSchema caches it by schema object).
  const compiled = (schema: object, key: string): object => {
    try {
      compileSchema(schema)
    } catch (error) {
      throw new ConfigError(`\`${key}\` is not a valid JSON Schema: ${(error as Error).message.split('\n')[0]}`)
    }
    return schema
  }
  const read = (value: string, key: string): object => {
    const file = path.resolve(loaded.directory, value)
    if (!isInside(loaded.directory, file)) {
      throw new ConfigError(`\`${key}\` points outside the config's folder: ${value}`)
    }
    let text: string
    try {
      text = fs.readFileSync(file, 'utf8')
    } catch (error) {
      throw new ConfigError(`\`${key}\`: cannot read schema ${value}: ${(error as Error).message}`)
    }
    try {
      const schema = /\.ya?ml$/i.test(file) ? parseYaml(text, {maxAliasCount: 100}) : JSON.parse(text)
      if (!schema || typeof schema !== 'object') throw new Error('not an object')
      return schema as object
    } catch (error) {
      throw new ConfigError(`\`${key}\`: schema ${value} is not valid: ${(error as Error).message.split('\n')[0]}`)
    }
  }
  const resolveFrontmatter = (frontmatter: FrontmatterConfig | undefined, key: string) => {
    if (!frontmatter) return
    if (frontmatter.schema !== undefined) frontmatter.schema = load(frontmatter.schema, `${key}.schema`)
    if (frontmatter.schemas) {
      for (const [value, schema] of Object.entries(frontmatter.schemas.schemas)) {
        frontmatter.schemas.schemas[value] = load(schema, `${key}.schemas.schemas.${value}`)
      }
    }
  }
  resolveFrontmatter(config.frontmatter, 'frontmatter')
  config.overrides?.forEach((override, index) => resolveFrontmatter(override.frontmatter, `overrides.${index}.frontmatter`))
  return {...loaded, config}
}
