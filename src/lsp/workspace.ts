/**
 * The language server's view of the base: the last good config and scan,
 * every note's summary (from the cache or disk at start, then kept up to
 * date from watched-file events), and the overlay of open documents, whose
 * summaries come from the editor's unsaved text.
 *
 * Nothing here checks anything: the per-file phase is `analyzeText` /
 * `parseNote`, the whole-base phase is `checkNotes` (engine/lint.ts), the
 * same code `kb-lint check` runs. This module only decides which text each
 * note has and keeps the `Base` those phases read. It never writes a file
 * (the cache is read, not saved: the server leaves the disk to the editor).
 */
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import ignore from 'ignore'
import type {TextDocument} from 'vscode-languageserver-textdocument'
import {TextDocument as TextDocumentImpl} from 'vscode-languageserver-textdocument'
import {CONFIG_FILES, ConfigError} from '../config/load.js'
import type {Base, Finding, NoteSummary, ResolvedReference} from '../kb/model.js'
import {isInside, isMarkdownPath, noteIdFromPath, pathKey} from '../kb/paths.js'
import {createResolver, type Resolver} from '../kb/resolve.js'
import {buildBase, resolveAll} from '../engine/base-phase.js'
import {defaultCacheLocation, openCache} from '../incremental/cache.js'
import {collectSummaries} from '../engine/collect.js'
import {decodeNote} from '../engine/decode.js'
import {analyzeText, cacheKey, checkNotes, prepare, reparseFromDisk, type Prepared} from '../engine/lint.js'
import {parseNote, readIfUnchanged} from '../engine/read-note.js'
import {scanBase} from '../engine/scan.js'

export interface WorkspaceOptions {
  /** The base root (absolute). */
  root: string
  /** Read the summary cache `kb-lint check` writes (never written here). Default true. */
  cache?: boolean
  /** A config file, as `--config`. */
  configFile?: string
}

/** Why a reload kept the previous config: shown to the writer once per distinct problem. */
export type ConfigReport = (message: string) => void

/** Files whose change means the config or the set of files of the base may differ. */
const CONFIG_NAMES = new Set([...CONFIG_FILES, 'package.json', '.gitignore', '.kblintignore'])

export class KbWorkspace {
  readonly root: string
  private readonly options: WorkspaceOptions
  private prepared: Prepared | undefined
  /** Summaries of the notes as on disk, by relative path (as in the scan). */
  private disk = new Map<string, NoteSummary>()
  /** Open notes of the base: relative path → the editor's document and its summary. */
  private open = new Map<string, {document: TextDocument; summary: NoteSummary}>()
  private current: Base | undefined
  private positions = new Map<string, number>()
  private resolverCache: Resolver | undefined
  private referencesCache: ResolvedReference[] | undefined
  /** Bumped whenever the base changes (anything cached from it is stale). */
  generation = 0
  private lastProblem: string | undefined

  constructor(
    options: WorkspaceOptions,
    private readonly report: ConfigReport
  ) {
    this.root = options.root
    this.options = options
  }

  get ready(): boolean {
    return this.prepared !== undefined
  }

  get settings(): Prepared['settings'] | undefined {
    return this.prepared?.settings
  }

  get base(): Base | undefined {
    return this.current
  }

  /** The config file in use (undefined: defaults). */
  get configFile(): string | undefined {
    return this.prepared?.config.path
  }

  /** Real root of the base (where relative paths start). */
  get realRoot(): string {
    return this.prepared?.scan.root ?? this.root
  }

  /**
   * Load (or reload) config, scan and summaries. A broken config is
   * reported once and the last good state stays in use.
   */
  async load(): Promise<{cached: number; parsed: number} | undefined> {
    let prepared: Prepared
    try {
      prepared = await prepare({root: this.root, cwd: this.root, configFile: this.options.configFile})
    } catch (error) {
      this.problem(error)
      return undefined
    }
    const cache =
      this.options.cache === false
        ? undefined
        : openCache(defaultCacheLocation(prepared.scan.root, this.root), cacheKey(prepared.settings), {reparse: reparseFromDisk(prepared)})
    const {summaries, stats} = await collectSummaries(prepared.scan.notes, {settings: prepared.settings, config: prepared.config, cache})
    this.lastProblem = undefined
    this.prepared = prepared
    this.disk = new Map(summaries.map((note) => [note.path, note]))
    for (const [relative, entry] of this.open) entry.summary = analyzeText(prepared.settings, relative, entry.document.getText())
    this.rebuild()
    return {cached: stats.cached, parsed: stats.parsed}
  }

  private problem(error: unknown): void {
    const message =
      error instanceof ConfigError ? error.message : `cannot load the base: ${error instanceof Error ? error.message : String(error)}`
    if (message === this.lastProblem) return
    this.lastProblem = message
    this.report(this.prepared ? `${message} (kb-lint keeps using the last valid config)` : message)
  }

  /** The base from the scan, with each open note's summary in place of the disk one. */
  private rebuild(): void {
    const prepared = this.prepared!
    const notes: NoteSummary[] = []
    const scanned = new Set<string>()
    for (const {relative} of prepared.scan.notes) {
      scanned.add(relative)
      const note = this.open.get(relative)?.summary ?? this.disk.get(relative)
      if (note) notes.push(note)
    }
    // Open notes not on disk yet (a new file the editor has not saved).
    const extraFiles: string[] = []
    for (const [relative, entry] of this.open) {
      if (scanned.has(relative)) continue
      notes.push(entry.summary)
      extraFiles.push(relative)
    }
    this.current = buildBase({...prepared.scan, files: [...prepared.scan.files, ...extraFiles]}, notes)
    this.positions = new Map(notes.map((note, index) => [note.path, index]))
    this.changed()
  }

  private changed(): void {
    this.generation++
    this.resolverCache = undefined
    this.referencesCache = undefined
  }

  /**
   * The base-relative path of a document, or undefined when it is not a note
   * of this base (another scheme, outside the root, not Markdown, ignored).
   */
  relativeOf(uri: string): string | undefined {
    const prepared = this.prepared
    if (!prepared) return undefined
    let file: string
    try {
      if (!uri.startsWith('file:')) return undefined
      file = fileURLToPath(uri)
    } catch {
      return undefined
    }
    if (!isMarkdownPath(file)) return undefined
    const relative = relativeInside(prepared.scan.root, this.root, file)
    if (relative === undefined || relative === '') return undefined
    if (this.positions.has(relative) || this.disk.has(relative)) return relative
    const nfc = pathKey(relative)
    for (const known of this.positions.keys()) if (pathKey(known) === nfc) return known
    // Not in the scan: a new note (not saved yet) is part of the base unless
    // the scan would skip it; one that exists on disk was skipped (ignored).
    if (fs.existsSync(file)) return undefined
    const segments = relative.split('/')
    if (segments.some((segment) => segment.startsWith('.') || segment === 'node_modules')) return undefined
    if (prepared.settings.ignore.length > 0 && ignore().add(prepared.settings.ignore).ignores(relative)) return undefined
    return relative
  }

  uriOf(relative: string): string {
    return this.open.get(relative)?.document.uri ?? pathToFileURL(path.join(this.realRoot, relative)).href
  }

  note(relative: string): NoteSummary | undefined {
    const index = this.positions.get(relative)
    return index === undefined ? undefined : this.current?.notes[index]
  }

  noteById(id: string): NoteSummary | undefined {
    return this.current?.byId.get(id)
  }

  isOpen(relative: string): boolean {
    return this.open.has(relative)
  }

  openPaths(): string[] {
    return [...this.open.keys()]
  }

  openDocument(relative: string): TextDocument | undefined {
    return this.open.get(relative)?.document
  }

  /**
   * The text a note's summary was made from, as a document (positions ↔
   * offsets): the editor's for an open note, the file's otherwise (only if
   * it is still the file that was analysed).
   */
  documentOf(relative: string): TextDocument | undefined {
    const open = this.open.get(relative)
    if (open) return open.document
    const note = this.note(relative)
    if (!note) return undefined
    try {
      const read = readIfUnchanged(path.join(this.realRoot, relative), note.hash)
      return read.ok ? TextDocumentImpl.create(this.uriOf(relative), 'markdown', 0, read.text) : undefined
    } catch {
      return undefined
    }
  }

  /** Any file of the base as text (template contents), open or on disk. */
  readText(relative: string): string | undefined {
    const open = this.open.get(relative)
    if (open) return open.document.getText()
    try {
      const decoded = decodeNote(fs.readFileSync(path.join(this.realRoot, relative)))
      return decoded.ok ? decoded.text : undefined
    } catch {
      return undefined
    }
  }

  /** An open (or changed) document of the base: analyse its text and put it in the base. */
  setOpen(relative: string, document: TextDocument): void {
    const prepared = this.prepared
    if (!prepared) return
    const summary = analyzeText(prepared.settings, relative, document.getText())
    const isNew = !this.open.has(relative) && !this.positions.has(relative)
    this.open.set(relative, {document, summary})
    if (isNew) {
      this.rebuild()
      return
    }
    const index = this.positions.get(relative)!
    const base = this.current!
    const old = base.notes[index]!
    base.notes[index] = summary
    if (base.byId.get(old.id) === old) base.byId.set(summary.id, summary)
    // The resolver indexes ids, files, folders and aliases: an edit keeps the
    // first three, so it stays valid unless the aliases changed.
    const keepResolver = JSON.stringify(old.aliases ?? null) === JSON.stringify(summary.aliases ?? null)
    const resolver = this.resolverCache
    this.changed()
    if (keepResolver) this.resolverCache = resolver
  }

  /** A closed document: back to the file on disk (or out of the base when it was never saved). */
  close(relative: string): void {
    if (!this.open.delete(relative)) return
    if (!this.prepared) return
    const absolute = path.join(this.realRoot, relative)
    if (this.prepared.scan.notes.some((note) => note.relative === relative)) {
      this.disk.set(relative, parseNote({relative, absolute}, this.prepared.settings))
    }
    this.rebuild()
  }

  /**
   * Files changed outside the editor (watched-file events, saves): a config
   * or ignore file reloads everything; otherwise rescan (files come and go)
   * and re-read the notes that changed.
   */
  async filesChanged(files: string[]): Promise<void> {
    const prepared = this.prepared
    if (!prepared || files.some((file) => CONFIG_NAMES.has(path.basename(file)))) {
      await this.load()
      return
    }
    let scan: Prepared['scan']
    try {
      scan = scanBase(this.root, {ignore: prepared.settings.ignore})
    } catch (error) {
      this.problem(error)
      return
    }
    this.prepared = {...prepared, scan}
    const changed = new Set(files.map((file) => relativeInside(scan.root, this.root, file)).filter((relative) => relative !== undefined))
    const present = new Set<string>()
    for (const note of scan.notes) {
      present.add(note.relative)
      if (!this.disk.has(note.relative) || changed.has(note.relative)) this.disk.set(note.relative, parseNote(note, prepared.settings))
    }
    for (const relative of [...this.disk.keys()]) if (!present.has(relative)) this.disk.delete(relative)
    this.rebuild()
  }

  /** The findings of these notes, as `kb-lint check` reports them (suppressions applied). */
  findings(paths: Iterable<string>): Map<string, Finding[]> {
    const prepared = this.prepared
    const base = this.current
    if (!prepared || !base) return new Map()
    const wanted = new Set([...paths].filter((relative) => this.positions.has(relative)))
    if (wanted.size === 0) return new Map()
    try {
      return checkNotes(prepared, base, wanted, this.resolver())
    } catch (error) {
      // A template the config names may have gone: a config problem, reported once.
      this.problem(error)
      const fallback = new Map<string, Finding[]>()
      for (const relative of wanted) fallback.set(relative, this.note(relative)?.findings ?? [])
      return fallback
    }
  }

  resolver(): Resolver | undefined {
    if (!this.current || !this.prepared) return undefined
    return (this.resolverCache ??= createResolver(this.current, this.prepared.settings.resolution, {
      aliasFirst: this.prepared.settings.aliasFirst
    }))
  }

  /** Every reference of the base, resolved (navigation, renames); kept until the base changes. */
  references(): ResolvedReference[] {
    const resolver = this.resolver()
    if (!resolver || !this.current || !this.prepared) return []
    return (this.referencesCache ??= resolveAll(this.current, resolver, this.prepared.settings))
  }

  /** One note's references, resolved (the note under the cursor). */
  referencesOf(note: NoteSummary): ResolvedReference[] {
    const resolver = this.resolver()
    if (!resolver || !this.current || !this.prepared) return []
    return resolveAll({...this.current, notes: [note]}, resolver, this.prepared.settings)
  }

  /** Path of a note id's file, relative to the root. */
  pathOfId(id: string): string | undefined {
    return this.current?.byId.get(id)?.path
  }

  /** A new note's path for a missing id (link-unresolved → create). */
  static notePathFor(id: string): string {
    return id + '.md'
  }

  static idOf(relative: string): string {
    return noteIdFromPath(relative)
  }
}

/** `file` (absolute) relative to the base root, through symlinks of the root; undefined outside. */
function relativeInside(realRoot: string, givenRoot: string, file: string): string | undefined {
  let absolute = path.resolve(file)
  try {
    absolute = path.join(fs.realpathSync(path.dirname(absolute)), path.basename(absolute))
  } catch {
    // A folder that does not exist yet: compare as given.
  }
  for (const root of [realRoot, givenRoot]) {
    if (isInside(root, absolute)) return path.relative(root, absolute).split(path.sep).join('/')
  }
  return undefined
}
