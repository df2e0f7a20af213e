/**
 * `kb-lint init`: infer a starting config from what is already there.
 *
 * - Link resolution, the publisher's: a Quartz site (`quartz.config.ts` in
 *   the root or a folder above it) gets its `CrawlLinks({markdownLinkResolution})`
 *   (Quartz's default `absolute` when unset), its notes are in `content/`
 *   and its `ignorePatterns` carry over as `unpublished` (links to them are
 *   broken on the site); the TypeScript file is read as text
 *   with regular expressions, never run. An Obsidian vault (`.obsidian/`)
 *   or Obsidian Publish export (`publish.css`, `publish.js`) gets
 *   `obsidian`; `attachmentFolderPath` is reported; the core Templates
 *   plugin's folder (`.obsidian/templates.json`) is ignored (its notes are
 *   placeholders, not content); its "Excluded files" (`userIgnoreFilters`,
 *   path prefixes) are still files links reach: `ignore`. Otherwise every mode resolves the base's
 *   links and the one under which the most resolve is proposed, with the
 *   counts (and Dendron's label-first `[[Label|target]]` when it resolves
 *   more).
 * - Frontmatter: a key most notes have (≥ 90 %) is required; a text key with
 *   few distinct, repeated values is an enum; a list of texts is a list.
 * - Section templates: when a folder of templates has a note named after
 *   values of an enum key (`how-to.md` for `type: how-to`), `structure` maps
 *   them.
 *
 * Every choice comes with the reason, for `init` to print.
 */
import fs from 'node:fs'
import path from 'node:path'
import {buildBase} from '../engine/base-phase.js'
import {summarize} from '../engine/collect.js'
import {scanBase} from '../engine/scan.js'
import {applyLinkDialect} from '../kb/link-dialect.js'
import type {NoteSummary} from '../kb/model.js'
import {createResolver, RESOLUTION_MODES, type ResolutionMode} from '../kb/resolve.js'
import {packageFile} from '../package-files.js'
import {createSettings, DEFAULT_FRONTMATTER_SCHEMA} from '../config/settings.js'
import type {KbLintConfig} from '../config/types.js'

export interface Inference {
  config: KbLintConfig
  /** The base root the config's paths are relative to (`content/` for Quartz). */
  baseRoot: string
  /** What was found and why each setting was chosen, one line each. */
  reasons: string[]
}

/** A key is required when at least this share of notes with frontmatter has it. */
export const REQUIRED_SHARE = 0.9
/** An enum has at most this many values, and each value is used twice on average. */
export const MAX_ENUM_VALUES = 10
/** Fewer notes than this with a key say nothing about its values. */
export const MIN_NOTES_FOR_ENUM = 4

const RESOLUTIONS = new Set<ResolutionMode>(RESOLUTION_MODES)
const TEMPLATE_FOLDERS = ['_meta/templates', 'templates', '_templates', 'Templates']

export function inferConfig(root: string): Inference {
  const reasons: string[] = []
  const config: KbLintConfig = {$schema: schemaPath(root)}
  const ignore: string[] = []
  const unpublished: string[] = []
  let baseRoot = root
  const templateFolders = [...TEMPLATE_FOLDERS]

  const quartzConfig = findAbove(root, 'quartz.config.ts')
  const obsidianFolder = findAbove(root, '.obsidian')
  const publishExport = ['publish.css', 'publish.js'].find((name) => fs.existsSync(path.join(root, name)))
  if (quartzConfig) {
    const text = fs.readFileSync(quartzConfig, 'utf8')
    const where = path.dirname(quartzConfig) === root ? 'quartz.config.ts' : path.relative(root, quartzConfig)
    reasons.push(`Quartz site: found ${where} (read as text, not run)`)
    if (path.dirname(quartzConfig) === root && fs.existsSync(path.join(root, 'content'))) {
      baseRoot = path.join(root, 'content')
      reasons.push('notes are in content/ (Quartz builds from it): check with `kb-lint check content`; paths below are relative to it')
    }
    const patterns = quartzIgnorePatterns(text)
    if (patterns.length > 0) {
      unpublished.push(...patterns)
      reasons.push(
        `unpublished ${patterns.map((pattern) => JSON.stringify(pattern)).join(', ')}: Quartz's ignorePatterns does not publish them, so links to them are broken`
      )
    }
    const resolution = /markdownLinkResolution\s*:\s*["'`](\w+)["'`]/.exec(text)?.[1] as ResolutionMode | undefined
    if (resolution && RESOLUTIONS.has(resolution)) {
      config.links = {resolution}
      reasons.push(`links.resolution "${resolution}": CrawlLinks markdownLinkResolution is "${resolution}"`)
    } else {
      config.links = {resolution: 'absolute'}
      reasons.push(`links.resolution "absolute": no markdownLinkResolution in ${where} (Quartz's default)`)
    }
  } else if (obsidianFolder || publishExport) {
    config.links = {resolution: 'obsidian'}
    reasons.push(
      obsidianFolder
        ? `links.resolution "obsidian": an Obsidian vault (found ${path.relative(root, obsidianFolder) || '.obsidian'}/), links resolve as Obsidian resolves them`
        : `links.resolution "obsidian": an Obsidian Publish export (found ${publishExport}), links resolve as Obsidian resolves them`
    )
    const vault = obsidianFolder ? path.dirname(obsidianFolder) : root
    const app = readJson(path.join(vault, '.obsidian', 'app.json'))
    if (typeof app.attachmentFolderPath === 'string' && app.attachmentFolderPath !== '') {
      reasons.push(`attachments go to "${app.attachmentFolderPath}" (attachmentFolderPath): embeds are checked as files there`)
    }
    const templates = readJson(path.join(vault, '.obsidian', 'templates.json'))
    if (typeof templates.folder === 'string' && templates.folder.trim() !== '') {
      const folder = templates.folder.replace(/^\/+|\/+$/g, '')
      templateFolders.unshift(folder)
      ignore.push(folder + '/')
      reasons.push(`ignore "${folder}/": the Templates plugin's folder holds placeholders, not notes`)
    }
    const excluded = obsidianExcludedFiles(app.userIgnoreFilters, reasons)
    if (excluded.length > 0) {
      ignore.push(...excluded)
      reasons.push(
        `ignore ${excluded.map((pattern) => JSON.stringify(pattern)).join(', ')}: Obsidian's Excluded files (not checked; links to them still resolve, as in Obsidian)`
      )
    }
  } else {
    reasons.push('no quartz.config.ts (here or above), .obsidian/ or Obsidian Publish export: a plain Markdown folder')
  }
  if (ignore.length > 0) config.ignore = ignore
  if (unpublished.length > 0) config.unpublished = unpublished

  const summaries = readNotes(baseRoot, ignore, unpublished, templateFolders)
  if (!config.links) config.links = proposeResolution(baseRoot, ignore, summaries.all, reasons)
  const withFrontmatter = summaries.content.filter((note) => note.frontmatter.present).length
  if (summaries.content.length > 0 && withFrontmatter * 2 < summaries.content.length) {
    // A base that mostly goes without frontmatter (Foam's docs): its absence is not a mistake.
    config.rules = {...config.rules, 'frontmatter-missing': 'off'}
    reasons.push(`frontmatter-missing off: only ${withFrontmatter} of ${summaries.content.length} notes have a frontmatter block`)
  }
  const proposal = proposeSchema(
    summaries.content.filter((note) => note.frontmatter.valid && note.frontmatter.data).map((note) => note.frontmatter.data!),
    reasons
  )
  if (proposal) config.frontmatter = {schema: proposal.schema}
  const structure = proposal ? proposeStructure(baseRoot, templateFolders, proposal.enums, reasons) : undefined
  if (structure) config.structure = structure
  reasons.push(`ready-made configs for Quartz's, Foam's and Dendron's docs are in ${examplesPath(root)}`)
  return {config, baseRoot, reasons}
}

/**
 * `$schema` for the config written into `configFolder`: the schema of the
 * kb-lint installed in the nearest `node_modules` at or above it (a base in a
 * subfolder of the npm project gets `../node_modules/…`), else this kb-lint's
 * own copy.
 */
function schemaPath(configFolder: string): string {
  const installed = findAbove(configFolder, path.join('node_modules', 'kb-lint', 'schema', 'config.schema.json'))
  const schema = installed ?? packageFile(path.join('schema', 'config.schema.json'))
  const relative = path.relative(configFolder, schema).split(path.sep).join('/')
  return relative.startsWith('.') ? relative : './' + relative
}

function examplesPath(configFolder: string): string {
  const installed = findAbove(configFolder, path.join('node_modules', 'kb-lint', 'docs', 'examples'))
  const examples = installed ?? packageFile(path.join('docs', 'examples'))
  return (path.relative(process.cwd(), examples) || '.').split(path.sep).join('/') + '/'
}

/** `name` in `folder` or the nearest folder above it that has it (up to the file system's root). */
function findAbove(folder: string, name: string): string | undefined {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    const candidate = path.join(current, name)
    if (fs.existsSync(candidate)) return candidate
    if (path.dirname(current) === current) return undefined
  }
}

/** How many of the base's links resolve under a mode (and link dialect). */
export interface ModeCount {
  resolution: ResolutionMode
  aliasFirst: boolean
  resolved: number
}

/**
 * With nothing that names the publisher: resolve every link under every
 * mode (and, when links have a `|`, both label orders) and take the one
 * under which the most resolve; ties go to the earlier mode in
 * `RESOLUTION_MODES` (`absolute`, Quartz's default, first).
 */
export function countResolvedByMode(root: string, ignore: string[], notes: NoteSummary[]): {total: number; counts: ModeCount[]} {
  const scan = scanBase(root, {ignore})
  const base = buildBase(scan, notes)
  const piped = notes.some((note) => note.references.some((reference) => reference.kind !== 'markdown' && reference.raw.includes('|')))
  const counts: ModeCount[] = []
  let total = 0
  for (const aliasFirst of piped ? [false, true] : [false]) {
    for (const resolution of RESOLUTION_MODES) {
      const resolver = createResolver(base, resolution, {aliasFirst})
      let resolved = 0
      total = 0
      for (const note of notes) {
        for (const written of note.references) {
          if (written.target === '') continue
          total++
          if (resolver.resolve(applyLinkDialect(written, aliasFirst), note).status === 'resolved') resolved++
        }
      }
      counts.push({resolution, aliasFirst, resolved})
    }
  }
  return {total, counts}
}

function proposeResolution(root: string, ignore: string[], notes: NoteSummary[], reasons: string[]): NonNullable<KbLintConfig['links']> {
  const {total, counts} = countResolvedByMode(root, ignore, notes)
  const best = counts.reduce((winner, count) => (count.resolved > winner.resolved ? count : winner))
  const label = (count: ModeCount) => `${count.resolution}${count.aliasFirst ? ' + aliasFirst' : ''}`
  reasons.push(
    `links.resolution "${best.resolution}"${best.aliasFirst ? " and links.aliasFirst (Dendron's [[Label|target]])" : ''}: the most links resolve under it — ` +
      counts.map((count) => `${label(count)} ${count.resolved}`).join(', ') +
      ` of ${total} links`
  )
  return best.aliasFirst ? {resolution: best.resolution, aliasFirst: true} : {resolution: best.resolution}
}

/** String literals of `ignorePatterns: [...]`. */
export function quartzIgnorePatterns(text: string): string[] {
  const list = /ignorePatterns\s*:\s*\[([^\]]*)\]/.exec(text)?.[1]
  if (!list) return []
  return [...list.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`([^`$\\]*)`/g)].map((match) => match[1] ?? match[2] ?? match[3]!)
}

/**
 * Obsidian's Excluded files as gitignore patterns. Obsidian matches each
 * entry as a prefix of the path from the vault root (`Archive/`, `Daily`);
 * an entry written `/…/` is a regular expression, which no gitignore
 * pattern can express: it is left out, and said so.
 */
export function obsidianExcludedFiles(filters: unknown, reasons: string[]): string[] {
  if (!Array.isArray(filters)) return []
  const patterns: string[] = []
  for (const filter of filters) {
    if (typeof filter !== 'string' || filter.trim() === '') continue
    if (filter.length > 2 && filter.startsWith('/') && filter.endsWith('/')) {
      reasons.push(
        `Excluded files entry ${JSON.stringify(filter)} is a regular expression: not carried over, add an \`ignore\` pattern by hand`
      )
      continue
    }
    const prefix = filter.replace(/^\/+/, '').replace(/[\\*?[\]!#]/g, (char) => '\\' + char)
    patterns.push('/' + prefix + (prefix.endsWith('/') ? '' : '*'))
  }
  return patterns
}

function readJson(file: string): Record<string, unknown> {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/**
 * Every note through the normal per-file phase: `all` for link counts,
 * `content` without the template folders (their values are placeholders)
 * for frontmatter statistics.
 */
function readNotes(
  baseRoot: string,
  ignore: string[],
  unpublished: string[],
  templateFolders: string[]
): {all: NoteSummary[]; content: NoteSummary[]} {
  const settings = createSettings({config: {ignore, unpublished}, directory: baseRoot}, [])
  const scan = scanBase(baseRoot, {ignore, unpublished})
  const isTemplate = (relative: string) => templateFolders.some((folder) => relative.startsWith(folder + '/'))
  const unchecked = new Set(scan.notes.filter((note) => note.unchecked).map((note) => note.relative))
  const all = scan.notes.map((note) => summarize(note, settings))
  return {all, content: all.filter((note) => !unchecked.has(note.path) && !isTemplate(note.path))}
}

interface SchemaProposal {
  schema: {type: 'object'; required?: string[]; properties: Record<string, object>}
  /** Keys proposed as enums, with their values in order of use. */
  enums: Map<string, string[]>
}

export function proposeSchema(notes: Array<Record<string, unknown>>, reasons: string[]): SchemaProposal | undefined {
  if (notes.length === 0) {
    reasons.push('frontmatter: no note has a frontmatter block; keeping the default schema (title and description)')
    return undefined
  }
  const keys = new Map<string, unknown[]>()
  for (const data of notes) {
    for (const [key, value] of Object.entries(data)) keys.set(key, [...(keys.get(key) ?? []), value])
  }
  const required: string[] = []
  const properties: Record<string, object> = {}
  const enums = new Map<string, string[]>()
  const sorted = [...keys].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
  for (const [key, values] of sorted) {
    const share = values.length / notes.length
    const why: string[] = [`in ${values.length} of ${notes.length} notes with frontmatter`]
    if (share >= REQUIRED_SHARE) {
      required.push(key)
      why.push(`required (≥ ${REQUIRED_SHARE * 100} %)`)
    }
    const property = propertyFor(values, why)
    if (property) {
      properties[key] = property
      if ('enum' in property) enums.set(key, property.enum as string[])
    }
    reasons.push(`frontmatter \`${key}\`: ${why.join('; ')}`)
  }
  keepDefaultChecks(keys, properties, reasons)
  return {schema: {type: 'object', ...(required.length > 0 ? {required} : {}), properties}, enums}
}

/**
 * The default schema's checks on the keys the base uses stay: an empty
 * `description:` is an error by default, and a schema inferred from notes
 * that already have such mistakes must not make it pass. A key whose values
 * are mostly not text (the base uses it for something else) is left to the
 * inference.
 */
function keepDefaultChecks(keys: Map<string, unknown[]>, properties: Record<string, object>, reasons: string[]): void {
  for (const [key, check] of Object.entries(DEFAULT_FRONTMATTER_SCHEMA.properties)) {
    const values = keys.get(key)
    if (!values) continue
    const texts = values.filter((value) => typeof value === 'string').length
    if (texts * 2 < values.length) continue
    if (JSON.stringify(properties[key]) === JSON.stringify(check)) continue
    properties[key] = {...check}
    const empty = values.filter((value) => value === null || value === undefined || (typeof value === 'string' && !/\S/.test(value))).length
    reasons.push(
      `frontmatter \`${key}\`: kept the default check, non-empty text${empty > 0 ? ` (${empty} note${empty === 1 ? ' has' : 's have'} it empty: reported)` : ''}`
    )
  }
}

function propertyFor(values: unknown[], why: string[]): Record<string, unknown> | undefined {
  if (values.every((value) => typeof value === 'string')) {
    const strings = values as string[]
    const counts = new Map<string, number>()
    for (const value of strings) counts.set(value, (counts.get(value) ?? 0) + 1)
    if (strings.length >= MIN_NOTES_FOR_ENUM && counts.size <= MAX_ENUM_VALUES && counts.size * 2 <= strings.length) {
      const allowed = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([value]) => value)
      why.push(`one of ${allowed.map((value) => `"${value}"`).join(', ')} (${counts.size} values repeat over ${strings.length} notes)`)
      return {enum: allowed}
    }
    if (strings.every((value) => /^\d{4}-\d{2}-\d{2}$/.test(value))) {
      why.push('a date (every value is YYYY-MM-DD)')
      return {type: 'string', format: 'date'}
    }
    why.push(strings.every((value) => /\S/.test(value)) ? 'non-empty text' : 'text')
    return strings.every((value) => /\S/.test(value)) ? {type: 'string', pattern: '\\S'} : {type: 'string'}
  }
  if (values.every((value) => Array.isArray(value))) {
    const lists = values as unknown[][]
    if (lists.every((list) => list.every((item) => typeof item === 'string'))) {
      why.push('a list of texts')
      return {type: 'array', items: {type: 'string'}}
    }
    why.push('a list')
    return {type: 'array'}
  }
  for (const type of ['number', 'boolean'] as const) {
    if (values.every((value) => typeof value === type)) {
      why.push(type === 'number' ? 'a number' : 'true or false')
      return {type}
    }
  }
  why.push('values of mixed types: no type proposed')
  return undefined
}

/** `structure` when a template folder has notes named after an enum key's values. */
function proposeStructure(baseRoot: string, folders: string[], enums: Map<string, string[]>, reasons: string[]): KbLintConfig['structure'] {
  for (const folder of folders) {
    if (!fs.existsSync(path.join(baseRoot, folder))) continue
    for (const [key, values] of enums) {
      const templates: Record<string, string> = {}
      for (const value of values) {
        const file = `${folder}/${value}.md`
        if (fs.existsSync(path.join(baseRoot, file))) templates[value] = file
      }
      const found = Object.keys(templates)
      if (found.length === 0) continue
      reasons.push(`structure by \`${key}\`: ${folder}/ has templates for ${found.map((value) => `"${value}"`).join(', ')}`)
      return {by: key, templates}
    }
  }
  return undefined
}
