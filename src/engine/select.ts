/**
 * File-list mode (`check -- FILE...`, `--files`, `--staged`): which notes of a
 * fully linted base to report on.
 *
 * The given paths are relative to the current folder (as every command-line
 * tool reads them) or absolute:
 * - a file or folder that exists below the root: its notes are reported in
 *   full (an existing file that is not a note, e.g. an image or an ignored
 *   file, reports nothing);
 * - a glob (quoted, so the shell left it alone) is matched against the
 *   base's files with picomatch, as markdownlint-cli2 and ESLint expand
 *   globs themselves;
 * - a path that no longer exists is a note (or attachment) that the change
 *   deleted or renamed away: nothing is left to report on it, but the notes
 *   that still link to it are now broken, so each of them is reported too —
 *   with only the link findings at those links, so a writer who renames one
 *   note is not blocked by unrelated, older problems elsewhere in the base.
 *
 * Anything else would check nothing and pass — a false green in CI — so it is
 * a `FileArgumentError`: a path outside the root, a glob that matches no
 * file, and a missing path that is not a deleted or renamed note (no note
 * links to it and git has never known it: a typo).
 */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import picomatch from 'picomatch'
import type {Finding, ResolvedReference, Span} from '../kb/model.js'
import {stripMarkdownExtension, toRelative, pathKey} from '../kb/paths.js'
import {getRule} from '../rules/index.js'
import type {FileFindings} from './messages.js'

/** A given path that would make the check see nothing; the CLI turns it into exit 2. */
export class FileArgumentError extends Error {
  override name = 'FileArgumentError'
}

export interface GivenInput {
  /** The given paths or globs, relative to `cwd` or absolute. */
  files: string[]
  cwd: string
  /** The root as given and its real path (they differ behind a symlink). */
  root: string
  realRoot: string
  /** Every file of the base (scan result), relative to the root, as on disk. */
  baseFiles: readonly string[]
}

export interface GivenPaths {
  /** The given paths inside the root (NFC, `/`), globs and folders expanded to their files. */
  given: Set<string>
  /** Those of them that no longer exist, each with the argument it came from. */
  gone: Map<string, string>
}

export interface SelectInput {
  entries: FileFindings[]
  references: ResolvedReference[]
  given: GivenPaths
  /** The root, for asking git about gone paths. */
  realRoot: string
}

/** Expand and check the given paths; throws `FileArgumentError` for one that would check nothing. */
export function givenPaths(input: GivenInput): GivenPaths {
  const given = new Set<string>()
  const gone = new Map<string, string>()
  for (const file of input.files) {
    const absolute = path.resolve(input.cwd, file)
    const stat = fs.statSync(absolute, {throwIfNoEntry: false})
    if (!stat && picomatch.scan(file).isGlob) {
      const matched = matchGlob(input, file)
      if (matched.length === 0) throw new FileArgumentError(`\`${file}\` matches no file of the base ${shown(input, input.root)}`)
      for (const relative of matched) given.add(relative)
      continue
    }
    const relative = relativeInside(input, absolute)
    if (relative === undefined) throw new FileArgumentError(outsideMessage(input, file, absolute))
    if (stat?.isDirectory()) {
      const below = input.baseFiles.map(pathKey).filter((name) => name.startsWith(relative + '/'))
      if (below.length === 0) throw new FileArgumentError(`\`${file}\` holds no file of the base ${shown(input, input.root)}`)
      for (const name of below) given.add(name)
      continue
    }
    given.add(relative)
    if (!stat) gone.set(relative, file)
  }
  return {given, gone}
}

export function selectEntries(input: SelectInput): FileFindings[] {
  const {given, gone} = input.given
  const {byNote: brokenBy, linked} = linksToGone(input.references, new Set(gone.keys()))
  const unlinked = [...gone.keys()].filter((relative) => !linked.has(relative))
  if (unlinked.length > 0) {
    const known = knownToGit(input.realRoot, unlinked)
    const typo = unlinked.find((relative) => !known.has(relative))
    if (typo !== undefined) {
      throw new FileArgumentError(
        `\`${gone.get(typo)}\` does not exist, and it is not a deleted or renamed note (no note links to it, git does not know it)`
      )
    }
  }
  const selected: FileFindings[] = []
  for (const entry of input.entries) {
    const relative = pathKey(entry.relative)
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

/** Base files (NFC, relative to the root) whose path from `cwd` (or absolute path, for an absolute glob) matches `pattern`. */
function matchGlob(input: GivenInput, pattern: string): string[] {
  const absolutePattern = path.isAbsolute(pattern)
  const isMatch = picomatch(pathKey(pattern).split(path.sep).join('/'))
  const matched: string[] = []
  for (const name of input.baseFiles) {
    const absolute = path.join(input.root, name)
    const candidate = absolutePattern ? absolute : toRelative(input.cwd, absolute)
    if (isMatch(pathKey(candidate))) matched.push(pathKey(name))
  }
  return matched
}

function outsideMessage(input: GivenInput, file: string, absolute: string): string {
  const message = `\`${file}\` is outside the base root ${shown(input, input.root)}; file paths are relative to the current folder`
  // The usual slip: the path written relative to the root instead.
  const fromRoot = path.resolve(input.root, file)
  if (!path.isAbsolute(file) && fromRoot !== absolute && fs.existsSync(fromRoot))
    return `${message} (did you mean \`${toRelative(input.cwd, fromRoot)}\`?)`
  return message
}

function shown(input: Pick<GivenInput, 'cwd'>, absolute: string): string {
  return `\`${toRelative(input.cwd, absolute) || '.'}\``
}

/** Path of `absolute` relative to the root (NFC, `/`), or undefined when outside it. */
function relativeInside(input: Pick<GivenInput, 'root' | 'realRoot'>, absolute: string): string | undefined {
  for (const base of [input.root, input.realRoot]) {
    const relative = path.relative(base, absolute).split(path.sep).join('/')
    if (relative !== '' && !relative.startsWith('../') && relative !== '..' && !path.isAbsolute(relative)) return pathKey(relative)
  }
  return undefined
}

/**
 * The links (by linking note path) that pointed at a gone path, and which
 * gone paths had any. A link points at a gone path when its lookup key is the
 * gone note's id or file path, or — a bare name, as `shortest` mode and
 * Obsidian write them — its file name.
 */
function linksToGone(references: ResolvedReference[], gone: Set<string>): {byNote: Map<string, Span[]>; linked: Set<string>} {
  const byKey = new Map<string, string>()
  const byName = new Map<string, string[]>()
  for (const relative of gone) {
    const id = stripMarkdownExtension(relative)
    byKey.set(id, relative)
    byKey.set(relative, relative)
    for (const name of new Set([id.slice(id.lastIndexOf('/') + 1), relative.slice(relative.lastIndexOf('/') + 1)])) {
      byName.set(name, [...(byName.get(name) ?? []), relative])
    }
  }
  const byNote = new Map<string, Span[]>()
  const linked = new Set<string>()
  if (gone.size === 0) return {byNote, linked}
  for (const {from, reference, wanted} of references) {
    if (reference.target === '') continue
    const key = byKey.get(pathKey(wanted))
    const bare = !reference.target.includes('/')
    const named = bare ? byName.get(stripMarkdownExtension(reference.target)) : undefined
    if (key === undefined && named === undefined) continue
    if (key !== undefined) linked.add(key)
    for (const relative of named ?? []) linked.add(relative)
    const note = pathKey(from.path)
    const spans = byNote.get(note)
    if (spans) spans.push(reference.position)
    else byNote.set(note, [reference.position])
  }
  return {byNote, linked}
}

/**
 * Which of these root-relative paths git has ever recorded (in a commit, or
 * staged): those were deleted or renamed. One `git log` for all of them;
 * without git or outside a repository, none.
 */
function knownToGit(root: string, relatives: string[]): Set<string> {
  const known = new Set<string>()
  const options = {cwd: root, encoding: 'utf8' as const, maxBuffer: 64 * 1024 * 1024}
  const args = ['--literal-pathspecs', '-C', root]
  const logged = spawnSync(
    'git',
    [...args, 'log', '--format=', '--name-only', '--no-renames', '--relative', '-z', '--', ...relatives],
    options
  )
  const staged = spawnSync('git', [...args, 'ls-files', '-z', '--', ...relatives], options)
  for (const result of [logged, staged]) {
    if (result.status !== 0 || typeof result.stdout !== 'string') continue
    for (const name of result.stdout.split(/[\0\n]/)) if (name !== '') known.add(pathKey(name))
  }
  return known
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
