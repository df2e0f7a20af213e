/**
 * Document symbols (the note's headings, nested by level) and workspace
 * symbols (notes by title, path or alias).
 */
import {SymbolKind, type DocumentSymbol, type SymbolInformation} from 'vscode-languageserver'
import type {TextDocument} from 'vscode-languageserver-textdocument'
import type {NoteSummary} from '../kb/model.js'
import {headingTextSpan} from './anchors.js'
import {toRange} from './positions.js'
import type {KbWorkspace} from './workspace.js'

const MAX_WORKSPACE_SYMBOLS = 200

export function documentSymbols(note: NoteSummary, document: TextDocument): DocumentSymbol[] {
  const roots: DocumentSymbol[] = []
  const stack: Array<{depth: number; symbol: DocumentSymbol}> = []
  const lastLine = Math.max(0, document.lineCount - 1)
  note.headings.forEach((heading, index) => {
    const lineText = document
      .getText({start: {line: heading.line - 1, character: 0}, end: {line: heading.line, character: 0}})
      .replace(/\r?\n$/, '')
    // A heading's section ends before the next heading of the same or a higher level.
    const next = note.headings.slice(index + 1).find((other) => other.depth <= heading.depth)
    const endLine = next ? next.line - 2 : lastLine
    const end = Math.max(heading.line - 1, endLine)
    const symbol: DocumentSymbol = {
      name: heading.text || '(empty heading)',
      detail: '#'.repeat(heading.depth),
      kind: SymbolKind.String,
      range: {
        start: {line: heading.line - 1, character: 0},
        end: {
          line: end,
          character: document.getText({start: {line: end, character: 0}, end: {line: end + 1, character: 0}}).replace(/\r?\n$/, '').length
        }
      },
      selectionRange: toRange(headingTextSpan(lineText, heading)),
      children: []
    }
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= heading.depth) stack.pop()
    if (stack.length === 0) roots.push(symbol)
    else stack[stack.length - 1]!.symbol.children!.push(symbol)
    stack.push({depth: heading.depth, symbol})
  })
  return roots
}

export function workspaceSymbols(workspace: KbWorkspace, query: string): SymbolInformation[] {
  const base = workspace.base
  if (!base) return []
  const wanted = query.toLowerCase()
  const symbols: SymbolInformation[] = []
  for (const note of base.notes) {
    const names = [note.title, note.id, ...(note.aliases ?? [])].filter((name): name is string => typeof name === 'string')
    if (wanted !== '' && !names.some((name) => name.toLowerCase().includes(wanted))) continue
    symbols.push({
      name: note.title ?? note.id,
      kind: SymbolKind.File,
      containerName: note.id,
      location: {uri: workspace.uriOf(note.path), range: {start: {line: 0, character: 0}, end: {line: 0, character: 0}}}
    })
    if (symbols.length >= MAX_WORKSPACE_SYMBOLS) break
  }
  return symbols
}
