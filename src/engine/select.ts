/**
 * File-list mode (`check -- FILE...`, `--files`, `--staged`): which notes of a
 * fully linted base to report on.
 *
 * A given note that exists is reported in full. A given path that no longer
 * exists on disk is a note (or attachment) that the change deleted or renamed
 * away: nothing is left to report on it, but the notes that still link to it
 * are now broken, so each of them is reported too — with only the link
 * findings at those links, so a writer who renames one note is not blocked by
 * unrelated, older problems elsewhere in the base.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {Finding, ResolvedReference, Span} from '../kb/model.js'
import {stripMarkdownExtension} from '../kb/paths.js'
import {getRule} from '../rules/index.js'
import type {FileFindings} from './messages.js'

export interface SelectInput {
  entries: FileFindings[]
  references: ResolvedReference[]
  /** The given paths, relative to `cwd` or absolute. */
  files: string[]
  cwd: string
  /** The root as given and its real path (they differ behind a symlink). */
  root: string
  realRoot: string
}

/** The given paths inside the root (NFC, `/`), and those of them that no longer exist. */
export function givenPaths(input: Pick<SelectInput, 'files' | 'cwd' | 'root' | 'realRoot'>): {given: Set<string>; gone: Set<string>} {
  const given = new Set<string>()
  const gone = new Set<string>()
  for (const file of input.files) {
    const absolute = path.resolve(input.cwd, file)
    const relative = relativeInside(input, absolute)
    if (relative === undefined) continue
    given.add(relative)
    if (!fs.existsSync(absolute)) gone.add(relative)
  }
  return {given, gone}
}

export function selectEntries(input: SelectInput): FileFindings[] {
  const {given, gone} = givenPaths(input)
  const brokenBy = linksToGone(input.references, gone)
  const selected: FileFindings[] = []
  for (const entry of input.entries) {
    const relative = entry.relative.normalize('NFC')
    if (given.has(relative)) {
      selected.push(entry)
      continue
    }
    const links = brokenBy.get(relative)
    if (!links) continue
    const findings = entry.findings.filter((finding) => isLinkFinding(finding) && links.some((span) => within(finding.place, span)))
    if (findings.length > 0) selected.push({...entry, findings})
  }
  return selected
}

/** Path of `absolute` relative to the root (NFC, `/`), or undefined when outside it. */
function relativeInside(input: Pick<SelectInput, 'root' | 'realRoot'>, absolute: string): string | undefined {
  for (const base of [input.root, input.realRoot]) {
    const relative = path.relative(base, absolute).split(path.sep).join('/')
    if (relative !== '' && !relative.startsWith('../') && relative !== '..' && !path.isAbsolute(relative)) return relative.normalize('NFC')
  }
  return undefined
}

/**
 * The links (by linking note path) that pointed at a gone path. A link points
 * at it when its lookup key is the gone note's id or file path, or — a bare
 * name, as `shortest` mode and Obsidian write them — its file name.
 */
function linksToGone(references: ResolvedReference[], gone: Set<string>): Map<string, Span[]> {
  const keys = new Set<string>()
  const names = new Set<string>()
  for (const relative of gone) {
    const id = stripMarkdownExtension(relative)
    keys.add(id)
    keys.add(relative)
    names.add(id.slice(id.lastIndexOf('/') + 1))
    names.add(relative.slice(relative.lastIndexOf('/') + 1))
  }
  const byNote = new Map<string, Span[]>()
  if (gone.size === 0) return byNote
  for (const {from, reference, wanted} of references) {
    if (reference.target === '') continue
    const key = wanted.normalize('NFC')
    const bare = !reference.target.includes('/')
    if (!keys.has(key) && !(bare && names.has(stripMarkdownExtension(reference.target)))) continue
    const note = from.path.normalize('NFC')
    const spans = byNote.get(note)
    if (spans) spans.push(reference.position)
    else byNote.set(note, [reference.position])
  }
  return byNote
}

/** A finding that can change when another note goes away: its rule reads beyond the note (`meta.reads`). */
function isLinkFinding(finding: Finding): boolean {
  const reads = getRule(finding.ruleId)?.meta.reads
  return reads !== undefined && reads !== 'note'
}

function within(place: Span, span: Span): boolean {
  return !before(place.start, span.start) && !before(span.end, place.end)
}

function before(a: {line: number; column: number}, b: {line: number; column: number}): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column)
}
