/**
 * Section templates (config `structure`): which template a note's
 * frontmatter selects, and its `##` sections. Headings match by their text,
 * ignoring case, surrounding space and runs of spaces, so `## Типичные
 * ошибки` matches `##  типичные ошибки`.
 */
import type {StructureConfig} from '../config/types.js'
import {templatePath} from '../config/settings.js'
import type {Heading, NoteSummary, Span} from './model.js'

export interface SelectedTemplate {
  /** The frontmatter value that selected it, e.g. `how-to`. */
  value: string
  by: string
  path: string
  summary: NoteSummary
}

export function selectTemplate(
  note: NoteSummary,
  structure: StructureConfig | undefined,
  templates: ReadonlyMap<string, NoteSummary> | undefined
): SelectedTemplate | undefined {
  if (!structure || !templates) return undefined
  const value = note.frontmatter.data?.[structure.by]
  if (typeof value !== 'string' || !Object.hasOwn(structure.templates, value)) return undefined
  const path = templatePath(structure.templates[value]!)
  const summary = templates.get(path)
  // A template is not checked against itself.
  if (!summary || summary.path === note.path) return undefined
  return {value, by: structure.by, path, summary}
}

/** The `##` headings of a note (templates and notes alike). */
export function sections(note: NoteSummary): Heading[] {
  return note.headings.filter((heading) => heading.depth === 2)
}

export function sectionKey(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()
}

/** Where to report about a whole note's structure: its selecting key's line. */
export function selectorPlace(note: NoteSummary, by: string): Span {
  const line = note.frontmatter.keyLines?.[by] ?? 1
  return {start: {line, column: 1}, end: {line, column: 1}}
}

/** How messages name a template: "the `how-to` template (`_meta/templates/how-to.md`)". */
export function describeTemplate(template: SelectedTemplate): string {
  return `the \`${template.by}: ${template.value}\` template (\`${template.path}\`)`
}
