/**
 * `kb-lint lsp`: the language server over stdio (vscode-languageserver).
 *
 * A thin adapter: documents in, the engine's findings out as diagnostics;
 * navigation, completion, renames and code actions read the same base. See
 * workspace.ts for which text each note has, and one module per feature.
 *
 * Never crashes: every handler answers null/empty on an internal error (and
 * logs it), and the process survives stray exceptions. Never writes a file:
 * renames, fixes and new notes are edits the client applies.
 */
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import type {FSWatcher} from 'chokidar'
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type CodeActionParams,
  type CompletionParams,
  type Connection,
  type DefinitionParams,
  type DocumentDiagnosticParams,
  type DocumentLinkParams,
  type DocumentSymbolParams,
  type HoverParams,
  type PrepareRenameParams,
  type ReferenceParams,
  type RenameFilesParams,
  type RenameParams,
  type WorkspaceSymbolParams,
  type InitializeParams,
  type InitializeResult
} from 'vscode-languageserver/node'
import {TextDocument} from 'vscode-languageserver-textdocument'
import {toolVersion} from '../version.js'
import {codeActions} from './code-actions.js'
import {completion} from './completion.js'
import {toDiagnostics} from './diagnostics.js'
import {hover} from './hover.js'
import {definition, documentLinks, references} from './navigation.js'
import {prepareRename, rename, willRenameFiles} from './rename.js'
import {documentSymbols, workspaceSymbols} from './symbols.js'
import {watchBase} from './watch.js'
import {KbWorkspace} from './workspace.js'

export interface ServerOptions {
  /** Read the summary cache of `kb-lint check` (default true). */
  cache?: boolean
  /** A config file, as `check --config`. */
  config?: string
}

/** What the client may set in `initializationOptions`. */
interface InitializationOptions {
  /** The base root, absolute or relative to the first workspace folder. */
  root?: string
  cache?: boolean
  config?: string
}

export function startServer(options: ServerOptions = {}): Connection {
  // Stray errors (a bug in a handler's async tail) are logged, never fatal.
  process.on('uncaughtException', (error) => log(`internal error: ${error.stack ?? error.message}`))
  process.on('unhandledRejection', (error) =>
    log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  )

  const connection = createConnection(process.stdin, process.stdout)
  const documents = new TextDocuments(TextDocument)
  let workspace: KbWorkspace | undefined
  let capabilities: ClientCapabilities = {}
  let pull = false
  let loaded: Promise<void> = Promise.resolve()
  /** Open documents whose text changed since they were analysed. */
  const dirty = new Set<string>()
  /** What was last published per uri, to skip identical pushes. */
  const published = new Map<string, string>()
  let flushScheduled = false
  /** The server's own watcher, when the client does not watch files for it. */
  let watcher: FSWatcher | undefined

  function log(message: string): void {
    try {
      connection.console.error(message)
    } catch {
      process.stderr.write(message + '\n')
    }
  }

  /** Run a handler; on an internal error log it and answer `fallback`. */
  function guarded<P, R>(name: string, fallback: R, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
    return async (params: P) => {
      try {
        await loaded
        sync()
        return await handler(params)
      } catch (error) {
        // A refusal meant for the writer (a rename that cannot be done) goes back as the answer's error.
        if (error instanceof ResponseError) throw error
        log(`kb-lint lsp: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
        return fallback
      }
    }
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    capabilities = params.capabilities
    const init = (params.initializationOptions ?? {}) as InitializationOptions
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined
    let root = process.cwd()
    try {
      if (folder?.startsWith('file:')) root = fileURLToPath(folder)
      else if (params.rootPath) root = params.rootPath
    } catch {
      // Keep the current folder.
    }
    if (typeof init.root === 'string') root = path.resolve(root, init.root)
    const cache = typeof init.cache === 'boolean' ? init.cache : options.cache
    const configFile = typeof init.config === 'string' ? path.resolve(root, init.config) : options.config
    workspace = new KbWorkspace({root, cache, configFile}, (message) => {
      // A notification, not a request: nothing waits for the writer to dismiss it.
      void connection.sendNotification(ShowMessageNotification.type, {type: MessageType.Error, message: `kb-lint: ${message}`})
    })
    pull = capabilities.textDocument?.diagnostic !== undefined
    return {
      capabilities: {
        textDocumentSync: {openClose: true, change: TextDocumentSyncKind.Incremental, save: {includeText: false}},
        diagnosticProvider: pull ? {interFileDependencies: true, workspaceDiagnostics: false} : undefined,
        completionProvider: {triggerCharacters: ['[', '#', '^', '(', '/', '|'], resolveProvider: false},
        definitionProvider: true,
        referencesProvider: true,
        hoverProvider: true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        documentLinkProvider: {resolveProvider: false},
        renameProvider: {prepareProvider: true},
        codeActionProvider: {codeActionKinds: ['quickfix']},
        workspace: {
          fileOperations: {willRename: {filters: [{scheme: 'file', pattern: {glob: '**/*'}}]}}
        }
      },
      serverInfo: {name: 'kb-lint', version: toolVersion()}
    }
  })

  connection.onInitialized(() => {
    const clientWatches = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true
    if (clientWatches) void connection.client.register(DidChangeWatchedFilesNotification.type, {watchers: [{globPattern: '**/*'}]})
    loaded = (async () => {
      try {
        await workspace!.load()
        if (!clientWatches) {
          const configFile = workspace!.configFile
          watcher = watchBase(
            workspace!.root,
            configFile ? [configFile] : [],
            (files) => void onFiles(files.map((file) => pathToFileURL(file).href)),
            log
          )
          // Changes are seen from the first diagnostics on.
          await new Promise<void>((resolve) => watcher!.once('ready', () => resolve()))
        }
        for (const document of documents.all()) open(document)
      } catch (error) {
        log(`kb-lint lsp: loading the base failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    })()
    void loaded.then(() => refreshDiagnostics())
  })

  function open(document: TextDocument): void {
    const relative = workspace?.relativeOf(document.uri)
    if (relative === undefined) return
    workspace!.setOpen(relative, document)
  }

  /** Analyse the documents changed since the last time (before answering anything about them). */
  function sync(): void {
    if (!workspace?.ready || dirty.size === 0) return
    for (const uri of [...dirty]) {
      dirty.delete(uri)
      const document = documents.get(uri)
      if (document) open(document)
    }
  }

  /** Re-check every open note (a change anywhere may change their base findings) and publish. */
  function refreshDiagnostics(): void {
    if (!workspace?.ready) return
    if (pull) {
      if (capabilities.workspace?.diagnostics?.refreshSupport) void connection.languages.diagnostics.refresh()
      return
    }
    const findings = workspace.findings(workspace.openPaths())
    for (const document of documents.all()) {
      const relative = workspace.relativeOf(document.uri)
      const diagnostics = relative === undefined ? [] : toDiagnostics(workspace, relative, findings.get(relative) ?? [])
      publish(document.uri, document.version, diagnostics)
    }
  }

  function publish(uri: string, version: number | undefined, diagnostics: ReturnType<typeof toDiagnostics>): void {
    // The version is part of the key: a changed document always gets an answer
    // for its new version (clients know the list is current); others only on change.
    const key = `${version ?? ''}:${JSON.stringify(diagnostics)}`
    if (published.get(uri) === key) return
    published.set(uri, key)
    void connection.sendDiagnostics({uri, version, diagnostics})
  }

  /** Coalesce the changes of one burst of messages into one analysis. */
  function scheduleFlush(): void {
    if (flushScheduled) return
    flushScheduled = true
    setImmediate(() => {
      flushScheduled = false
      void loaded.then(() => {
        try {
          sync()
          refreshDiagnostics()
        } catch (error) {
          log(`kb-lint lsp: diagnostics failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
        }
      })
    })
  }

  documents.onDidOpen(({document}) => {
    dirty.add(document.uri)
    scheduleFlush()
  })
  documents.onDidChangeContent(({document}) => {
    dirty.add(document.uri)
    scheduleFlush()
  })
  documents.onDidClose(({document}) => {
    dirty.delete(document.uri)
    published.delete(document.uri)
    void loaded.then(() => {
      const relative = workspace?.relativeOf(document.uri)
      if (relative !== undefined) workspace!.close(relative)
      if (!pull) void connection.sendDiagnostics({uri: document.uri, diagnostics: []})
      scheduleFlush()
    })
  })

  async function onFiles(uris: string[]): Promise<void> {
    await loaded
    const files: string[] = []
    for (const uri of uris) {
      try {
        if (uri.startsWith('file:')) files.push(fileURLToPath(uri))
      } catch {
        // Not a file of this machine.
      }
    }
    if (files.length === 0 || !workspace) return
    loaded = workspace
      .filesChanged(files)
      .catch((error: unknown) => log(`kb-lint lsp: ${error instanceof Error ? error.message : String(error)}`))
    await loaded
    scheduleFlush()
  }

  connection.onDidChangeWatchedFiles(({changes}) => {
    void onFiles(
      changes
        .filter((change) => [FileChangeType.Created, FileChangeType.Changed, FileChangeType.Deleted].includes(change.type))
        .map((change) => change.uri)
    )
  })

  connection.languages.diagnostics.on(
    guarded('diagnostics', {kind: DocumentDiagnosticReportKind.Full, items: []}, ({textDocument}: DocumentDiagnosticParams) => {
      const relative = workspace?.relativeOf(textDocument.uri)
      if (!workspace || relative === undefined) return {kind: DocumentDiagnosticReportKind.Full, items: []}
      const findings = workspace.findings([relative]).get(relative) ?? []
      return {kind: DocumentDiagnosticReportKind.Full, items: toDiagnostics(workspace, relative, findings)}
    })
  )

  /** The open note a request is about, with the workspace. */
  function noteOf(uri: string) {
    const relative = workspace?.relativeOf(uri)
    const note = relative === undefined ? undefined : workspace!.note(relative)
    return note ? {workspace: workspace!, note, relative: relative!} : undefined
  }

  connection.onCompletion(
    guarded('completion', null, ({textDocument, position}: CompletionParams) => {
      const found = noteOf(textDocument.uri)
      const document = documents.get(textDocument.uri)
      return found && document ? completion(found.workspace, found.note, document, position) : null
    })
  )
  connection.onDefinition(
    guarded('definition', null, ({textDocument, position}: DefinitionParams) => {
      const found = noteOf(textDocument.uri)
      return found ? (definition(found.workspace, found.note, position) ?? null) : null
    })
  )
  connection.onReferences(
    guarded('references', null, ({textDocument, position, context}: ReferenceParams) => {
      const found = noteOf(textDocument.uri)
      return found ? references(found.workspace, found.note, position, context.includeDeclaration) : null
    })
  )
  connection.onHover(
    guarded('hover', null, ({textDocument, position}: HoverParams) => {
      const found = noteOf(textDocument.uri)
      return found ? (hover(found.workspace, found.note, position) ?? null) : null
    })
  )
  connection.onDocumentSymbol(
    guarded('documentSymbol', null, ({textDocument}: DocumentSymbolParams) => {
      const found = noteOf(textDocument.uri)
      const document = documents.get(textDocument.uri) ?? (found ? found.workspace.documentOf(found.relative) : undefined)
      return found && document ? documentSymbols(found.note, document) : null
    })
  )
  connection.onWorkspaceSymbol(
    guarded('workspaceSymbol', null, ({query}: WorkspaceSymbolParams) => (workspace ? workspaceSymbols(workspace, query) : null))
  )
  connection.onDocumentLinks(
    guarded('documentLink', null, ({textDocument}: DocumentLinkParams) => {
      const found = noteOf(textDocument.uri)
      return found ? documentLinks(found.workspace, found.note) : null
    })
  )
  connection.onPrepareRename(
    guarded('prepareRename', null, ({textDocument, position}: PrepareRenameParams) => {
      const found = noteOf(textDocument.uri)
      const document = documents.get(textDocument.uri)
      return found && document ? prepareRename(found.workspace, found.note, document, position) : null
    })
  )
  connection.onRenameRequest(
    guarded('rename', null, ({textDocument, position, newName}: RenameParams) => {
      const found = noteOf(textDocument.uri)
      const document = documents.get(textDocument.uri)
      return found && document ? rename(found.workspace, found.note, document, position, newName, capabilities) : null
    })
  )
  connection.workspace.onWillRenameFiles(
    guarded('willRenameFiles', null, ({files}: RenameFilesParams) => (workspace ? willRenameFiles(workspace, files, capabilities) : null))
  )
  connection.onCodeAction(
    guarded('codeAction', null, ({textDocument, range}: CodeActionParams) => {
      const found = noteOf(textDocument.uri)
      const document = documents.get(textDocument.uri)
      return found && document ? codeActions(found.workspace, found.note, document, range, capabilities) : null
    })
  )

  connection.onShutdown(async () => {
    await watcher?.close()
  })

  documents.listen(connection)
  connection.listen()
  return connection
}
