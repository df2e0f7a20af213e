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
import type {ErrorObject, ValidateFunction} from 'ajv'
import {closest, distance} from 'fastest-levenshtein'
import {LineCounter, parse as parseYaml, parseDocument, YAMLParseError} from 'yaml'
import {checkSchema, loadSchemaCompiler, namesSchemas} from '../kb/frontmatter-schema.js'
import {validate as validateConfigShape} from './validate-config.generated.js'
import {isInside} from '../kb/paths.js'
import type {Severity} from '../severity.js'
import type {Rules} from './schema-types.js'
import type {FrontmatterConfig, KbLintConfig, LoadedConfig, RuleSetting} from './types.js'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export const CONFIG_FILES = ['kb-lint.config.json', 'kb-lint.config.yaml', 'kb-lint.config.yml', 'kb-lint.config.mjs', 'kb-lint.config.js']

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
    return finish({config: await withSchemaCompiler(validate(options.config, '(config object)')), directory: root})
  }
  const file = options.configFile ? path.resolve(options.configFile) : findConfigFile(root)
  if (!file) return {config: {}, directory: root}
  const {value, locate} = await readConfigFile(file)
  return finish({config: await withSchemaCompiler(validate(value, file, locate)), path: file, directory: path.dirname(file)})
}

/** `config`, once ajv is loaded if it names frontmatter schemas (`finish` checks them). */
async function withSchemaCompiler(config: KbLintConfig): Promise<KbLintConfig> {
  if (namesSchemas(config)) await loadSchemaCompiler()
  return config
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

export function findConfigFile(root: string): string | undefined {
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

/** Where a key path of the config sits in its file (JSON and YAML files only). */
type Locate = (keys: Array<string | number>, at: 'key' | 'value') => {line: number; column: number} | undefined

async function readConfigFile(file: string): Promise<{value: unknown; locate?: Locate}> {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new ConfigError(`Cannot read config ${file}: ${describeFsError(error)}`)
  }
  const name = path.basename(file)
  if (name.endsWith('.json') || name.endsWith('.yaml') || name.endsWith('.yml')) {
    const json = name.endsWith('.json')
    let value: unknown
    try {
      value = json ? JSON.parse(text) : parseYaml(text, {maxAliasCount: 100})
    } catch (error) {
      throw new ConfigError(
        `Config ${file} is not valid: ${json ? jsonSyntaxMessage(error as Error, text) : yamlSyntaxMessage(error as Error)}`
      )
    }
    const prefix = name === 'package.json' ? ['kb-lint'] : []
    if (name === 'package.json') value = (value as Record<string, unknown> | null)?.['kb-lint']
    return {value, locate: locator(text, prefix)}
  }
  if (name.endsWith('.mjs') || name.endsWith('.js')) {
    try {
      const module = (await import(pathToFileURL(file).href)) as {default?: unknown}
      return {value: module.default}
    } catch (error) {
      throw new ConfigError(`Config ${file} is not valid: ${(error as Error).message.split('\n')[0]}`)
    }
  }
  throw new ConfigError(`Unknown config file type: ${file}`)
}

/** `Cannot read…: no such file` rather than Node's `ENOENT: no such file or directory, open '…'`. */
function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EISDIR') return 'it is a folder'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  return (error as Error).message
}

/**
 * V8's JSON error with the line and column the user needs. V8 gives an
 * offset (`… in JSON at position 40`, newer versions add the line); the end
 * of the text when the input stops early.
 */
function jsonSyntaxMessage(error: Error, text: string): string {
  const match = /^(.*?)(?: in JSON)? at position (\d+)/.exec(error.message)
  const reason = (match ? match[1]! : error.message.split('\n')[0]!).replace(/ in JSON$/, '')
  const offset = match ? Number(match[2]) : text.length
  const counter = new LineCounter()
  counter.addNewLine(0)
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) counter.addNewLine(index + 1)
  const {line, col} = counter.linePos(offset)
  return `${reason} (JSON, line ${line}, column ${col})`
}

/**
 * The yaml package's whole message on one line: the reason with its line and
 * column, and the offending source line it draws below (`a: b: c`), quoted.
 */
function yamlSyntaxMessage(error: Error): string {
  if (!(error instanceof YAMLParseError)) return error.message.split('\n')[0]!
  const [first = '', ...rest] = error.message.split('\n')
  const source = rest.find((line) => line.trim() !== '' && !/^\s*\^+\s*$/.test(line))
  return `${first.replace(/:$/, '')}${source ? ` (YAML: \`${source.trim()}\`)` : ' (YAML)'}`
}

/** Positions of keys and values in a JSON or YAML config (JSON is read as YAML for this). */
function locator(text: string, prefix: string[]): Locate {
  let document: ReturnType<typeof parseDocument> | undefined
  let counter: LineCounter | undefined
  return (keys, at) => {
    if (!document) {
      counter = new LineCounter()
      document = parseDocument(text, {lineCounter: counter})
    }
    const fullPath = [...prefix, ...keys]
    let range: readonly number[] | undefined | null
    if (at === 'key' && fullPath.length > 0) {
      const parent = document.getIn(fullPath.slice(0, -1), true) as {items?: Array<{key?: {value?: unknown; range?: number[]}}>} | undefined
      range = parent?.items?.find((pair) => String(pair.key?.value) === String(fullPath.at(-1)))?.key?.range
    } else {
      range = (document.getIn(fullPath, true) as {range?: number[]} | undefined)?.range
    }
    if (!range) return undefined
    const {line, col} = counter!.linePos(range[0]!)
    return {line, column: col}
  }
}

function validate(raw: unknown, source: string, locate?: Locate): KbLintConfig {
  if (raw === null || raw === undefined) return {}
  const validateShape = validateConfigShape as ValidateFunction
  if (!validateShape(raw)) {
    const errors = (validateShape.errors ?? []).filter((error) => error.keyword !== 'oneOf' && error.keyword !== 'if')
    const error = errors[0] ?? validateShape.errors![0]!
    const place = locate ? placeOf(error, locate) : undefined
    throw new ConfigError(
      `Invalid config ${source}: ${describeConfigError(error)}${place ? ` (line ${place.line}, column ${place.column})` : ''}`
    )
  }
  return normaliseSeverities(raw as KbLintConfig)
}

/** The line and column of the key or value an error is about. */
function placeOf(error: ErrorObject, locate: Locate): {line: number; column: number} | undefined {
  const keys =
    error.instancePath === ''
      ? []
      : error.instancePath
          .slice(1)
          .split('/')
          .map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'))
  if (error.keyword === 'additionalProperties') {
    return locate([...keys, (error.params as {additionalProperty: string}).additionalProperty], 'key') ?? locate(keys, 'value')
  }
  return locate(keys, 'value') ?? (keys.length > 0 ? locate(keys, 'key') : undefined)
}

/**
 * The severities people type, as ESLint takes them: `"warning"` for `"warn"`,
 * and 0, 1, 2 for off, warn, error. The rest of kb-lint sees only
 * `off` / `warn` / `error`.
 */
const SEVERITY_SYNONYMS: Record<string, Severity> = {warning: 'warn', 0: 'off', 1: 'warn', 2: 'error'}

function normaliseSeverities(config: KbLintConfig): KbLintConfig {
  const normaliseRules = (rules: Rules | undefined): Rules | undefined => {
    if (!rules) return rules
    const entries = (Object.entries(rules) as Array<[string, RuleSetting]>).map(([id, setting]): [string, RuleSetting] => {
      if (Array.isArray(setting)) {
        const [severity, ...rest] = setting
        return [id, [SEVERITY_SYNONYMS[String(severity)] ?? severity, ...rest] as RuleSetting]
      }
      return [id, SEVERITY_SYNONYMS[String(setting)] ?? setting]
    })
    return Object.fromEntries(entries) as Rules
  }
  const result = {...config}
  if (config.rules) result.rules = normaliseRules(config.rules)
  if (config.overrides)
    result.overrides = config.overrides.map((override) =>
      override.rules ? {...override, rules: normaliseRules(override.rules)} : override
    )
  return result
}

function describeConfigError(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'top level' : '`' + error.instancePath.slice(1).replaceAll('/', '.') + '`'
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = (error.params as {additionalProperty: string}).additionalProperty
      const known = Object.keys((error.parentSchema as {properties?: object} | undefined)?.properties ?? {})
      const hint = didYouMean(key, known)
      if (error.instancePath.endsWith('/rules')) return `unknown rule \`${key}\` in ${where}${hint}`
      return `unknown key \`${key}\` at ${where}${hint}`
    }
    case 'enum': {
      const allowed = (error.params as {allowedValues: unknown[]}).allowedValues
      const hint =
        typeof error.data === 'string'
          ? didYouMean(
              error.data,
              allowed.filter((value): value is string => typeof value === 'string')
            )
          : ''
      return `${where} must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}${hint}`
    }
    case 'type':
      return `${where} must be ${(error.params as {type: string}).type}`
    case 'required':
      return `${where} is missing \`${(error.params as {missingProperty: string}).missingProperty}\``
    default:
      return `${where} ${error.message ?? 'is invalid'}`
  }
}

/** ` (did you mean \`link-unresolved\`?)` when one known name is close to what was typed. */
export function didYouMean(typed: string, known: string[]): string {
  if (known.length === 0) return ''
  const best = closest(typed, known)
  // Close means a typo, not another word: at most a third of the name, and at most 3 edits.
  const limit = Math.min(3, Math.max(1, Math.floor(typed.length / 3)))
  return distance(typed, best) <= limit ? ` (did you mean \`${best}\`?)` : ''
}

/**
 * Replace schema paths by the schemas they name. A path must stay inside the
 * config file's folder: a config cannot make kb-lint read elsewhere.
 */
function finish(loaded: LoadedConfig): LoadedConfig {
  const config = structuredClone(loaded.config)
  const load = (value: object | string, key: string): object => compiled(typeof value === 'string' ? read(value, key) : value, key)
  // A schema ajv cannot compile is the config's error, reported once here
  // (exit 2, naming the key), not once per note. The notes' threads then
  // compile it without checking it again (kb/frontmatter-schema.ts).
  const compiled = (schema: object, key: string): object => {
    try {
      checkSchema(schema)
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
      // The same check on real paths: a symlink must not lead the read outside.
      const real = fs.realpathSync(file)
      if (!isInside(fs.realpathSync(loaded.directory), real)) {
        throw new ConfigError(`\`${key}\` is a symbolic link to a file outside the config's folder: ${value}`)
      }
      if (!fs.statSync(real).isFile()) throw new Error('not a regular file')
      text = fs.readFileSync(real, 'utf8')
    } catch (error) {
      if (error instanceof ConfigError) throw error
      throw new ConfigError(`\`${key}\`: cannot read schema ${value}: ${describeFsError(error)}`)
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
  config.overrides?.forEach((override, index) => {
    resolveFrontmatter(override.frontmatter, `overrides.${index}.frontmatter`)
  })
  return {...loaded, config}
}
