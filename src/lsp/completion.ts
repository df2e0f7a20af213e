/**
 * Completion of link targets, in the form the base's resolution mode reads:
 * after `[[` (or `![[`, or in a frontmatter value) note titles, paths and
 * aliases; after `[[target#` the target's headings; after `[[target#^` its
 * block ids; after `](` Markdown link paths (and `#` their heading slugs).
 *
 * The inserted target is spelled by kb/link-target.ts, the speller `--fix`
 * and `mv` use: a bare name in `shortest` mode when it is unique, a path
 * from the root in `absolute` mode, from the note's folder in `relative`.
 */
import {CompletionItemKind, type CompletionItem, type CompletionList, type Position, type Range} from 'vscode-languageserver'
import type {TextDocument} from 'vscode-languageserver-textdocument'
import {encodeDestination, spellTarget, styleForMode} from '../kb/link-target.js'
import type {NoteSummary, Reference, TargetKind} from '../kb/model.js'
import {isMarkdownPath} from '../kb/paths.js'
import {isQuartzMode} from '../kb/quartz-path.js'
import type {KbWorkspace} from './workspace.js'

/** More candidates than this: the list is cut and marked incomplete (the client asks again as the writer types). */
const MAX_ITEMS = 200

type Context =
  | {kind: 'target'; link: 'wikilink' | 'markdown'; typed: string; range: Range; embed: boolean}
  | {kind: 'heading'; link: 'wikilink' | 'markdown'; target: string; typed: string; range: Range}
  | {kind: 'block'; target: string; typed: string; range: Range}

export function completion(workspace: KbWorkspace, note: NoteSummary, document: TextDocument, position: Position): CompletionList | null {
  const line = document.getText({start: {line: position.line, character: 0}, end: position})
  const context = contextAt(line, position, workspace.settings?.aliasFirst === true)
  if (!context) return null
  if (context.kind === 'target') return targets(workspace, note, context)
  const target = resolveTarget(workspace, note, context.target, context.kind === 'heading' ? context.link : 'wikilink')
  if (!target) return null
  if (context.kind === 'block') {
    return {
      isIncomplete: false,
      items: target.blockIds.map((block) => ({
        label: '^' + block.id,
        kind: CompletionItemKind.Reference,
        filterText: block.id,
        textEdit: {range: context.range, newText: block.id}
      }))
    }
  }
  return {
    isIncomplete: false,
    items: target.headings.map((heading, index) => {
      const text = context.link === 'markdown' ? heading.slug : heading.text
      return {
        label: heading.text,
        kind: CompletionItemKind.Reference,
        detail: `${'#'.repeat(heading.depth)} ${heading.text}`,
        filterText: text,
        sortText: String(index).padStart(5, '0'),
        textEdit: {range: context.range, newText: text}
      }
    })
  }
}

/** Where the cursor is in a link, from the text before it on its line. */
function contextAt(before: string, position: Position, aliasFirst: boolean): Context | undefined {
  const rangeOf = (typed: string): Range => ({start: {line: position.line, character: position.character - typed.length}, end: position})
  const open = before.lastIndexOf('[[')
  if (open !== -1 && !before.slice(open).includes(']]')) {
    let inner = before.slice(open + 2)
    const pipe = inner.indexOf('|')
    if (pipe !== -1) {
      // `[[target|alias` (or Dendron's `[[alias|target`): complete only the target part.
      if (!aliasFirst) return undefined
      inner = inner.slice(pipe + 1)
    }
    const embed = before[open - 1] === '!'
    const block = inner.indexOf('#^')
    if (block !== -1)
      return {kind: 'block', target: inner.slice(0, block), typed: inner.slice(block + 2), range: rangeOf(inner.slice(block + 2))}
    const hash = inner.indexOf('#')
    if (hash !== -1) {
      const typed = inner.slice(inner.lastIndexOf('#') + 1)
      return {kind: 'heading', link: 'wikilink', target: inner.slice(0, hash), typed, range: rangeOf(typed)}
    }
    return {kind: 'target', link: 'wikilink', typed: inner, range: rangeOf(inner), embed}
  }
  const markdown = /\]\(<?([^()\s>]*)$/.exec(before)
  if (markdown) {
    const destination = markdown[1]!
    const hash = destination.indexOf('#')
    if (hash !== -1) {
      const typed = destination.slice(hash + 1)
      return {kind: 'heading', link: 'markdown', target: destination.slice(0, hash), typed, range: rangeOf(typed)}
    }
    return {kind: 'target', link: 'markdown', typed: destination, range: rangeOf(destination), embed: false}
  }
  return undefined
}

function resolveTarget(workspace: KbWorkspace, note: NoteSummary, written: string, link: 'wikilink' | 'markdown'): NoteSummary | undefined {
  const resolver = workspace.resolver()
  if (!resolver) return undefined
  const target = link === 'markdown' ? safeDecode(written) : written
  // The link's path alone, as a complete link: what is typed after `#` does not matter here.
  const raw = link === 'wikilink' ? `[[${written}]]` : `[t](${written})`
  const reference: Reference = {kind: link, raw, target, position: {start: {line: 1, column: 1}, end: {line: 1, column: 1}}}
  const resolution = resolver.resolve(reference, note)
  if (resolution.status !== 'resolved' && resolution.status !== 'case-mismatch') return undefined
  return resolution.kind === 'note' ? workspace.noteById(resolution.id) : undefined
}

function targets(workspace: KbWorkspace, note: NoteSummary, context: Extract<Context, {kind: 'target'}>): CompletionList | null {
  const base = workspace.base
  const resolver = workspace.resolver()
  const settings = workspace.settings
  if (!base || !resolver || !settings) return null
  const typed = (context.link === 'markdown' ? safeDecode(context.typed) : context.typed).toLowerCase()
  // A reference in the form being written: the speller keeps its style.
  const written: Reference = {
    kind: context.link,
    raw: '',
    target: context.link === 'markdown' ? 'x.md' : '',
    position: {start: {line: 1, column: 1}, end: {line: 1, column: 1}}
  }
  const style = styleForMode(written, resolver.mode)
  const spell = (kind: TargetKind, id: string): string => {
    const unique = (name: string) => (kind === 'note' ? resolver.notesNamed(name) : resolver.filesNamed(name)).length === 1
    const text = spellTarget(written, style, {kind, id, fromId: note.id}, unique)
    // Under Quartz (`absolute`, `shortest`) a name with `#` or `?` is reached by its slug.
    return context.link === 'markdown' ? encodeDestination(text, '', false, isQuartzMode(resolver.mode)) : text
  }
  const items: CompletionItem[] = []
  let incomplete = false
  const add = (item: CompletionItem, haystack: string): void => {
    if (typed !== '' && !haystack.toLowerCase().includes(typed)) return
    if (items.length >= MAX_ITEMS) {
      incomplete = true
      return
    }
    items.push(item)
  }
  const aliasFirst = settings.aliasFirst
  for (const target of base.notes) {
    if (target === note) continue
    const text = spell('note', target.id)
    const title = target.title ?? target.headings.find((heading) => heading.depth === 1)?.text
    add(
      {
        label: text,
        kind: CompletionItemKind.File,
        detail: title,
        documentation: target.description,
        filterText: `${text} ${title ?? ''}`,
        sortText: '1' + text,
        textEdit: {range: context.range, newText: text}
      },
      `${target.id} ${title ?? ''}`
    )
    if (context.link !== 'wikilink') continue
    for (const alias of target.aliases ?? []) {
      const newText = aliasFirst ? `${alias}|${text}` : `${text}|${alias}`
      add(
        {
          label: alias,
          kind: CompletionItemKind.Reference,
          detail: `alias of ${target.id}`,
          filterText: `${alias} ${text}`,
          sortText: '2' + alias,
          textEdit: {range: context.range, newText}
        },
        `${alias} ${target.id}`
      )
    }
  }
  // Attachments: for embeds and Markdown links (images, PDFs).
  if (context.embed || context.link === 'markdown') {
    for (const file of base.files) {
      if (isMarkdownPath(file)) continue
      const text = spell('attachment', file)
      add({label: text, kind: CompletionItemKind.File, sortText: '3' + text, textEdit: {range: context.range, newText: text}}, file)
    }
  }
  return {isIncomplete: incomplete, items}
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
