/**
 * Find the files of a base.
 *
 * Every file below the root is a possible link target (notes, images, PDFs);
 * the `*.md` ones are notes. Patterns (at any depth, with git's semantics via
 * the `ignore` package) say what is not part of the base, and how:
 * - `.gitignore`, `node_modules`, dot-folders and dot-files: not part of the
 *   base at all (not tracked, not content);
 * - `.kblintignore` and the config's `ignore`: not checked, but still notes
 *   of the base — links to them resolve (a draft, a template, a huge file);
 * - the config's `unpublished` (Quartz's `ignorePatterns`, a `private/`
 *   folder): not part of the published site, so a link to them is broken;
 *   they are listed apart, so the message can say why.
 *
 * Symbolic links are followed only while their real path stays inside the
 * root's real path, and each real folder is entered once, so a link out of
 * the base is never followed and a symlink loop ends.
 */
import fs from 'node:fs'
import path from 'node:path'
import ignore, {type Ignore} from 'ignore'
import {isInside, isMarkdownPath, joinBasePath} from '../kb/paths.js'

export interface ScannedFile {
  /** Absolute path as found (through the symlink, if any). */
  absolute: string
  /** Relative to the root, `/`, as on disk (may be NFD). */
  relative: string
  /** Matched by `ignore` / `.kblintignore`: a link target, not checked. */
  unchecked?: boolean
}

export interface ScanProblem {
  relative: string
  reason: string
  /** A deliberate skip (a symlink out of the base) is only a warning. */
  severity?: 'warn' | 'error'
}

export interface ScanResult {
  /** Real absolute path of the root. */
  root: string
  notes: ScannedFile[]
  /** Every non-ignored file (notes included), relative, as on disk. */
  files: string[]
  /** Every non-ignored folder below the root, relative, as on disk. */
  folders: string[]
  /** Files and folders the config's `unpublished` keeps off the site, relative, as on disk. */
  unpublished: string[]
  problems: ScanProblem[]
}

export interface ScanOptions {
  /** Patterns of notes not to check (config `ignore`), gitignore-style, relative to the root. */
  ignore?: string[]
  /** Patterns of files that are not published (config `unpublished`): links to them are broken. */
  unpublished?: string[]
}

/** What a matching pattern does; a stronger effect wins. */
type Effect = 'unchecked' | 'unpublished' | 'excluded'
const STRENGTH: Record<Effect, number> = {unchecked: 1, unpublished: 2, excluded: 3}

const IGNORE_FILES: Array<{name: string; effect: Effect}> = [
  {name: '.gitignore', effect: 'excluded'},
  {name: '.kblintignore', effect: 'unchecked'}
]

interface IgnoreScope {
  /** Folder (relative to root, '' for root) the patterns are relative to. */
  base: string
  matcher: Ignore
  effect: Effect
}

export function scanBase(rootInput: string, options: ScanOptions = {}): ScanResult {
  const root = fs.realpathSync(rootInput)
  const result: ScanResult = {root, notes: [], files: [], folders: [], unpublished: [], problems: []}
  const rootScopes: IgnoreScope[] = []
  if (options.ignore && options.ignore.length > 0) rootScopes.push({base: '', matcher: ignore().add(options.ignore), effect: 'unchecked'})
  if (options.unpublished && options.unpublished.length > 0)
    rootScopes.push({base: '', matcher: ignore().add(options.unpublished), effect: 'unpublished'})
  const visited = new Set<string>([root])
  walk(root, '', rootScopes, undefined, visited, result)
  // Stable order everywhere downstream (reports, graph, shards).
  result.notes.sort((a, b) => compare(a.relative, b.relative))
  result.files.sort(compare)
  result.folders.sort(compare)
  result.unpublished.sort(compare)
  return result
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function walk(
  absoluteDir: string,
  relativeDir: string,
  parentScopes: IgnoreScope[],
  /** The effect that applies to the whole folder (an ignored or unpublished parent). */
  inherited: Effect | undefined,
  visited: Set<string>,
  result: ScanResult
): void {
  let entries: fs.Dirent[]
  try {
    entries = fs.readdirSync(absoluteDir, {withFileTypes: true})
  } catch (error) {
    result.problems.push({relative: relativeDir || '.', reason: `Cannot read folder: ${describeError(error)}`})
    return
  }

  const scopes = [...parentScopes]
  for (const {name, effect} of IGNORE_FILES) {
    if (!entries.some((entry) => entry.name === name && entry.isFile())) continue
    try {
      const patterns = fs.readFileSync(path.join(absoluteDir, name), 'utf8')
      scopes.push({base: relativeDir, matcher: ignore().add(patterns), effect})
    } catch (error) {
      result.problems.push({relative: join(relativeDir, name), reason: `Cannot read ignore file: ${describeError(error)}`})
    }
  }

  for (const entry of entries) {
    const name = entry.name
    if (name.startsWith('.') || name === 'node_modules') continue
    const relative = join(relativeDir, name)
    const absolute = joinBasePath(absoluteDir, name)
    let isDirectory = entry.isDirectory()
    let isFile = entry.isFile()

    if (entry.isSymbolicLink()) {
      let real: string
      try {
        real = fs.realpathSync(absolute)
      } catch {
        result.problems.push({relative, reason: 'Broken or looping symbolic link, skipped'})
        continue
      }
      if (!isInside(result.root, real)) {
        result.problems.push({relative, reason: 'Symbolic link points outside the base, not followed', severity: 'warn'})
        continue
      }
      const stat = fs.statSync(real, {throwIfNoEntry: false})
      if (!stat) continue
      isDirectory = stat.isDirectory()
      isFile = stat.isFile()
      if (isDirectory) {
        if (visited.has(real)) continue
        visited.add(real)
      }
    }

    const effect = strongest(inherited, matchingEffect(scopes, relative, isDirectory))
    if (effect === 'excluded') continue

    if (isDirectory) {
      if (!entry.isSymbolicLink()) {
        const real = absolute
        if (visited.has(real)) continue
        visited.add(real)
      }
      if (effect === 'unpublished') result.unpublished.push(relative)
      else result.folders.push(relative)
      walk(absolute, relative, scopes, effect, visited, result)
    } else if (isFile) {
      if (effect === 'unpublished') {
        result.unpublished.push(relative)
        continue
      }
      result.files.push(relative)
      if (isMarkdownPath(name)) result.notes.push(effect === 'unchecked' ? {absolute, relative, unchecked: true} : {absolute, relative})
    }
  }
}

function matchingEffect(scopes: IgnoreScope[], relative: string, isDirectory: boolean): Effect | undefined {
  let effect: Effect | undefined
  for (const scope of scopes) {
    const inScope = scope.base === '' ? relative : relative.slice(scope.base.length + 1)
    if (scope.matcher.ignores(isDirectory ? inScope + '/' : inScope)) effect = strongest(effect, scope.effect)
  }
  return effect
}

function strongest(a: Effect | undefined, b: Effect | undefined): Effect | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return STRENGTH[a] >= STRENGTH[b] ? a : b
}

function join(dir: string, name: string): string {
  return dir === '' ? name : dir + '/' + name
}

export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'ENOENT') return 'file disappeared while checking'
  if (code === 'EISDIR') return 'is a folder'
  if (code === 'ELOOP') return 'symbolic link loop'
  return error instanceof Error ? error.message : String(error)
}
