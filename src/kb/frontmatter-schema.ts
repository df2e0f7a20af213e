/**
 * Validate frontmatter data against JSON Schema (ajv, with ajv-formats for
 * `date`, `uri`, … and ajv-errors for schema-authored `errorMessage`s) and say
 * what is wrong in a writer's words, at the offending key's line.
 */
import type {Ajv, ErrorObject, Options, ValidateFunction} from 'ajv'
import {DEFAULT_FRONTMATTER_SCHEMA, type FrontmatterSettings} from '../config/settings.js'
import type {FrontmatterConfig, KbLintConfig} from '../config/types.js'
import {validate as validateDefaultFrontmatter} from '../config/validate-frontmatter.generated.js'
import type {ParsedFrontmatter} from './frontmatter.js'
import type {Finding, Span} from './model.js'

/** Made on first use: a warm run that parses no note never needs them (setting up ajv-errors alone takes ≈ 40 ms). */
const instances: {checking?: Ajv; trusting?: Ajv} = {}

interface SchemaCompiler {
  Ajv: typeof Ajv
  addErrors: (ajv: Ajv) => void
  addFormats: (ajv: Ajv) => void
}

let compiler: SchemaCompiler | undefined

/**
 * Load ajv and its plugins. Only schemas a config names need them (the
 * built-in schema is compiled at build time): loading them took ≈ 20 ms of
 * every run (bench/README.md). config/load.ts calls this before it checks a
 * config's schemas, and a parse worker before it compiles them.
 */
export async function loadSchemaCompiler(): Promise<void> {
  if (compiler) return
  // All three are CommonJS: their `module.exports` is `default` everywhere
  // (Node, the esbuild bundle, vitest); named exports are not (the bundle
  // has none). ajv's `module.exports` is the class, with `.Ajv` on it.
  const [ajv, errors, formats] = await Promise.all([import('ajv'), import('ajv-errors'), import('ajv-formats')])
  compiler = {
    Ajv: (ajv.default as unknown as {Ajv: typeof Ajv}).Ajv,
    addErrors: errors.default as unknown as SchemaCompiler['addErrors'],
    addFormats: formats.default as unknown as SchemaCompiler['addFormats']
  }
}

/** Whether a config names a frontmatter schema of its own (top level or in an override): only then is ajv loaded. */
export function namesSchemas(config: KbLintConfig): boolean {
  const names = (frontmatter: FrontmatterConfig | undefined) => frontmatter?.schema !== undefined || frontmatter?.schemas !== undefined
  return names(config.frontmatter) || (config.overrides ?? []).some((override) => names(override.frontmatter))
}

function loadedCompiler(): SchemaCompiler {
  if (!compiler) throw new Error('a frontmatter schema was compiled before loadSchemaCompiler() finished')
  return compiler
}

/**
 * `checking` validates each schema against its meta-schemas (draft-07 and
 * ajv-errors' keyword) when compiling it: config/load.ts uses it once per
 * schema of the config. `trusting` skips that (compiling the meta-schemas
 * took ≈ 0.3 s of every run that checked a note, in every thread): it
 * compiles only the built-in schema and schemas `checkSchema` accepted.
 */
function ajv(kind: 'checking' | 'trusting'): Ajv {
  return (instances[kind] ??= frontmatterAjv({validateSchema: kind === 'checking'}))
}

/**
 * An ajv as frontmatter schemas are compiled with; `options` adds to them
 * (`npm run generate` compiles the built-in schema with the same ajv, for
 * its standalone code). Only after `loadSchemaCompiler()`.
 */
export function frontmatterAjv(options: Options = {}): Ajv {
  // `verbose` keeps the failing schema on each error, so messages can say
  // "3 to 8 items" instead of only the bound that failed.
  const {Ajv, addErrors, addFormats} = loadedCompiler()
  const instance = new Ajv({allErrors: true, strict: false, verbose: true, validateSchema: false, ...options})
  addFormats(instance)
  addErrors(instance)
  return instance
}

/** Throws with ajv's reason when `schema` is not a schema ajv can compile. */
export function checkSchema(schema: object): void {
  ajv('checking').compile(schema)
}

/**
 * The built-in schema's validator is compiled ahead, by `npm run generate`
 * (config/validate-frontmatter.generated.ts): compiling it here was ≈ 12 ms
 * of every run that checks a note's frontmatter.
 */
const compiled = new WeakMap<object, ValidateFunction>([[DEFAULT_FRONTMATTER_SCHEMA, validateDefaultFrontmatter as ValidateFunction]])

/** Compile (once per schema object) the built-in schema or one `checkSchema` accepted. */
export function compileSchema(schema: object): ValidateFunction {
  let validate = compiled.get(schema)
  if (!validate) {
    validate = ajv('trusting').compile(schema)
    compiled.set(schema, validate)
  }
  return validate
}

/** Each applicable schema, with the `key: value` that selected it (none for the base schema). */
function selectedSchemas(data: Record<string, unknown>, settings: FrontmatterSettings): Array<{schema: object; selector?: string}> {
  const schemas: Array<{schema: object; selector?: string}> = [{schema: settings.schema}]
  if (settings.by && settings.schemas) {
    const value = data[settings.by]
    if (typeof value === 'string' && Object.hasOwn(settings.schemas, value)) {
      schemas.push({schema: settings.schemas[value]!, selector: `${settings.by}: ${value}`})
    }
  }
  return schemas
}

export function frontmatterProblems(frontmatter: ParsedFrontmatter, settings: FrontmatterSettings): Array<Omit<Finding, 'ruleId'>> {
  const data = frontmatter.data!
  const problems: Array<Omit<Finding, 'ruleId'>> = []
  const seen = new Set<string>()
  for (const {schema, selector} of selectedSchemas(data, settings)) {
    const validate = compileSchema(schema)
    if (validate(data)) continue
    const errors = validate.errors ?? []
    for (const error of errors) {
      if (insideFailedBranch(error, errors)) continue
      let reason = describe(error, data)
      // Say why a per-type schema asks for a key the base schema does not.
      if (reason !== undefined && selector && error.keyword === 'required') reason += ` (required for \`${selector}\`)`
      if (reason === undefined || seen.has(reason)) continue
      seen.add(reason)
      problems.push({reason, place: placeOf(error, frontmatter)})
    }
  }
  return problems
}

function keyPath(error: ErrorObject): string[] {
  const parts = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
  if (error.keyword === 'required') parts.push((error.params as {missingProperty: string}).missingProperty)
  if (error.keyword === 'additionalProperties') parts.push((error.params as {additionalProperty: string}).additionalProperty)
  return parts
}

function label(parts: string[]): string {
  if (parts.length === 0) return 'Frontmatter'
  return '`' + parts.map((part, index) => (/^\d+$/.test(part) && index > 0 ? `[${part}]` : (index > 0 ? '.' : '') + part)).join('') + '`'
}

function placeOf(error: ErrorObject, frontmatter: ParsedFrontmatter): Span {
  const top = keyPath(error)[0]
  if (error.keyword !== 'required' || keyPath(error).length > 1) {
    const span = top === undefined ? undefined : frontmatter.keySpans[top]
    if (span) return span
  }
  // A missing key, or data without a key to point at: the block's first line.
  return {start: frontmatter.span.start, end: frontmatter.span.start}
}

/**
 * An error inside one branch of an `anyOf`/`oneOf` that failed as a whole:
 * the alternative's summary says it better than each branch's complaint.
 */
function insideFailedBranch(error: ErrorObject, errors: ErrorObject[]): boolean {
  const branch = /^(.*)\/(anyOf|oneOf)\/\d+\//.exec(error.schemaPath)
  if (!branch) return false
  const parentPath = branch[1] + '/' + branch[2]
  return errors.some(
    (other) =>
      other !== error &&
      other.instancePath === error.instancePath.slice(0, other.instancePath.length) &&
      (other.schemaPath === parentPath || (other.keyword === 'errorMessage' && other.schemaPath === branch[1] + '/errorMessage'))
  )
}

/** `anyOf: [{required: [url]}, {required: [book]}]` → "needs `url` or `book`". */
function describeAlternatives(error: ErrorObject, name: string): string {
  const branches = (error.schema ?? []) as Array<Record<string, unknown>>
  const keys = branches.map((branch) =>
    Object.keys(branch).length === 1 && Array.isArray(branch.required) ? (branch.required as string[]) : undefined
  )
  if (keys.every((list) => list !== undefined && list.length > 0)) {
    return `${name} needs ${keys.map((list) => list!.map((key) => `\`${key}\``).join(' and ')).join(' or ')}`
  }
  return `${name} matches none of the allowed forms (${error.keyword === 'oneOf' ? 'exactly one' : 'at least one'} of ${branches.length})`
}

function describe(error: ErrorObject, data: unknown): string | undefined {
  const parts = keyPath(error)
  const name = label(parts)
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'errorMessage':
      return `${name}: ${error.message}`
    case 'required':
      if (parts.length > 1) return `${label(parts.slice(0, -1))} is missing \`${parts[parts.length - 1]}\``
      return `Frontmatter is missing \`${parts[parts.length - 1]}\``
    case 'additionalProperties':
      return `Unknown frontmatter key ${name}`
    case 'type':
      return `${name} must be ${article(String(params.type))}, not ${typeName(valueAt(data, parts))}`
    case 'pattern':
      if (params.pattern === '\\S') return `${name} must not be empty`
      return `${name} must match the pattern \`${String(params.pattern)}\`; is \`${String(valueAt(data, parts))}\``
    case 'minLength':
      return params.limit === 1 ? `${name} must not be empty` : `${name} must have at least ${String(params.limit)} characters`
    case 'maxLength':
      return `${name} must have at most ${String(params.limit)} characters`
    case 'minItems':
    case 'maxItems': {
      const count = (valueAt(data, parts) as unknown[]).length
      const min = schema.minItems as number | undefined
      const max = schema.maxItems as number | undefined
      const bound =
        min !== undefined && max !== undefined ? `${min} to ${max}` : min !== undefined ? `at least ${min}` : `at most ${String(max)}`
      return `${name} must have ${bound} ${(max ?? min) === 1 ? 'item' : 'items'}, has ${count}`
    }
    case 'enum':
      return `${name} must be one of ${(params.allowedValues as unknown[]).map((value) => `\`${String(value)}\``).join(', ')}; is \`${String(valueAt(data, parts))}\``
    case 'const':
      return `${name} must be \`${String(params.allowedValue)}\``
    case 'format':
      return `${name} must be ${FORMATS[String(params.format)] ?? `a valid ${String(params.format)}`}; is \`${String(valueAt(data, parts))}\``
    case 'uniqueItems':
      return `${name} must not repeat items; \`${String((valueAt(data, parts) as unknown[])[params.i as number])}\` is there twice`
    case 'if':
      // The failing `then`/`else` error says more; this summary would only repeat it.
      return undefined
    case 'anyOf':
    case 'oneOf':
      return describeAlternatives(error, name)
    default:
      return `${name} ${error.message ?? 'is invalid'}`
  }
}

/** Formats in a writer's words (ajv-formats names). */
const FORMATS: Record<string, string> = {
  date: 'a date like 2024-05-31',
  'date-time': 'a date and time like 2024-05-31T12:00:00Z',
  time: 'a time like 12:00:00',
  uri: 'a full URL like https://example.org/page',
  url: 'a full URL like https://example.org/page',
  'uri-reference': 'a URL or a path',
  email: 'an email address'
}

function valueAt(data: unknown, parts: string[]): unknown {
  let value = data
  for (const part of parts) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined
  return value
}

function typeName(value: unknown): string {
  if (value === null) return 'empty'
  if (Array.isArray(value)) return 'a list'
  if (value instanceof Date) return 'a date'
  if (typeof value === 'object') return 'a mapping'
  return article(typeof value)
}

function article(type: string): string {
  const words: Record<string, string> = {
    string: 'text',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
    null: 'empty'
  }
  return type
    .split(',')
    .map((part) => words[part] ?? part)
    .join(' or ')
}
