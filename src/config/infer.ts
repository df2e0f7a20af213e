/**
 * `kb-lint init`: infer a starting config from what is already there.
 *
 * - A Quartz site (`quartz.config.ts`): the notes are in `content/`; its
 *   `ignorePatterns` (not published: `unpublished`, so links to them are
 *   broken) and `CrawlLinks({markdownLinkResolution})` carry over.
 *   The TypeScript file is read as text with regular expressions, never run.
 * - An Obsidian vault (`.obsidian/app.json`): `newLinkFormat` is the link
 *   resolution; `attachmentFolderPath` is reported; the core Templates
 *   plugin's folder (`.obsidian/templates.json`) is ignored (its notes are
 *   placeholders, not content). Obsidian's "Excluded files"
 *   (`userIgnoreFilters`, path prefixes) are still files of the vault that
 *   links reach, only hidden from search and the graph: `ignore`.
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
import {summarize} from '../engine/collect.js'
import {scanBase} from '../engine/scan.js'
import type {ResolutionMode} from '../kb/resolve.js'
import {createSettings} from './settings.js'
import type {KbLintConfig} from './types.js'

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

const RESOLUTIONS = new Set<ResolutionMode>(['absolute', 'relative', 'shortest'])
const TEMPLATE_FOLDERS = ['_meta/templates', 'templates', '_templates', 'Templates']

export function inferConfig(root: string): Inference {
  const reasons: string[] = []
  const config: KbLintConfig = {$schema: './node_modules/kb-lint/schema/config.schema.json'}
  const ignore: string[] = []
  const unpublished: string[] = []
  let baseRoot = root
  const templateFolders = [...TEMPLATE_FOLDERS]

  const quartzConfig = path.join(root, 'quartz.config.ts')
  const obsidianApp = path.join(root, '.obsidian', 'app.json')
  if (fs.existsSync(quartzConfig)) {
    const text = fs.readFileSync(quartzConfig, 'utf8')
    reasons.push('Quartz site: found quartz.config.ts (read as text, not run)')
    if (fs.existsSync(path.join(root, 'content'))) {
      baseRoot = path.join(root, 'content')
      reasons.push('notes are in content/ (Quartz builds from it): check with `kb-lint check content`; paths below are relative to it')
    }
    const patterns = quartzIgnorePatterns(text)
    if (patterns.length > 0) {
      unpublished.push(...patterns)
      reasons.push(`unpublished ${patterns.map((pattern) => JSON.stringify(pattern)).join(', ')}: Quartz's ignorePatterns does not publish them, so links to them are broken`)
    }
    const resolution = /markdownLinkResolution\s*:\s*["'`](\w+)["'`]/.exec(text)?.[1] as ResolutionMode | undefined
    if (resolution && RESOLUTIONS.has(resolution)) {
      config.links = {resolution}
      reasons.push(`links.resolution "${resolution}": CrawlLinks markdownLinkResolution is "${resolution}"`)
    } else {
      config.links = {resolution: 'absolute'}
      reasons.push('links.resolution "absolute": no markdownLinkResolution in quartz.config.ts (Quartz\'s default)')
    }
  } else if (fs.existsSync(obsidianApp)) {
    reasons.push('Obsidian vault: found .obsidian/app.json')
    const app = readJson(obsidianApp)
    const format = typeof app.newLinkFormat === 'string' ? app.newLinkFormat : undefined
    const resolution: ResolutionMode = format && RESOLUTIONS.has(format as ResolutionMode) ? (format as ResolutionMode) : 'shortest'
    config.links = {resolution}
    reasons.push(
      format
        ? `links.resolution "${resolution}": newLinkFormat is "${format}"`
        : 'links.resolution "shortest": no newLinkFormat in app.json (Obsidian\'s default)'
    )
    if (typeof app.attachmentFolderPath === 'string' && app.attachmentFolderPath !== '') {
      reasons.push(`attachments go to "${app.attachmentFolderPath}" (attachmentFolderPath): embeds are checked as files there`)
    }
    const templates = readJson(path.join(root, '.obsidian', 'templates.json'))
    if (typeof templates.folder === 'string' && templates.folder.trim() !== '') {
      const folder = templates.folder.replace(/^\/+|\/+$/g, '')
      templateFolders.unshift(folder)
      ignore.push(folder + '/')
      reasons.push(`ignore "${folder}/": the Templates plugin's folder holds placeholders, not notes`)
    }
    const excluded = obsidianExcludedFiles(app.userIgnoreFilters, reasons)
    if (excluded.length > 0) {
      ignore.push(...excluded)
      reasons.push(`ignore ${excluded.map((pattern) => JSON.stringify(pattern)).join(', ')}: Obsidian's Excluded files (not checked; links to them still resolve, as in Obsidian)`)
    }
  } else {
    reasons.push('no quartz.config.ts or .obsidian/app.json: a plain Markdown folder')
  }
  if (ignore.length > 0) config.ignore = ignore
  if (unpublished.length > 0) config.unpublished = unpublished

  const notes = readFrontmatter(baseRoot, ignore, unpublished, templateFolders)
  const proposal = proposeSchema(notes, reasons)
  if (proposal) config.frontmatter = {schema: proposal.schema}
  const structure = proposal ? proposeStructure(baseRoot, templateFolders, proposal.enums, reasons) : undefined
  if (structure) config.structure = structure
  return {config, baseRoot, reasons}
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
      reasons.push(`Excluded files entry ${JSON.stringify(filter)} is a regular expression: not carried over, add an \`ignore\` pattern by hand`)
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
 * Frontmatter data of every note that has a valid block, through the normal
 * per-file phase. Template folders are left out: their values are placeholders.
 */
function readFrontmatter(baseRoot: string, ignore: string[], unpublished: string[], templateFolders: string[]): Array<Record<string, unknown>> {
  const settings = createSettings({config: {ignore, unpublished}, directory: baseRoot}, [])
  const scan = scanBase(baseRoot, {ignore, unpublished})
  const isTemplate = (relative: string) => templateFolders.some((folder) => relative.startsWith(folder + '/'))
  return scan.notes
    .filter((note) => !note.unchecked && !isTemplate(note.relative))
    .map((note) => summarize(note, settings))
    .filter((note) => note.frontmatter.valid && note.frontmatter.data)
    .map((note) => note.frontmatter.data!)
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
  return {schema: {type: 'object', ...(required.length > 0 ? {required} : {}), properties}, enums}
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
function proposeStructure(
  baseRoot: string,
  folders: string[],
  enums: Map<string, string[]>,
  reasons: string[]
): KbLintConfig['structure'] {
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
