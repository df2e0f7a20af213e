/**
 * The engine, end to end: config → scan → per-file phase → whole-base phase
 * → VFiles. The CLI and the public API both call `lint`; nothing else runs
 * the pipeline. Sharded runs (`--shard`, `merge`) use the same stages split
 * across processes: `prepare` + `collectShard` on each shard, `finish` once.
 */
import path from 'node:path'
import type {VFile} from 'vfile'
import {loadConfig} from '../config/load.js'
import {createSettings, type Settings} from '../config/settings.js'
import type {KbLintConfig, LoadedConfig} from '../config/types.js'
import type {Base, Finding, NoteSummary, ResolvedReference} from '../kb/model.js'
import {rules} from '../rules/index.js'
import {buildId} from '../build-id.js'
import {toolVersion} from '../version.js'
import {buildBase, checkBase, resolveAll} from './base-phase.js'
import {defaultCacheLocation, openCache, type BaseResults, type SummaryCache} from './cache.js'
import {collectSummaries, type CollectStats} from './collect.js'
import {analyzeNote} from './analyze.js'
import type {Resolver} from '../kb/resolve.js'
import {MAX_NOTE_BYTES, tooLargeReason, unreadableSummary} from './read-note.js'
import type {ParserName} from '../syntax/fast/index.js'
import {EncodedSummaryError} from '../kb/encoded-summary.js'
import {incrementalAllowed, worldFingerprint} from './landmarks.js'
import {toVFiles, type FileFindings} from './messages.js'
import {refuseInterruptedMove} from './move-journal.js'
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
  stats: CollectStats & {
    cache?: SummaryCache['status']
    /** Notes the whole-base pass resolved and checked (the others' findings came from the cache). */
    checked?: number
  }
}

export interface Prepared {
  cwd: string
  /** The root as given (resolved against cwd). */
  root: string
  config: LoadedConfig
  settings: Settings
  scan: ScanResult
}

export async function lint(options: LintOptions = {}): Promise<LintResult> {
  const startedAt = Date.now()
  const prepared = await prepare(options)
  const cache = openSummaryCache(prepared, options.cache, options.withText === true)
  try {
    return await lintWith(prepared, cache, options, startedAt)
  } catch (error) {
    if (!(error instanceof EncodedSummaryError) || !cache) throw error
    // Only a damaged cache file gets here: it is not trusted, the run starts
    // over without it, and the file is rewritten.
    return lintWith(prepared, openSummaryCache(prepared, options.cache, options.withText === true, {discard: true}), options, startedAt)
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
  const {result, baseResults} = finishWith(prepared, summaries, {...stats, cache: cache?.status}, options.files, cache)
  if (cache?.needsSave(summaries, baseResults?.world)) await saveQuietly(cache, summaries, prepared.scan.root, startedAt, baseResults)
  return result
}

export async function prepare(options: Pick<LintOptions, 'root' | 'cwd' | 'config' | 'configFile'>): Promise<Prepared> {
  const cwd = options.cwd ?? process.cwd()
  const root = path.resolve(cwd, options.root ?? '.')
  refuseInterruptedMove(root)
  const config = await loadConfig({root, configFile: options.configFile, config: options.config})
  if (config.path) refuseInterruptedMove(config.directory)
  const settings = createSettings(config, rules)
  const scan = scanBase(root, {ignore: settings.ignore})
  return {cwd, root, config, settings, scan}
}

/** The whole-base phase and the messages, from summaries (fresh, cached or merged from shards). */
export function finish(prepared: Prepared, summaries: NoteSummary[], stats: LintResult['stats'], files?: string[]): LintResult {
  return finishWith(prepared, summaries, stats, files).result
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
  cache?: SummaryCache
): {result: LintResult; baseResults?: BaseResults} {
  const {scan, settings, cwd, root} = prepared
  const base = buildBase(scan, summaries)
  const templates = collectTemplates(scan.root, summaries, settings)
  // File-list mode with no deleted or renamed path among the files: only the
  // given notes need resolving and checking (a gone path needs every link).
  const given = files ? givenPaths({files, cwd, root, realRoot: scan.root, baseFiles: scan.files}) : undefined
  const only = given && given.gone.size === 0 ? given.given : undefined
  const world = cache && incrementalAllowed(base, settings) ? worldFingerprint(base, templates) : undefined
  const reuse = cache && world !== undefined ? (note: NoteSummary) => cache.baseFindings(note, world) : undefined
  // File-list mode reports the given notes' links (and, with a gone path, the links to it).
  const checked = checkBase(base, settings, {templates, only, reuse, keepReferences: files !== undefined})

  const knownRules = new Set(rules.map((rule) => rule.meta.id))
  const entries: FileFindings[] = summaries.map((note) => ({
    relative: note.path,
    findings: applySuppressions([...note.findings, ...(checked.findings.get(note.path) ?? [])], note.suppressions, knownRules)
  }))
  for (const problem of scan.problems) {
    entries.push({
      relative: problem.relative,
      findings: [{ruleId: 'file-unreadable', reason: problem.reason, place: {start: {line: 1, column: 1}, end: {line: 1, column: 1}}}],
      severity: problem.severity
    })
  }
  const selected = given ? selectEntries({entries, references: checked.references!, given, realRoot: scan.root}) : entries
  const result = {
    files: toVFiles(scan.root, cwd, selected, settings),
    findings: selected,
    base,
    config: prepared.config,
    settings,
    stats: {...stats, checked: checked.checked}
  } as LintResult
  let references = checked.references
  Object.defineProperty(result, 'references', {
    enumerable: true,
    configurable: true,
    get: () => (references ??= resolveAll(base, checked.resolver, settings)),
    set: (value: ResolvedReference[]) => {
      references = value
    }
  })
  const baseResults = world !== undefined && checked.complete ? {world, findings: checked.findings} : undefined
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

function openSummaryCache(prepared: Prepared, option: LintOptions['cache'], withText: boolean, options: {discard?: boolean} = {}): SummaryCache | undefined {
  if (!option) return undefined
  const location = typeof option === 'string' ? path.resolve(prepared.cwd, option) : defaultCacheLocation(prepared.scan.root, prepared.cwd)
  // Summaries with plain text (`index --text`) live beside the others, so
  // alternating `check` and `index --text` never invalidates either.
  return withText
    ? openCache(location.replace(/(\.json)?$/, '.text$1'), cacheKey(prepared.settings) + ':text', options)
    : openCache(location, cacheKey(prepared.settings), options)
}

/** A cache that cannot be written (read-only folder) must not fail the check. */
async function saveQuietly(cache: SummaryCache, summaries: NoteSummary[], root: string, startedAt: number, base?: BaseResults): Promise<void> {
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
export function checkNotes(prepared: Pick<Prepared, 'settings' | 'scan'>, base: Base, paths: ReadonlySet<string>, resolver?: Resolver): Map<string, Finding[]> {
  const {settings, scan} = prepared
  const templates = collectTemplates(scan.root, base.notes, settings)
  const only = new Set([...paths].map((relative) => relative.normalize('NFC')))
  const checked = checkBase(base, settings, {templates, only, resolver})
  const knownRules = new Set(rules.map((rule) => rule.meta.id))
  const results = new Map<string, Finding[]>()
  for (const note of base.notes) {
    if (!paths.has(note.path)) continue
    results.set(note.path, applySuppressions([...note.findings, ...(checked.findings.get(note.path) ?? [])], note.suppressions, knownRules))
  }
  return results
}
