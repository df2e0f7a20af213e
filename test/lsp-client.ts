/**
 * A JSON-RPC client for the protocol tests: starts the BUILT `kb-lint lsp`
 * (dist/cli.js) as a separate process and talks to it over stdio with
 * vscode-jsonrpc / vscode-languageserver-protocol, as an editor would.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection} from 'vscode-jsonrpc/node'
import {
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type ClientCapabilities,
  type Diagnostic,
  type FileEvent,
  type TextEdit,
  type WorkspaceEdit
} from 'vscode-languageserver-protocol'
import {TextDocument} from 'vscode-languageserver-textdocument'
import {projectRoot} from './fixtures.js'

export const cli = path.join(projectRoot, 'dist', 'cli.js')

/** What an editor with the usual features says it supports. */
export const fullCapabilities: ClientCapabilities = {
  workspace: {
    workspaceEdit: {documentChanges: true, resourceOperations: ['create', 'rename', 'delete']},
    didChangeWatchedFiles: {dynamicRegistration: true},
    fileOperations: {willRename: true}
  },
  textDocument: {
    publishDiagnostics: {relatedInformation: true, codeDescriptionSupport: true},
    completion: {completionItem: {snippetSupport: false}},
    rename: {prepareSupport: true}
  }
}

export interface LspSession {
  connection: MessageConnection
  child: ChildProcess
  root: string
  uri(relative: string): string
  /** Messages the server showed (window/showMessage). */
  messages: string[]
  stderr(): string
  diagnostics(relative: string): Diagnostic[] | undefined
  /** Resolves when the latest diagnostics of the note satisfy `accept`. */
  waitForDiagnostics(relative: string, accept: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]>
  open(relative: string, text?: string): TextDocument
  change(relative: string, text: string): void
  close(relative: string): void
  filesChanged(events: Array<{relative: string; type: FileEvent['type']}>): void
  document(relative: string): TextDocument
  shutdown(): Promise<number | null>
}

/** A copy of a folder in a temp dir (removed by `removeCopy`). */
export function copyBase(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-lsp-'))
  fs.cpSync(source, dir, {recursive: true})
  return fs.realpathSync(dir)
}

export function makeBase(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-lsp-')))
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), {recursive: true})
    fs.writeFileSync(path.join(dir, relative), text)
  }
  return dir
}

/** A notification sent without waiting; it fails only when the test already stopped the server. */
function notify(sent: Promise<void>): void {
  sent.catch(() => undefined)
}

export async function startLsp(
  root: string,
  options: {capabilities?: ClientCapabilities; initializationOptions?: unknown; args?: string[]; server?: string} = {}
): Promise<LspSession> {
  const child = spawn(process.execPath, [options.server ?? cli, 'lsp', '--stdio', ...(options.args ?? [])], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe']
  })
  // A test may end while a notification is on its way to a server it stops.
  child.stdin!.on('error', () => undefined)
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!))
  const latest = new Map<string, Diagnostic[]>()
  const waiters: Array<{uri: string; accept: (diagnostics: Diagnostic[]) => boolean; resolve: (diagnostics: Diagnostic[]) => void}> = []
  const messages: string[] = []
  const documents = new Map<string, TextDocument>()
  const uri = (relative: string) => pathToFileURL(path.join(root, relative)).href

  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    latest.set(params.uri, params.diagnostics)
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.accept(params.diagnostics)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(params.diagnostics)
      }
    }
  })
  connection.onNotification('window/showMessage', (params: {message: string}) => {
    messages.push(params.message)
  })
  connection.onNotification('window/logMessage', () => undefined)
  connection.onRequest('client/registerCapability', () => null)
  connection.onRequest('workspace/diagnostic/refresh', () => null)
  connection.listen()

  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{uri: pathToFileURL(root).href, name: 'base'}],
    capabilities: options.capabilities ?? fullCapabilities,
    initializationOptions: options.initializationOptions
  })
  await connection.sendNotification(InitializedNotification.type, {})

  return {
    connection,
    child,
    root,
    uri,
    messages,
    stderr: () => stderr,
    diagnostics: (relative) => latest.get(uri(relative)),
    waitForDiagnostics(relative, accept) {
      const current = latest.get(uri(relative))
      if (current && accept(current)) return Promise.resolve(current)
      return new Promise((resolve) => waiters.push({uri: uri(relative), accept, resolve}))
    },
    open(relative, text) {
      const content = text ?? fs.readFileSync(path.join(root, relative), 'utf8')
      const document = TextDocument.create(uri(relative), 'markdown', 1, content)
      documents.set(relative, document)
      notify(
        connection.sendNotification(DidOpenTextDocumentNotification.type, {
          textDocument: {uri: uri(relative), languageId: 'markdown', version: 1, text: content}
        })
      )
      return document
    },
    change(relative, text) {
      const old = documents.get(relative)!
      const document = TextDocument.create(old.uri, 'markdown', old.version + 1, text)
      documents.set(relative, document)
      notify(
        connection.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: {uri: old.uri, version: document.version},
          contentChanges: [{text}]
        })
      )
    },
    close(relative) {
      documents.delete(relative)
      notify(connection.sendNotification(DidCloseTextDocumentNotification.type, {textDocument: {uri: uri(relative)}}))
    },
    filesChanged(events) {
      notify(
        connection.sendNotification(DidChangeWatchedFilesNotification.type, {
          changes: events.map((event) => ({uri: uri(event.relative), type: event.type}))
        })
      )
    },
    document: (relative) => documents.get(relative)!,
    async shutdown() {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
      await connection.sendRequest(ShutdownRequest.type)
      await connection.sendNotification(ExitNotification.type)
      const code = await exited
      connection.dispose()
      return code
    }
  }
}

/** Apply a WorkspaceEdit to files on disk (as an editor would), open documents included. */
export function applyWorkspaceEdit(
  root: string,
  edit: WorkspaceEdit,
  texts: (file: string) => string = (file) => fs.readFileSync(file, 'utf8')
): Map<string, string> {
  const result = new Map<string, string>()
  const file = (uri: string) => new URL(uri).pathname.split('/').map(decodeURIComponent).join('/')
  const apply = (uri: string, edits: TextEdit[]) => {
    const path = file(uri)
    const before = result.get(path) ?? texts(path)
    result.set(path, TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 0, before), edits))
  }
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) apply(uri, edits)
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change) apply(change.textDocument.uri, change.edits as TextEdit[])
    else if (change.kind === 'rename') {
      const from = file(change.oldUri)
      const to = file(change.newUri)
      result.set(to, result.get(from) ?? texts(from))
      result.set(from, '\u0000deleted')
    } else if (change.kind === 'create') result.set(file(change.uri), '')
  }
  void root
  return result
}
