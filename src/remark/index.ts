/**
 * kb-lint as a unified (remark) plugin: `import kbLint from 'kb-lint/remark'`.
 *
 * It reports exactly what `kb-lint check` reports on the same files: the
 * same rule ids, positions, severities and docs URLs, `kb-lint-disable`
 * comments applied (and `suppression-unused`), section templates checked,
 * and nothing on notes the config or an ignore file excludes. Each file is
 * analysed from its text into a `NoteSummary`; then the engine's one
 * whole-base phase (`lintSummaries`, engine/lint.ts) checks it against the
 * base — the rest of the base read from disk.
 *
 * - Under `remark-cli` / unified-engine (which hands plugins a file set, as
 *   remark-validate-links uses it): each file leaves its summary in
 *   `file.data`; once every file is done, one completer runs the whole-base
 *   phase for all of them.
 * - In a plain unified pipeline (no file set): each file is checked as it
 *   comes, against the base as read from disk the first time the processor
 *   needed it (read once per processor).
 *
 * The note is analysed from its text with kb-lint's own processor, not from
 * the tree the pipeline parsed: the pipeline may lack frontmatter, GFM or
 * wiki-link syntax, and positions must match `kb-lint check` exactly. This
 * plugin does not change the pipeline's parser; for wiki-link nodes in the
 * tree use `kb-lint/remark/wiki-link`.
 */
import path from 'node:path'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import type {KbLintConfig} from '../config/types.js'
import {summarize} from '../engine/collect.js'
import {lintSummaries, prepare, summarizeText, type Prepared} from '../engine/lint.js'
import {addFindingMessages} from '../engine/messages.js'
import type {NoteSummary} from '../kb/model.js'
import {pathKey} from '../kb/paths.js'

export interface Options {
  /** The base root, relative to the file's `cwd`; default: the `cwd` (where remark-cli runs). */
  root?: string
  /** A config object (skips config files). */
  config?: KbLintConfig
  /** An explicit config file, relative to the `cwd`. */
  configFile?: string
}

/** One base as this plugin sees it: config, settings and scan, and its notes read from disk when needed. */
interface BaseState {
  prepared: Promise<Prepared>
  /** Summaries of every note of the scan, from disk (plain pipeline only). */
  fromDisk?: NoteSummary[]
}

/** What the plugin leaves in `file.data.kbLint` for the whole-base completer. */
export interface KbLintFileData {
  state: BaseState
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
  const byBase = new Map<BaseState, VFile[]>()
  for (const file of set.valueOf()) {
    const data = file.data.kbLint
    if (!data) continue
    let group = byBase.get(data.state)
    if (!group) byBase.set(data.state, (group = []))
    group.push(file)
  }
  for (const [state, files] of byBase) checkFiles(await state.prepared, undefined, files)
}
// One completer per run, however many processors (one per file) attach it.
checkWholeBase.pluginId = 'kb-lint'

/**
 * unified-engine builds one processor per file, so bases are shared per
 * file set (one run): the config is read, its schemas compiled and the root
 * scanned once.
 */
const basesPerRun = new WeakMap<FileSetLike, Map<string, BaseState>>()

export default function remarkKbLint(this: Processor, options: Options = {}, fileSet?: FileSetLike) {
  let bases = fileSet ? basesPerRun.get(fileSet) : undefined
  if (!bases) {
    bases = new Map()
    if (fileSet) basesPerRun.set(fileSet, bases)
  }
  function baseFor(cwd: string): BaseState {
    const root = path.resolve(cwd, options.root ?? '.')
    const key = `${root}\0${options.configFile ?? ''}\0${JSON.stringify(options.config ?? null)}`
    let state = bases!.get(key)
    if (!state) {
      const configFile = options.configFile === undefined ? undefined : path.resolve(cwd, options.configFile)
      state = {prepared: prepare({root, cwd, configFile, config: options.config})}
      bases!.set(key, state)
    }
    return state
  }

  if (fileSet) fileSet.use(checkWholeBase)

  return async function transformer(_tree: unknown, file: VFile): Promise<void> {
    const state = baseFor(file.cwd)
    const prepared = await state.prepared
    // The reference parser: the plugin is where kb-lint meets remark's own.
    const summary = summarizeText(prepared, relativePath(prepared.root, file), bytesOf(file), 'remark')
    if (fileSet) {
      file.data.kbLint = {state, summary}
      return
    }
    state.fromDisk ??= prepared.scan.notes.map((note) => summarize(note, prepared.settings))
    checkFiles(prepared, state.fromDisk, [file], [summary])
  }
}

/**
 * The whole-base phase for the run's files: the rest of the base from disk
 * (`fromDisk`, or read now), the run's notes from their text.
 */
function checkFiles(
  prepared: Prepared,
  fromDisk: NoteSummary[] | undefined,
  files: VFile[],
  summaries = files.map((file) => file.data.kbLint!.summary)
): void {
  const open = new Map(summaries.map((summary) => [pathKey(summary.path), summary]))
  const notes = fromDisk ?? prepared.scan.notes.map((note) => open.get(pathKey(note.relative)) ?? summarize(note, prepared.settings))
  const {entries} = lintSummaries(prepared, notes, {open: summaries, report: new Set(open.keys())})
  const byPath = new Map(entries.map((entry) => [pathKey(entry.relative), entry]))
  files.forEach((file, index) => {
    const relative = summaries[index]!.path
    const entry = byPath.get(pathKey(relative))
    if (entry) addFindingMessages(file, entry.findings, prepared.settings.forNote(relative).rules, entry.severity)
  })
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
