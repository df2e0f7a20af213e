/**
 * kb-lint as a unified (remark) plugin: `import kbLint from 'kb-lint/remark'`.
 *
 * Per file, in any unified pipeline: the file rules (frontmatter, tables,
 * encoding) and same-note anchors (`[[#Heading]]`, `[t](#slug)`), with the
 * same rule ids, positions, severities and docs URLs as `kb-lint check`.
 *
 * Under `remark-cli` / unified-engine (which hands plugins a file set, as
 * remark-validate-links uses it): the whole-base link checks too. Each file
 * leaves its `NoteSummary` in `file.data`; once every file is done, a
 * completer builds the base — from those summaries, plus the notes of the
 * base that the run did not include, read from disk — and runs the base
 * rules, so `remark .` and `kb-lint check .` report the same things.
 *
 * The note is analysed from its text with kb-lint's own processor (the
 * engine's `analyzeNote`), not from the tree the pipeline parsed: the
 * pipeline may lack frontmatter, GFM or wiki-link syntax, and positions must
 * match `kb-lint check` exactly. This plugin does not change the pipeline's
 * parser; for wiki-link nodes in the tree use `kb-lint/remark/wiki-link`.
 */
import path from 'node:path'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import {loadConfig} from '../config/load.js'
import {createSettings, type Settings} from '../config/settings.js'
import type {KbLintConfig} from '../config/types.js'
import {analyzeNote} from '../engine/analyze.js'
import {buildBase, checkBase} from '../engine/base-phase.js'
import {summarize} from '../engine/collect.js'
import {addFindingMessages} from '../engine/messages.js'
import {scanBase} from '../engine/scan.js'
import type {NoteSummary} from '../kb/model.js'
import {rules} from '../rules/index.js'

export interface Options {
  /** The base root, relative to the file's `cwd`; default: the `cwd` (where remark-cli runs). */
  root?: string
  /** A config object (skips config files). */
  config?: KbLintConfig
  /** An explicit config file, relative to the `cwd`. */
  configFile?: string
}

/** What the plugin leaves in `file.data.kbLint` for the whole-base completer. */
export interface KbLintFileData {
  root: string
  settings: Settings
  summary: NoteSummary
}

declare module 'vfile' {
  interface DataMap {
    kbLint: KbLintFileData
  }
}

/** The part of unified-engine's `FileSet` this plugin uses. */
interface FileSetLike {
  use(completer: Completer): unknown
  valueOf(): VFile[]
}

type Completer = ((set: FileSetLike) => Promise<void>) & {pluginId?: string}

const checkWholeBase: Completer = async (set) => {
  const byRoot = new Map<string, VFile[]>()
  for (const file of set.valueOf()) {
    const data = file.data.kbLint
    if (!data) continue
    let group = byRoot.get(data.root)
    if (!group) byRoot.set(data.root, (group = []))
    group.push(file)
  }
  for (const files of byRoot.values()) checkFiles(files)
}
// One completer per run, however many processors (one per file) attach it.
checkWholeBase.pluginId = 'kb-lint'

/**
 * unified-engine builds one processor per file, so settings are shared per
 * file set (one run): the config is read and its schemas compiled once.
 */
const settingsPerRun = new WeakMap<FileSetLike, Map<string, Promise<Settings>>>()

export default function remarkKbLint(this: Processor, options: Options = {}, fileSet?: FileSetLike) {
  let settingsByRoot = fileSet ? settingsPerRun.get(fileSet) : undefined
  if (!settingsByRoot) {
    settingsByRoot = new Map()
    if (fileSet) settingsPerRun.set(fileSet, settingsByRoot)
  }
  function settingsFor(cwd: string): {root: string; settings: Promise<Settings>} {
    const root = path.resolve(cwd, options.root ?? '.')
    const key = `${root}\0${options.configFile ?? ''}\0${JSON.stringify(options.config ?? null)}`
    let settings = settingsByRoot!.get(key)
    if (!settings) {
      const configFile = options.configFile === undefined ? undefined : path.resolve(cwd, options.configFile)
      settings = loadConfig({root, configFile, config: options.config}).then((loaded) => createSettings(loaded, rules))
      settingsByRoot!.set(key, settings)
    }
    return {root, settings}
  }

  if (fileSet) fileSet.use(checkWholeBase)

  return async function transformer(_tree: unknown, file: VFile): Promise<void> {
    const found = settingsFor(file.cwd)
    const settings = await found.settings
    const relative = relativePath(found.root, file)
    const summary = analyzeNote({relative, bytes: bytesOf(file), config: settings.forNote(relative), parser: 'remark'})
    const noteRules = settings.forNote(relative).rules
    addFindingMessages(file, summary.findings, noteRules)
    if (fileSet) {
      file.data.kbLint = {root: found.root, settings, summary}
      return
    }
    // Alone (no file set): the links this note can check by itself.
    const sameNote = {...summary, references: summary.references.filter((reference) => reference.target === '')}
    const base = buildBase({root: found.root, files: [relative], folders: []}, [sameNote])
    addFindingMessages(file, checkBase(base, settings).findings.get(relative) ?? [], noteRules)
  }
}

/** The whole-base phase over one root: the run's summaries, the rest of the base from disk. */
function checkFiles(files: VFile[]): void {
  const first = files[0]!.data.kbLint!
  const {root, settings} = first
  const fromRun = new Map(files.map((file) => [file.data.kbLint!.summary.path.normalize('NFC'), file]))
  const scan = scanBase(root, {ignore: settings.ignore})
  const summaries: NoteSummary[] = []
  const seen = new Set<string>()
  for (const note of scan.notes) {
    const key = note.relative.normalize('NFC')
    seen.add(key)
    summaries.push(fromRun.get(key)?.data.kbLint!.summary ?? summarize(note, settings))
  }
  // Files the run checks although the scan skips them (ignored by kb-lint): still check their links.
  const extra = [...fromRun].filter(([key]) => !seen.has(key)).map(([, file]) => file.data.kbLint!.summary)
  summaries.push(...extra)
  const base = buildBase(
    {root: scan.root, files: [...scan.files, ...extra.map((note) => note.path)], folders: scan.folders},
    summaries
  )
  const checked = checkBase(base, settings)
  for (const file of files) {
    const relative = file.data.kbLint!.summary.path
    addFindingMessages(file, checked.findings.get(relative) ?? [], settings.forNote(relative).rules)
  }
}

/** The note's path from the root with `/`, as the engine names it. */
function relativePath(root: string, file: VFile): string {
  if (!file.path) return 'note.md'
  const relative = path.relative(root, path.resolve(file.cwd, file.path))
  return relative.split(path.sep).join('/')
}

function bytesOf(file: VFile): Uint8Array {
  const value = file.value as unknown
  if (value instanceof Uint8Array) return value
  return new TextEncoder().encode(typeof value === 'string' ? value : String(value ?? ''))
}
