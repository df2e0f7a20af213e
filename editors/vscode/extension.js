// The kb-lint extension: a thin vscode-languageclient client. All checks,
// completion, navigation and renames come from `kb-lint lsp` (the language
// server of the kb-lint package), run with VS Code's own Node.js.
'use strict'
const fs = require('node:fs')
const path = require('node:path')
const vscode = require('vscode')
const {LanguageClient, TransportKind} = require('vscode-languageclient/node')

let client

/** The kb-lint CLI to run: the setting, the workspace's kb-lint, or the server shipped inside this extension. */
function serverModule(context, folder) {
  const configured = vscode.workspace.getConfiguration('kbLint').get('path')
  if (configured) return path.resolve(folder ?? '', configured)
  if (folder) {
    const installed = path.join(folder, 'node_modules', 'kb-lint', 'dist', 'cli.js')
    if (fs.existsSync(installed)) return installed
  }
  return context.asAbsolutePath(path.join('server', 'cli.mjs'))
}

async function activate(context) {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath
  const settings = vscode.workspace.getConfiguration('kbLint')
  const module = serverModule(context, folder)
  const run = {module, args: ['lsp'], transport: TransportKind.stdio}
  client = new LanguageClient(
    'kbLint',
    'kb-lint',
    {run, debug: run},
    {
      documentSelector: [{scheme: 'file', language: 'markdown'}],
      initializationOptions: {root: settings.get('root') || undefined, cache: settings.get('cache')},
      // Config, ignore files and notes changed outside the editor (git checkout, other tools).
      synchronize: {fileEvents: vscode.workspace.createFileSystemWatcher('**/*')}
    }
  )
  await client.start()
  context.subscriptions.push(client)
}

async function deactivate() {
  if (client) await client.stop()
}

module.exports = {activate, deactivate}
