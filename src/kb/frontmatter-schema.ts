/**
 * Validate frontmatter data against JSON Schema (ajv, with ajv-formats for
 * `date`, `uri`, … and ajv-errors for schema-authored `errorMessage`s) and say
 * what is wrong in a writer's words, at the offending key's line.
 */
import {Ajv, type ErrorObject, type ValidateFunction} from 'ajv'
import ajvErrors from 'ajv-errors'
import ajvFormats from 'ajv-formats'
import type {FrontmatterSettings} from '../config/settings.js'
import type {ParsedFrontmatter} from './frontmatter.js'
import type {Finding, Span} from './model.js'

// `verbose` keeps the failing schema on each error, so messages can say
// "3 to 8 items" instead of only the bound that failed.
const ajv = new Ajv({allErrors: true, strict: false, verbose: true})
;(ajvFormats as unknown as (ajv: Ajv) => void)(ajv)
;(ajvErrors as unknown as (ajv: Ajv) => void)(ajv)

const compiled = new WeakMap<object, ValidateFunction>()

/** Compile (once per schema object). Throws with ajv's reason on a bad schema. */
export function compileSchema(schema: object): ValidateFunction {
  let validate = compiled.get(schema)
  if (!validate) {
    validate = ajv.compile(schema)
    compiled.set(schema, validate)
  }
  return validate
}

/** The schemas that apply to a note: the base one, plus the one its `by` key selects. */
export function schemasFor(data: Record<string, unknown>, settings: FrontmatterSettings): object[] {
  const schemas = [settings.schema]
  if (settings.by && settings.schemas) {
    const value = data[settings.by]
    if (typeof value === 'string' && Object.hasOwn(settings.schemas, value)) schemas.push(settings.schemas[value]!)
  }
  return schemas
}

export function frontmatterProblems(frontmatter: ParsedFrontmatter, settings: FrontmatterSettings): Array<Omit<Finding, 'ruleId'>> {
  const data = frontmatter.data!
  const problems: Array<Omit<Finding, 'ruleId'>> = []
  const seen = new Set<string>()
  for (const schema of schemasFor(data, settings)) {
    const validate = compileSchema(schema)
    if (validate(data)) continue
    for (const error of validate.errors ?? []) {
      const reason = describe(error, data)
      if (reason === undefined || seen.has(reason)) continue
      seen.add(reason)
      problems.push({reason, place: placeOf(error, frontmatter)})
    }
  }
  return problems
}

function keyPath(error: ErrorObject): string[] {
  const parts = error.instancePath.split('/').slice(1).map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
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

function describe(error: ErrorObject, data: unknown): string | undefined {
  const parts = keyPath(error)
  const name = label(parts)
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'errorMessage':
      return `${name}: ${error.message}`
    case 'required':
      return `Frontmatter is missing \`${parts[parts.length - 1]}\``
    case 'additionalProperties':
      return `Unknown frontmatter key ${name}`
    case 'type':
      return `${name} must be ${article(String(params.type))}, not ${typeName(valueAt(data, parts))}`
    case 'pattern':
      if (params.pattern === '\\S') return `${name} must not be empty`
      return `${name} must match the pattern \`${String(params.pattern)}\``
    case 'minLength':
      return params.limit === 1 ? `${name} must not be empty` : `${name} must have at least ${String(params.limit)} characters`
    case 'maxLength':
      return `${name} must have at most ${String(params.limit)} characters`
    case 'minItems':
    case 'maxItems': {
      const count = (valueAt(data, parts) as unknown[]).length
      const min = schema.minItems as number | undefined
      const max = schema.maxItems as number | undefined
      const bound = min !== undefined && max !== undefined ? `${min} to ${max}` : min !== undefined ? `at least ${min}` : `at most ${String(max)}`
      return `${name} must have ${bound} items, has ${count}`
    }
    case 'enum':
      return `${name} must be one of ${(params.allowedValues as unknown[]).map((value) => `\`${String(value)}\``).join(', ')}; is \`${String(valueAt(data, parts))}\``
    case 'const':
      return `${name} must be \`${String(params.allowedValue)}\``
    case 'format':
      return `${name} must be a valid ${String(params.format)}`
    case 'uniqueItems':
      return `${name} must not repeat items`
    case 'if':
    case 'anyOf':
    case 'oneOf':
      // The specific branch errors say more; this summary would only repeat them.
      return error.keyword === 'if' ? undefined : `${name} ${error.message ?? 'is invalid'}`
    default:
      return `${name} ${error.message ?? 'is invalid'}`
  }
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
  return type.split(',').map((part) => words[part] ?? part).join(' or ')
}
