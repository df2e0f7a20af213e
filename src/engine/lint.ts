/**
 * The engine, end to end: config → scan → per-file phase → whole-base phase
 * → VFiles. The CLI and the public API both call `lint`; nothing else runs
 * the pipeline. Sharded runs (`--shard`, `merge`) use the same stages split
 * across processes: `prepare` + `collectShard` on each shard, `finish` once.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {VFile} from 'vfile'
import {createSettings, type Settings} from '../config/settings.js'
import type {KbLintConfig, LoadedConfig} from '../config/types.js'
import type {Base, Finding, NoteSummary, ResolvedReference} from '../kb/model.js'
import {isInside, pathKey} from '../kb/paths.js'
import {rules} from '../rules/index.js'
import {buildId} from '../build-id.js'
import {toolVersion} from '../version.js'
import {analyzeNote} from './analyze.js'
import {locateBase} from './base-root.js'
import {buildBase, checkBase, resolveAll, type BaseCheck} from './base-phase.js'
import {defaultCacheLocation, openCache, type BaseResults, type SummaryCache} from '../incremental/cache.js'
import {collectSummaries, type CollectStats} from './collect.js'
import type {Resolver} from '../kb/resolve.js'
import {MAX_NOTE_BYTES, parseNote, tooLargeReason, unreadableSummary} from './read-note.js'
import type {ParserName} from '../syntax/fast/index.js'
import {EncodedSummaryError} from '../incremental/encoded-summary.js'
import {incrementalAllowed, worldFingerprint} from '../incremental/landmarks.js'
import {toVFiles, type FileFindings} from './messages.js'
import {refuseInterruptedMove} from '../write/move-journal.js'
import {scanBase, type ScanResult} from './scan.js'
import {givenPaths, selectEntries} from './select.js'
import {applySuppressions} from './suppress.js'
import {collectTemplates} from './templates.js'

export interface LintOptions {
  /** The base root; default the current directory. */
  root?: string
  /**
   * Report only on these notes (paths relative to cwd or absolute); resolve
   * against the whole base. A path that no longer exists (deleted, renamed)
   * reports the links to it in the notes that still have them. `references`
   * of the result then hold the given notes' links only (unless a given path
   * is gone).
   */
  files?: string[]
  /** A config object (skips config files). */
  config?: KbLintConfig
  /** An explicit config file. */
  configFile?: string
  /** Paths in reports are relative to this folder; default `process.cwd()`. */
  cwd?: string
  /**
   * Reuse per-note results of earlier runs: `true` for the default location
   * (`node_modules/.cache/kb-lint/`), or a file path. Off by default in the
   * API; the CLI turns it on unless `--no-cache`.
   */
  cache?: boolean | string
  /** Worker threads for parsing; default the available cores (fewer than 200 notes to parse: this thread). */
  jobs?: number
  onProgress?: (done: number, total: number) => void
  /** Keep each note's plain text in `base.notes[].text` (content index `--text`). */
  withText?: boolean
  /** `fast` (default) or `remark`, the reference: see syntax/fast/index.ts. */
  parser?: ParserName
  /**
   * Text of notes as an editor holds them, by path relative to the root:
   * checked instead of what is on disk (and a note not on disk yet is
   * added). Their summaries never enter the cache.
   */
  openNotes?: Record<string, string>
}

export interface LintResult {
  /** One VFile per note (in path order), with its messages. */
  files: VFile[]
  /** The findings behind `files` (same selection), with fixes where rules offer them. */
  findings: FileFindings[]
  base: Base
  /**
   * Every reference of the base, resolved (in file-list mode: the given
   * notes' references). Resolved on first read: a plain check never needs
   * them all at once.
   */
  references: ResolvedReference[]
  config: LoadedConfig
  settings: Settings
  /** Which root was used, when it is not the one given (engine/base-root.ts); the CLI prints it. */
  notice?: string
  stats: CollectStats & {
    cache?: SummaryCache['status']
    /** Cached notes whose bytes in the cache file were damaged, and were parsed again from disk. */
    repaired?: number
    /** Notes the whole-base pass resolved and checked (the others' findings came from the cache). */
    checked?: number
  }
}

export interface Prepared {
  cwd: string
  /** The base root (resolved against cwd): the root given, or the config's folder (engine/base-root.ts). */
  root: string
  /** The root given, when it lies inside the base: only its notes are reported. */
  within?: string
  /** Which root is used, when it is not the one given (one line, for stderr). */
  notice?: string
  config: LoadedConfig
  settings: Settings
  scan: ScanResult
}

export async function lint(options: LintOptions = {}): Promise<LintResult> {
  const startedAt = Date.now()
  const prepared = await prepare(options)
  const cache = openSummaryCache(prepared, options)
  try {
    return await lintWith(prepared, cache, options, startedAt)
  } catch (error) {
    if (!(error instanceof EncodedSummaryError) || !cache) throw error
    // Only a damaged cache file gets here: it is not trusted, the run starts
    // over without it, and the file is rewritten.
    return lintWith(prepared, openSummaryCache(prepared, options, {discard: true}), options, startedAt)
  }
}

async function lintWith(prepared: Prepared, cache: SummaryCache | undefined, options: LintOptions, startedAt: number): Promise<LintResult> {
  const {summaries, stats} = await collectSummaries(prepared.scan.notes, {
    settings: prepared.settings,
    config: prepared.config,
    cache,
    jobs: options.jobs,
    parser: options.parser,
    onProgress: options.onProgress,
    withText: options.withText
  })
  const open = options.openNotes
    ? Object.entries(options.openNotes).map(([relative, text]) => summarizeText(prepared, relative.split(path.sep).join('/'), text))
    : undefined
  const {result, baseResults} = finishWith(
    prepared,
    summaries,
    {...stats, cache: cache?.status},
    options.files ?? withinFiles(prepared),
    cache,
    open
  )
  if (cache && cache.repaired > 0) result.stats.repaired = cache.repaired
  if (cache?.needsSave(summaries, baseResults?.world)) await saveQuietly(cache, summaries, prepared.scan.root, startedAt, baseResults)
  return result
}

export async function prepare(options: Pick<LintOptions, 'root' | 'cwd' | 'config' | 'configFile'>): Promise<Prepared> {
  const cwd = options.cwd ?? process.cwd()
  const given = path.resolve(cwd, options.root ?? '.')
  refuseInterruptedMove(given)
  const located = await locateBase({root: given, cwd, configFile: options.configFile, config: options.config})
  const {root, config, within, notice} = located
  if (config.path) refuseInterruptedMove(config.directory)
  const settings = createSettings(config, rules)
  const scan = located.scan && !config.path ? located.scan : scanBase(root, {ignore: settings.ignore, unpublished: settings.unpublished})
  return {cwd, root, within, notice, config, settings, scan}
}

/** The whole-base phase and the messages, from summaries (fresh, cached or merged from shards). */
export function finish(prepared: Prepared, summaries: NoteSummary[], stats: LintResult['stats'], files?: string[]): LintResult {
  return finishWith(prepared, summaries, stats, files ?? withinFiles(prepared)).result
}

/** A root given inside the base reports on its own notes: file-list mode with that folder. */
function withinFiles(prepared: Prepared): string[] | undefined {
  return prepared.within === undefined ? undefined : [prepared.within]
}

/** What the whole-base phase makes of a base's summaries. */
export interface BasePhaseResult {
  /**
   * Findings per note (file rules, base rules, suppressions applied, unused
   * suppressions reported), plus the scan's problems; only the selected
   * notes when `files` or `report` is given.
   */
  entries: FileFindings[]
  base: Base
  /** The base rules' pass (resolver, kept references, notes checked). */
  check: BaseCheck
  /** What the cache should store for the next run (undefined when this pass did not cover every note). */
  baseResults?: BaseResults
}

export interface BasePhaseOptions {
  /** File-list mode (`LintOptions.files`): report these paths, and the links to the ones that are gone. */
  files?: string[]
  /**
   * Report only these notes (relative paths from the root, NFC), checked
   * against the whole base: the remark plugin's files, an editor's open notes.
   */
  report?: ReadonlySet<string>
  /**
   * Summaries made from text that is not on disk (yet): the notes remark
   * holds, an editor's open buffers (`summarizeText`). Each replaces the
   * summary of the same path; a note the scan does not have is added when no
   * such file exists (a new, unsaved note) and left out otherwise (the config
   * or an ignore file excludes it, as `check` would).
   */
  open?: NoteSummary[]
  /** Reuse base findings from this cache where the world fingerprint allows it. */
  cache?: SummaryCache
}

/**
 * The whole-base phase, the one place it is assembled: summaries → base →
 * section templates → base rules → suppressions → the notes to report. The
 * CLI and the API (`lint`, `finish`), the remark plugin and an editor server
 * all call this, so they report the same findings.
 */
export function lintSummaries(prepared: Prepared, notes: NoteSummary[], options: BasePhaseOptions = {}): BasePhaseResult {
  const {scan, settings, cwd, root} = prepared
  const {summaries, files: extraFiles} = withOpenNotes(scan, notes, options.open)
  const base = buildBase({...scan, files: extraFiles.length > 0 ? [...scan.files, ...extraFiles] : scan.files}, summaries)
  const templates = collectTemplates(scan.root, summaries, settings)
  // File-list mode with no deleted or renamed path among the files: only the
  // given notes need resolving and checking (a gone path needs every link).
  const given = options.files ? givenPaths({files: options.files, cwd, root, realRoot: scan.root, baseFiles: scan.files}) : undefined
  const only = options.report ?? (given && given.gone.size === 0 ? given.given : undefined)
  const cache = options.cache
  const world = cache && incrementalAllowed(base, settings) ? worldFingerprint(base, templates) : undefined
  const reuse = cache && world !== undefined ? (note: NoteSummary) => cache.baseFindings(note, world) : undefined
  // File-list mode reports the given notes' links (and, with a gone path, the links to it).
  const check = checkBase(base, settings, {templates, only, reuse, keepReferences: options.files !== undefined})

  const knownRules = new Set(rules.map((rule) => rule.meta.id))
  // Notes matched by `ignore` / `.kblintignore` are link targets, never reported on.
  const unchecked = new Set(scan.notes.filter((note) => note.unchecked).map((note) => note.relative))
  const reported = summaries.filter((note) => !unchecked.has(note.path) && (!options.report || options.report.has(pathKey(note.path))))
  const entries: FileFindings[] = reported.map((note) => ({
    relative: note.path,
    findings: applySuppressions([...note.findings, ...(check.findings.get(note.path) ?? [])], note.suppressions, knownRules)
  }))
  for (const problem of scan.problems) {
    if (options.report && !options.report.has(pathKey(problem.relative))) continue
    entries.push({
      relative: problem.relative,
      findings: [{ruleId: 'file-unreadable', reason: problem.reason, place: {start: {line: 1, column: 1}, end: {line: 1, column: 1}}}],
      severity: problem.severity
    })
  }
  const selected = given ? selectEntries({entries, references: check.references!, given, realRoot: scan.root}) : entries
  const baseResults = world !== undefined && check.complete && !options.open ? {world, findings: check.findings} : undefined
  return {entries: selected, base, check, baseResults}
}

/** A note's summary from text held in memory (an editor buffer, a remark file), as the per-file phase makes it from disk. */
export function summarizeText(prepared: Prepared, relative: string, text: string | Uint8Array, parser?: ParserName): NoteSummary {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text
  return analyzeNote({relative, bytes, config: prepared.settings.forNote(relative), parser})
}

/** `notes` with the open notes in place of (or added to) the ones read from disk; `files`: paths added to the base. */
function withOpenNotes(
  scan: ScanResult,
  notes: NoteSummary[],
  open: NoteSummary[] | undefined
): {summaries: NoteSummary[]; files: string[]} {
  if (!open || open.length === 0) return {summaries: notes, files: []}
  const byPath = new Map(open.map((note) => [pathKey(note.path), note]))
  const summaries = notes.map((note) => {
    const key = pathKey(note.path)
    const replacement = byPath.get(key)
    byPath.delete(key)
    return replacement ?? note
  })
  const files: string[] = []
  for (const note of byPath.values()) {
    const absolute = path.resolve(scan.root, note.path)
    if (!isInside(scan.root, absolute) || fs.existsSync(absolute)) continue
    summaries.push(note)
    files.push(note.path)
  }
  return {summaries, files}
}

/**
 * `finish`, reusing a cache's base findings where that is sound, and handing
 * back what the cache should store for the next run (undefined when this run
 * did not produce base findings for every note).
 */
function finishWith(
  prepared: Prepared,
  summaries: NoteSummary[],
  stats: LintResult['stats'],
  files?: string[],
  cache?: SummaryCache,
  open?: NoteSummary[]
): {result: LintResult; baseResults?: BaseResults} {
  const {entries, base, check, baseResults} = lintSummaries(prepared, summaries, {files, cache, open})
  const result = {
    files: toVFiles(prepared.scan.root, prepared.cwd, entries, prepared.settings),
    findings: entries,
    base,
    config: prepared.config,
    settings: prepared.settings,
    notice: prepared.notice,
    stats: {...stats, checked: check.checked}
  } as LintResult
  let references = check.references
  Object.defineProperty(result, 'references', {
    enumerable: true,
    configurable: true,
    get: () => (references ??= resolveAll(base, check.resolver, prepared.settings)),
    set: (value: ResolvedReference[]) => {
      references = value
    }
  })
  return {result, baseResults}
}

/**
 * What makes cached summaries valid: kb-lint's version, the build of its
 * code (a code change without a version bump must not serve old findings)
 * and the config.
 */
export function cacheKey(settings: Settings): string {
  return `${toolVersion()}+${buildId()}:${settings.hash}`
}

function openSummaryCache(
  prepared: Prepared,
  options: Pick<LintOptions, 'cache' | 'withText' | 'parser'>,
  open: {discard?: boolean} = {}
): SummaryCache | undefined {
  const option = options.cache
  if (!option) return undefined
  const location = typeof option === 'string' ? path.resolve(prepared.cwd, option) : defaultCacheLocation(prepared.scan.root, prepared.cwd)
  const reparse = reparseFromDisk(prepared, options.withText === true, options.parser)
  // Summaries with plain text (`index --text`) live beside the others, so
  // alternating `check` and `index --text` never invalidates either.
  return options.withText
    ? openCache(location.replace(/(\.json)?$/, '.text$1'), cacheKey(prepared.settings) + ':text', {...open, reparse})
    : openCache(location, cacheKey(prepared.settings), {...open, reparse})
}

/**
 * For the cache (`OpenCacheOptions.reparse`): a note's summary made again
 * from the file on disk, as the per-file phase of this run would make it.
 */
export function reparseFromDisk(
  prepared: Pick<Prepared, 'scan' | 'settings'>,
  withText = false,
  parser?: ParserName
): (relative: string) => NoteSummary | undefined {
  let byPath: Map<string, string> | undefined
  return (relative) => {
    byPath ??= new Map(prepared.scan.notes.map((note) => [note.relative, note.absolute]))
    const absolute = byPath.get(relative)
    return absolute === undefined ? undefined : parseNote({relative, absolute}, prepared.settings, withText, {parser})
  }
}

/** A cache that cannot be written (read-only folder) must not fail the check. */
async function saveQuietly(
  cache: SummaryCache,
  summaries: NoteSummary[],
  root: string,
  startedAt: number,
  base?: BaseResults
): Promise<void> {
  try {
    await cache.save(summaries, root, startedAt, base)
  } catch {
    // The next run is cold; the results of this one are complete.
  }
}

// ---------------------------------------------------------------------------
// For the language server (src/lsp/): the same two phases over a base held in
// memory, where open notes come from the editor's unsaved text. Kept apart so
// it can follow the whole-base phase wherever it moves.

/**
 * The per-file phase on a note's text as the editor holds it (not the file
 * on disk): same size limit, decoding, parse and file rules as a check.
 */
export function analyzeText(settings: Settings, relative: string, text: string): NoteSummary {
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length > MAX_NOTE_BYTES) return unreadableSummary(relative, tooLargeReason(bytes.length))
  return analyzeNote({relative, bytes, config: settings.forNote(relative)})
}

/**
 * The whole-base phase for a few notes of `base` (paths as in `base.notes`):
 * their file findings and base findings, with their suppressions applied —
 * what `finish` reports for them. The other notes serve only as link targets.
 * `resolver`: one made for this base and still valid (see `BaseCheckInput`).
 */
export function checkNotes(
  prepared: Pick<Prepared, 'settings' | 'scan'>,
  base: Base,
  paths: ReadonlySet<string>,
  resolver?: Resolver
): Map<string, Finding[]> {
  const {settings, scan} = prepared
  const templates = collectTemplates(scan.root, base.notes, settings)
  const only = new Set([...paths].map(pathKey))
  const checked = checkBase(base, settings, {templates, only, resolver})
  const knownRules = new Set(rules.map((rule) => rule.meta.id))
  const results = new Map<string, Finding[]>()
  for (const note of base.notes) {
    if (!paths.has(note.path)) continue
    results.set(note.path, applySuppressions([...note.findings, ...(checked.findings.get(note.path) ?? [])], note.suppressions, knownRules))
  }
  return results
}
