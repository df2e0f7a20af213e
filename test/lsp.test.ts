/**
 * The language server as an editor sees it: the built `kb-lint lsp` in its
 * own process, driven over stdio by a JSON-RPC client (test/lsp-client.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentDiagnosticRequest,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  FileChangeType,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  WillRenameFilesRequest,
  WorkspaceSymbolRequest,
  type CodeAction,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type Location,
  type WorkspaceEdit
} from 'vscode-languageserver-protocol'
import {moveInBase} from '../src/write/move.js'
import {projectRoot} from './fixtures.js'
import {applyWorkspaceEdit, copyBase, fullCapabilities, makeBase, startLsp, type LspSession} from './lsp-client.js'

const exampleBase = path.join(projectRoot, 'fixtures', 'kb')
const sessions: LspSession[] = []
const folders: string[] = []

async function session(root: string, options?: Parameters<typeof startLsp>[1]): Promise<LspSession> {
  const started = await startLsp(root, options)
  sessions.push(started)
  return started
}

function base(files: Record<string, string>): string {
  const dir = makeBase(files)
  folders.push(dir)
  return dir
}

function example(): string {
  const dir = copyBase(exampleBase)
  folders.push(dir)
  return dir
}

afterEach(async () => {
  for (const started of sessions.splice(0)) {
    started.connection.dispose()
    if (started.child.exitCode === null) started.child.kill()
  }
  for (const folder of folders.splice(0)) fs.rmSync(folder, {recursive: true, force: true})
})

/** Wait for something the server does asynchronously (the test's own timeout bounds it). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20))
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => diagnostic.code).sort()
const note = (title: string, body: string) => `---\ntitle: ${title}\ndescription: ${title} note\n---\n${body}`

describe('diagnostics', () => {
  it('publishes the findings of `check` for an open note, with rule id, severity, docs link and place', async () => {
    const root = example()
    const lsp = await session(root)
    lsp.open('devops/kubernetes/pods.md')
    const diagnostics = await lsp.waitForDiagnostics('devops/kubernetes/pods.md', (items) => items.length > 0)
    expect(codes(diagnostics)).toEqual(['frontmatter-missing', 'link-unresolved'])
    const unresolved = diagnostics.find((item) => item.code === 'link-unresolved')!
    expect(unresolved).toMatchObject({
      severity: 1,
      source: 'kb-lint',
      codeDescription: {href: expect.stringContaining('docs/rules.md#link-unresolved')},
      range: {start: {line: 4, character: 10}, end: {line: 4, character: 43}}
    })
    expect(unresolved.message).toContain('no note `devops/kubernetes/deployments`')
  })

  it('checks frontmatter against a schema the config names (ajv loads for it)', async () => {
    const root = base({
      'a.md': note('A', '# A\n'),
      'kb-lint.config.json': JSON.stringify({frontmatter: {schema: {type: 'object', required: ['title', 'owner']}}})
    })
    const lsp = await session(root)
    lsp.open('a.md')
    const diagnostics = await lsp.waitForDiagnostics('a.md', (items) => items.length > 0)
    expect(codes(diagnostics)).toEqual(['frontmatter-schema'])
    expect(diagnostics[0]!.message).toContain('missing `owner`')
  })

  it('checks the unsaved text, and a change in one note reaches the open notes that link to it', async () => {
    const root = base({
      'a.md': note('A', '# A\n\n## Setup\n\nText.\n'),
      'b.md': note('B', '# B\n\nSee [[a#Setup]] and [[a]].\n')
    })
    const lsp = await session(root)
    lsp.open('a.md')
    lsp.open('b.md')
    await lsp.waitForDiagnostics('b.md', (items) => items.length === 0)
    // Rename the heading in a.md (not saved): b.md's anchor breaks at once.
    lsp.change('a.md', note('A', '# A\n\n## Installation\n\nText.\n'))
    const broken = await lsp.waitForDiagnostics('b.md', (items) => items.length > 0)
    expect(codes(broken)).toEqual(['link-anchor-unresolved'])
    expect(broken[0]!.message).toContain('no heading `Setup` in `a`')
    expect(broken[0]!.relatedInformation?.[0]?.location.uri).toBe(lsp.uri('a.md'))
    // And back.
    lsp.change('a.md', note('A', '# A\n\n## Setup\n\nText.\n'))
    await lsp.waitForDiagnostics('b.md', (items) => items.length === 0)
  })

  it('clears link-unresolved when the missing note is created in the editor or on disk (watched files)', async () => {
    const root = base({
      'a.md': note('A', '# A\n\n[[b]] and [[c]]\n')
    })
    const lsp = await session(root)
    lsp.open('a.md')
    await lsp.waitForDiagnostics('a.md', (items) => items.filter((item) => item.code === 'link-unresolved').length === 2)
    // A new, unsaved note in the editor.
    lsp.open('b.md', note('B', '# B\n'))
    await lsp.waitForDiagnostics('a.md', (items) => items.filter((item) => item.code === 'link-unresolved').length === 1)
    // A note created by another tool.
    fs.writeFileSync(path.join(root, 'c.md'), note('C', '# C\n'))
    lsp.filesChanged([{relative: 'c.md', type: FileChangeType.Created}])
    await lsp.waitForDiagnostics('a.md', (items) => items.length === 0)
    // Deleted on disk again.
    fs.rmSync(path.join(root, 'c.md'))
    lsp.filesChanged([{relative: 'c.md', type: FileChangeType.Deleted}])
    const again = await lsp.waitForDiagnostics('a.md', (items) => items.length === 1)
    expect(again[0]!.message).toContain('`[[c]]`')
  })

  it('watches the base itself when the client does not watch files', async () => {
    const root = base({'a.md': note('A', '# A\n\n[[b]]\n')})
    const lsp = await session(root, {
      capabilities: {...fullCapabilities, workspace: {...fullCapabilities.workspace, didChangeWatchedFiles: undefined}}
    })
    lsp.open('a.md')
    await lsp.waitForDiagnostics('a.md', (items) => items.length === 1)
    fs.writeFileSync(path.join(root, 'b.md'), note('B', '# B\n'))
    await lsp.waitForDiagnostics('a.md', (items) => items.length === 0)
    expect(await lsp.shutdown()).toBe(0)
  })

  it('answers pull requests when the client pulls (and then does not push)', async () => {
    const root = example()
    const lsp = await session(root, {
      capabilities: {...fullCapabilities, textDocument: {...fullCapabilities.textDocument, diagnostic: {dynamicRegistration: false}}}
    })
    lsp.open('devops/kubernetes/pods.md')
    const report = (await lsp.connection.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: {uri: lsp.uri('devops/kubernetes/pods.md')}
    })) as {kind: string; items: Diagnostic[]}
    expect(report.kind).toBe('full')
    expect(codes(report.items)).toEqual(['frontmatter-missing', 'link-unresolved'])
    expect(lsp.diagnostics('devops/kubernetes/pods.md')).toBeUndefined()
  })
})

describe('completion', () => {
  const labels = (list: CompletionList | null) =>
    (list?.items ?? []).map((item) => (item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : item.label))

  it('after [[ offers notes and aliases in the form the resolution mode reads', async () => {
    const files = {
      'x/pods.md': note('Pods', '# Pods\n\n## Lifecycle\n\nText ^life\n'),
      'y/pods-extra.md': '---\ntitle: Extra\ndescription: d\naliases: [Pod things]\n---\n# Extra\n',
      'y/services.md': note('Services', '# Services\n'),
      'z/services.md': note('Services too', '# Services\n'),
      'n.md': note('N', '# N\n\n')
    }
    for (const [mode, expected] of [
      ['absolute', ['x/pods', 'y/pods-extra', 'y/pods-extra|Pod things']],
      ['shortest', ['pods', 'pods-extra', 'pods-extra|Pod things']]
    ] as const) {
      const root = base({...files, 'kb-lint.config.json': JSON.stringify({links: {resolution: mode}})})
      const lsp = await session(root)
      const text = note('N', '# N\n\nSee [[pod')
      lsp.open('n.md', text)
      const line = text.split('\n').length - 1
      const list = (await lsp.connection.sendRequest(CompletionRequest.type, {
        textDocument: {uri: lsp.uri('n.md')},
        position: {line, character: 11}
      })) as CompletionList
      expect(labels(list).sort()).toEqual([...expected].sort())
      expect(list.items[0]!.textEdit).toMatchObject({range: {start: {line, character: 8}, end: {line, character: 11}}})
      if (mode === 'shortest') {
        // `services` is not unique: the path is inserted.
        lsp.change('n.md', note('N', '# N\n\nSee [[serv'))
        const services = (await lsp.connection.sendRequest(CompletionRequest.type, {
          textDocument: {uri: lsp.uri('n.md')},
          position: {line, character: 12}
        })) as CompletionList
        expect(labels(services).sort()).toEqual(['y/services', 'z/services'])
      }
    }
  })

  it('offers headings after #, block ids after #^, Markdown paths after ]( and links in frontmatter values', async () => {
    const root = base({
      'x/pods.md': note('Pods', '# Pods\n\n## Life cycle\n\nText ^life\n'),
      'n.md': note('N', '# N\n')
    })
    const lsp = await session(root)
    const ask = async (text: string) => {
      lsp.open('n.md', text)
      const lines = text.split('\n')
      const position = {line: lines.length - 1, character: lines[lines.length - 1]!.length}
      const list = (await lsp.connection.sendRequest(CompletionRequest.type, {
        textDocument: {uri: lsp.uri('n.md')},
        position
      })) as CompletionList | null
      lsp.close('n.md')
      return labels(list)
    }
    expect(await ask('# N\n\n[[x/pods#')).toEqual(['Pods', 'Life cycle'])
    expect(await ask('# N\n\n[[x/pods#^')).toEqual(['life'])
    expect(await ask('# N\n\n[t](x/')).toEqual(['x/pods.md'])
    expect(await ask('# N\n\n[t](x/pods.md#')).toEqual(['pods', 'life-cycle'])
    expect(await ask('---\ntitle: N\nrelated: ["[[x/')).toEqual(['x/pods'])
    expect(await ask('# N\n\nplain text')).toEqual([])
  })
})

describe('navigation', () => {
  const files = {
    'a.md': note('Alpha', '# Alpha\n\n## Setup\n\nFirst line of setup.\n'),
    'b.md': note('B', '# B\n\nSee [[a#Setup]] and [[a]].\n'),
    'c.md': note('C', '# C\n\n[setup](a.md#setup)\n')
  }

  it('goes to the definition of a note, a heading; finds backlinks and links to a heading; hovers', async () => {
    const root = base(files)
    const lsp = await session(root)
    lsp.open('b.md')
    lsp.open('a.md')
    await lsp.waitForDiagnostics('b.md', () => true)
    const onAnchorLink = {textDocument: {uri: lsp.uri('b.md')}, position: {line: 6, character: 8}}
    const definition = (await lsp.connection.sendRequest(DefinitionRequest.type, onAnchorLink)) as Location
    expect(definition).toMatchObject({uri: lsp.uri('a.md'), range: {start: {line: 6}}})

    // On the heading of a.md: the links to that heading, in b.md and c.md (slug form).
    const toHeading = (await lsp.connection.sendRequest(ReferencesRequest.type, {
      textDocument: {uri: lsp.uri('a.md')},
      position: {line: 6, character: 4},
      context: {includeDeclaration: false}
    })) as Location[]
    expect(
      toHeading.map((location) => `${path.basename(location.uri)}:${location.range.start.line}:${location.range.start.character}`).sort()
    ).toEqual(['b.md:6:4', 'c.md:6:0'])
    // Elsewhere in a.md: every backlink of the note.
    const backlinks = (await lsp.connection.sendRequest(ReferencesRequest.type, {
      textDocument: {uri: lsp.uri('a.md')},
      position: {line: 8, character: 0},
      context: {includeDeclaration: false}
    })) as Location[]
    expect(backlinks).toHaveLength(3)

    const hover = (await lsp.connection.sendRequest(HoverRequest.type, onAnchorLink)) as {contents: {value: string}}
    expect(hover.contents.value).toContain('**Alpha**')
    expect(hover.contents.value).toContain('First line of setup.')

    const symbols = (await lsp.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: {uri: lsp.uri('a.md')}
    })) as DocumentSymbol[]
    expect(symbols.map((symbol) => [symbol.name, symbol.children?.map((child) => child.name)])).toEqual([['Alpha', ['Setup']]])
    const workspaceSymbols = (await lsp.connection.sendRequest(WorkspaceSymbolRequest.type, {query: 'alp'})) as Array<{name: string}>
    expect(workspaceSymbols.map((symbol) => symbol.name)).toEqual(['Alpha'])
    const links = (await lsp.connection.sendRequest(DocumentLinkRequest.type, {textDocument: {uri: lsp.uri('b.md')}})) as Array<{
      target: string
    }>
    expect(links.map((link) => link.target)).toEqual([lsp.uri('a.md') + '#L7', lsp.uri('a.md')])
  })
})

describe('renames', () => {
  it('renames a heading and every anchor that names it, across the base', async () => {
    const root = base({
      'a.md': note('Alpha', '# Alpha\n\n## Setup\n\nText.\n\nSee [[#Setup]].\n'),
      'b.md': note('B', '# B\n\nSee [[a#Setup|the setup]].\n'),
      'c.md': note('C', '# C\n\n[setup](a.md#setup)\n')
    })
    const lsp = await session(root)
    lsp.open('a.md')
    await lsp.waitForDiagnostics('a.md', () => true)
    const where = {textDocument: {uri: lsp.uri('a.md')}, position: {line: 6, character: 5}}
    expect(await lsp.connection.sendRequest(PrepareRenameRequest.type, where)).toMatchObject({
      placeholder: 'Setup',
      range: {start: {line: 6, character: 3}, end: {line: 6, character: 8}}
    })
    const edit = (await lsp.connection.sendRequest(RenameRequest.type, {...where, newName: 'Getting started'})) as WorkspaceEdit
    const after = applyWorkspaceEdit(root, edit)
    expect(after.get(path.join(root, 'a.md'))).toContain('## Getting started\n\nText.\n\nSee [[#Getting started]].')
    expect(after.get(path.join(root, 'b.md'))).toContain('[[a#Getting started|the setup]]')
    expect(after.get(path.join(root, 'c.md'))).toContain('[setup](a.md#getting-started)')
    // The server wrote nothing itself.
    expect(fs.readFileSync(path.join(root, 'b.md'), 'utf8')).toContain('[[a#Setup|the setup]]')
  })

  it('willRenameFiles returns the edits `kb-lint mv` makes; rename on a link target moves the note', async () => {
    const root = example()
    const mvRoot = example()
    const lsp = await session(root)
    lsp.open('index.md')
    await lsp.waitForDiagnostics('index.md', () => true)
    const from = 'devops/docker/reference/cli.md'
    const to = 'devops/docker/cli-reference.md'
    const edit = (await lsp.connection.sendRequest(WillRenameFilesRequest.type, {
      files: [{oldUri: lsp.uri(from), newUri: lsp.uri(to)}]
    })) as WorkspaceEdit
    const after = applyWorkspaceEdit(root, edit)
    expect(after.size).toBeGreaterThan(0)
    // The same move by `kb-lint mv`, on another copy.
    await moveInBase({root: mvRoot, cwd: mvRoot, from, to})
    for (const [file, text] of after) {
      const relative = path.relative(root, file)
      const mvPath = path.join(mvRoot, relative === from ? to : relative)
      expect(text, relative).toBe(fs.readFileSync(mvPath, 'utf8'))
    }
    expect(fs.existsSync(path.join(root, from))).toBe(true)

    // A folder moved in the editor: the same edits as `kb-lint mv` of the folder.
    const folderRoot = example()
    const folderEdit = (await lsp.connection.sendRequest(WillRenameFilesRequest.type, {
      files: [{oldUri: lsp.uri('devops/kubernetes'), newUri: lsp.uri('devops/k8s')}]
    })) as WorkspaceEdit
    const folderAfter = applyWorkspaceEdit(root, folderEdit)
    await moveInBase({root: folderRoot, cwd: folderRoot, from: 'devops/kubernetes', to: 'devops/k8s'})
    expect(folderAfter.size).toBeGreaterThan(0)
    for (const [file, text] of folderAfter) {
      const relative = path.relative(root, file).replace(/^devops\/kubernetes\//, 'devops/k8s/')
      expect(text, relative).toBe(fs.readFileSync(path.join(folderRoot, relative), 'utf8'))
    }

    // Rename on the link target in index.md: the file rename plus the same link edits.
    const text = lsp.document('index.md').getText()
    const offset = text.indexOf('[[devops/kubernetes/pods')
    const position = lsp.document('index.md').positionAt(offset + 4)
    const rename = (await lsp.connection.sendRequest(RenameRequest.type, {
      textDocument: {uri: lsp.uri('index.md')},
      position,
      newName: 'pod-basics'
    })) as WorkspaceEdit
    const renameOps = rename.documentChanges!.filter((change) => 'kind' in change)
    expect(renameOps).toEqual([
      {kind: 'rename', oldUri: lsp.uri('devops/kubernetes/pods.md'), newUri: lsp.uri('devops/kubernetes/pod-basics.md')}
    ])
    expect(applyWorkspaceEdit(root, rename).get(path.join(root, 'index.md'))).toContain('[[devops/kubernetes/pod-basics')
  })
})

describe('renames no link can follow', () => {
  it('answers with the reason `kb-lint mv` gives, and no edits, when a link could not name the new place', async () => {
    const root = base({'target.md': '# Target\n', 'list/name.md': '# Name\n', 'from.md': '[the target](target.md) [[target]]\n'})
    const lsp = await session(root)
    lsp.open('from.md')
    await lsp.waitForDiagnostics('from.md', () => true)
    // `list/#name.md` has the Quartz slug of `list/name.md`: no Markdown link reaches it.
    const refused = lsp.connection.sendRequest(WillRenameFilesRequest.type, {
      files: [{oldUri: lsp.uri('target.md'), newUri: lsp.uri('list/#name.md')}]
    })
    await expect(refused).rejects.toThrow(/links to what moves with a (wiki|Markdown) link, and .*; choose another name/)
  })
})

describe('code actions', () => {
  it('offers the --fix fix, the did-you-mean targets and creating the missing note', async () => {
    const root = example()
    const lsp = await session(root)
    lsp.open('devops/kubernetes/pods.md')
    const diagnostics = await lsp.waitForDiagnostics('devops/kubernetes/pods.md', (items) => items.length > 0)
    const unresolved = diagnostics.find((item) => item.code === 'link-unresolved')!
    const actions = (await lsp.connection.sendRequest(CodeActionRequest.type, {
      textDocument: {uri: lsp.uri('devops/kubernetes/pods.md')},
      range: unresolved.range,
      context: {diagnostics: [unresolved]}
    })) as CodeAction[]
    const create = actions.find((action) => action.title.startsWith('Create the note'))!
    expect(create.title).toBe('Create the note `devops/kubernetes/deployments.md`')
    expect(create.edit!.documentChanges![0]).toEqual({
      kind: 'create',
      uri: lsp.uri('devops/kubernetes/deployments.md'),
      options: {overwrite: false, ignoreIfExists: false}
    })

    lsp.open('index.md')
    const indexDiagnostics = await lsp.waitForDiagnostics('index.md', (items) => items.length > 0)
    const pipe = indexDiagnostics.find((item) => item.code === 'table-pipe-in-link')!
    const fixes = (await lsp.connection.sendRequest(CodeActionRequest.type, {
      textDocument: {uri: lsp.uri('index.md')},
      range: pipe.range,
      context: {diagnostics: [pipe]}
    })) as CodeAction[]
    expect(fixes[0]).toMatchObject({kind: 'quickfix', isPreferred: true})
    const fixed = applyWorkspaceEdit(root, fixes[0]!.edit!).get(path.join(root, 'index.md'))!
    expect(fixed).toContain('[[devops/docker/reference/cli\\|Шпаргалка по CLI]]')
  })

  it('creates the missing note from a section template of the config', async () => {
    const template = '---\ntitle: ""\ndescription: ""\ntype: guide\n---\n\n## Steps\n\n## Checks\n'
    const root = base({
      'templates/guide.md': template,
      'n.md': note('N', '# N\n\n[[guides/setup]]\n'),
      'kb-lint.config.json': JSON.stringify({ignore: ['templates/'], structure: {by: 'type', templates: {guide: 'templates/guide.md'}}})
    })
    const lsp = await session(root)
    lsp.open('n.md')
    const [diagnostic] = await lsp.waitForDiagnostics('n.md', (items) => items.length > 0)
    const actions = (await lsp.connection.sendRequest(CodeActionRequest.type, {
      textDocument: {uri: lsp.uri('n.md')},
      range: diagnostic!.range,
      context: {diagnostics: [diagnostic!]}
    })) as CodeAction[]
    const fromTemplate = actions.find(
      (action) => action.title === 'Create the note `guides/setup.md` from the template `templates/guide.md`'
    )!
    expect(applyWorkspaceEdit(root, fromTemplate.edit!).get(path.join(root, 'guides/setup.md'))).toBe(template)
  })

  it('suggests the closest note for a typo (not preferred: the writer decides)', async () => {
    const root = base({'guide.md': note('Guide', '# Guide\n'), 'n.md': note('N', '# N\n\n[[giude]]\n')})
    const lsp = await session(root)
    lsp.open('n.md')
    const [diagnostic] = await lsp.waitForDiagnostics('n.md', (items) => items.length > 0)
    const actions = (await lsp.connection.sendRequest(CodeActionRequest.type, {
      textDocument: {uri: lsp.uri('n.md')},
      range: diagnostic!.range,
      context: {diagnostics: [diagnostic!]}
    })) as CodeAction[]
    const suggestion = actions.find((action) => action.title.includes('`guide`'))!
    expect(suggestion.isPreferred).toBe(false)
    expect(applyWorkspaceEdit(root, suggestion.edit!).get(path.join(root, 'n.md'))).toContain('[[guide]]')
  })
})

describe('robustness', () => {
  it('survives bad requests and documents it does not check, keeps the last good config, exits cleanly', async () => {
    const root = base({
      'a.md': note('A', '# A\n\n[[missing]]\n'),
      'kb-lint.config.json': JSON.stringify({rules: {'link-unresolved': 'warn'}})
    })
    const lsp = await session(root)
    // A request with nonsense params: an answer (empty or an error), never a crash.
    await lsp.connection.sendRequest(CompletionRequest.type, {textDocument: {uri: 42}, position: null} as never).catch(() => undefined)
    await lsp.connection.sendRequest('kb-lint/unknown', {}).catch(() => undefined)
    // A message that is not JSON at all, between two good ones.
    lsp.child.stdin!.write('Content-Length: 9\r\n\r\n{not json')
    // Outside the base, not Markdown, huge, binary-looking, another scheme.
    lsp.open('../outside.md', '# [[nothing]]\n')
    lsp.open('notes.txt', '[[nothing]]\n')
    lsp.open('huge.md', '# Huge\n' + 'x'.repeat(1024 * 1024 + 10))
    lsp.open('bin.md', 'PNG\u0000\u0000\u0000binary')
    await lsp.connection.sendRequest(HoverRequest.type, {textDocument: {uri: 'untitled:Untitled-1'}, position: {line: 0, character: 0}})
    const huge = await lsp.waitForDiagnostics('huge.md', (items) => items.length > 0)
    expect(codes(huge)).toEqual(['file-unreadable'])
    const binary = await lsp.waitForDiagnostics('bin.md', (items) => items.length > 0)
    expect(codes(binary)).toEqual(['file-encoding'])

    lsp.open('a.md')
    const before = await lsp.waitForDiagnostics('a.md', (items) => items.length > 0)
    expect(before[0]!.severity).toBe(2)
    // The config breaks while the server runs: reported once, the last good one stays.
    fs.writeFileSync(path.join(root, 'kb-lint.config.json'), '{"rules": {')
    lsp.filesChanged([{relative: 'kb-lint.config.json', type: FileChangeType.Changed}])
    lsp.filesChanged([{relative: 'kb-lint.config.json', type: FileChangeType.Changed}])
    await until(() => lsp.messages.length > 0)
    lsp.change('a.md', note('A', '# A\n\n[[missing]] [[other]]\n'))
    const during = await lsp.waitForDiagnostics('a.md', (items) => items.length === 2)
    expect(during.map((item) => item.severity)).toEqual([2, 2])
    expect(lsp.messages, lsp.stderr()).toHaveLength(1)
    expect(lsp.messages[0]).toContain('kb-lint.config.json')
    // Fixed again: the new config applies.
    fs.writeFileSync(path.join(root, 'kb-lint.config.json'), JSON.stringify({rules: {'link-unresolved': 'error'}}))
    lsp.filesChanged([{relative: 'kb-lint.config.json', type: FileChangeType.Changed}])
    await lsp.waitForDiagnostics('a.md', (items) => items.length === 2 && items.every((item) => item.severity === 1))

    expect(lsp.diagnostics('../outside.md') ?? []).toEqual([])
    expect(lsp.diagnostics('notes.txt') ?? []).toEqual([])
    expect(lsp.stderr()).not.toMatch(/TypeError|at .*\.js:\d+/)
    expect(await lsp.shutdown()).toBe(0)
  })
})

describe('the README walk-through ("Editors") on fixtures/kb', () => {
  it('shows what the README says each feature does on the example base', async () => {
    const root = example()
    const lsp = await session(root)
    const quickstart = 'devops/docker/tutorials/quickstart.md'
    const install = 'devops/docker/how-to/install-ubuntu-2404.md'
    lsp.open(quickstart)
    lsp.open(install)
    lsp.open('devops/kubernetes/pods.md')
    await lsp.waitForDiagnostics(install, (items) => items.length === 0)
    // Rename the heading, unsaved: the open note linking to it shows the broken anchor.
    lsp.change(quickstart, lsp.document(quickstart).getText().replace('## Шаг 2. Первый контейнер', '## Шаг 2. Контейнер'))
    const broken = await lsp.waitForDiagnostics(install, (items) => items.length > 0)
    expect(codes(broken)).toEqual(['link-anchor-unresolved'])
    expect(broken[0]!.relatedInformation?.[0]?.location.uri).toBe(lsp.uri(quickstart))
    // Create the missing note: pods.md's link-unresolved goes away.
    lsp.open('devops/kubernetes/deployments.md', '---\ntitle: Deployments\ndescription: d\n---\n# Deployments\n')
    await lsp.waitForDiagnostics('devops/kubernetes/pods.md', (items) => codes(items).join() === 'frontmatter-missing')
    // Block ids of the target after #^.
    lsp.open('scratch.md', '# S\n\n[[devops/docker/how-to/install-ubuntu-2404#^')
    const blocks = (await lsp.connection.sendRequest(CompletionRequest.type, {
      textDocument: {uri: lsp.uri('scratch.md')},
      position: {line: 2, character: 48}
    })) as CompletionList
    expect(blocks.items.map((item) => item.label)).toEqual(['^check-install'])
    // Moving reference/cli.md in the editor: the links in index.md follow.
    const edit = (await lsp.connection.sendRequest(WillRenameFilesRequest.type, {
      files: [{oldUri: lsp.uri('devops/docker/reference/cli.md'), newUri: lsp.uri('devops/docker/cli.md')}]
    })) as WorkspaceEdit
    expect(applyWorkspaceEdit(root, edit).get(path.join(root, 'index.md'))).toContain('[[devops/docker/cli|Шпаргалка по CLI]]')
  })
})
