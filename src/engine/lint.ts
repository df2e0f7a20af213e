/**
 * The engine, end to end: config → scan → per-file phase → whole-base phase
 * → VFiles. The CLI and the public API both call `lint`; nothing else runs
 * the pipeline.
 */
import path from 'node:path'
import type {VFile} from 'vfile'
import {loadConfig} from '../config/load.js'
import {createSettings, type Settings} from '../config/settings.js'
import type {KbLintConfig, LoadedConfig} from '../config/types.js'
import type {Base, ResolvedReference} from '../kb/model.js'
import {rules} from '../rules/index.js'
import {buildBase, checkBase} from './base-phase.js'
import {collectSummaries} from './collect.js'
import {toVFiles, type FileFindings} from './messages.js'
import {scanBase} from './scan.js'
import {selectEntries} from './select.js'

export interface LintOptions {
  /** The base root; default the current directory. */
  root?: string
  /**
   * Report only on these notes (paths relative to cwd or absolute); resolve
   * against the whole base. A path that no longer exists (deleted, renamed)
   * reports the links to it in the notes that still have them.
   */
  files?: string[]
  /** A config object (skips config files). */
  config?: KbLintConfig
  /** An explicit config file. */
  configFile?: string
  /** Paths in reports are relative to this folder; default `process.cwd()`. */
  cwd?: string
  onProgress?: (done: number, total: number) => void
}

export interface LintResult {
  /** One VFile per note (in path order), with its messages. */
  files: VFile[]
  /** The findings behind `files` (same selection), with fixes where rules offer them. */
  findings: FileFindings[]
  base: Base
  references: ResolvedReference[]
  config: LoadedConfig
  settings: Settings
}

export async function lint(options: LintOptions = {}): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd()
  const root = path.resolve(cwd, options.root ?? '.')
  const config = await loadConfig({root, configFile: options.configFile, config: options.config})
  const settings = createSettings(config, rules)
  const scan = scanBase(root, {ignore: settings.ignore})
  const summaries = collectSummaries(scan.notes, {settings, onProgress: options.onProgress})
  const base = buildBase(scan, summaries)
  const checked = checkBase(base, settings)

  const entries: FileFindings[] = summaries.map((note) => ({
    relative: note.path,
    findings: [...note.findings, ...(checked.findings.get(note.path) ?? [])]
  }))
  for (const problem of scan.problems) {
    entries.push({
      relative: problem.relative,
      findings: [{ruleId: 'file-unreadable', reason: problem.reason, place: {start: {line: 1, column: 1}, end: {line: 1, column: 1}}}],
      severity: problem.severity
    })
  }
  const selected = options.files
    ? selectEntries({entries, references: checked.references, files: options.files, cwd, root, realRoot: scan.root})
    : entries
  return {
    files: toVFiles(scan.root, cwd, selected, settings),
    findings: selected,
    base,
    references: checked.references,
    config,
    settings
  }
}
