import {findAnchor} from '../kb/anchors.js'
import {checkedTargetFix, replaced, targetSpellings, type LinkReading} from '../kb/link-check.js'
import {obsidianHeadingKeys} from '../kb/obsidian.js'
import type {Base, Fix, NoteSummary, Reference, Suggestion, TargetKind} from '../kb/model.js'
import {folderOf, pathKey} from '../kb/paths.js'
import type {Resolver} from '../kb/resolve.js'
import {suggestNote} from '../kb/suggest.js'
import {climbsFromSiteRoot, quartzReadsWikiLink} from '../kb/quartz-path.js'
import {isAttachmentTarget, quote} from './link-messages.js'
import type {BaseRule} from './types.js'

export const linkUnresolved: BaseRule = {
  scope: 'base',
  meta: {
    id: 'link-unresolved',
    description: 'A wiki link, embed or relative Markdown link whose target note, file or folder does not exist in the base.',
    defaultSeverity: 'error',
    reads: 'landmarks',
    // Fixed only when the target certainly moved: exactly one note (or file)
    // has its file name AND the base proves the move — the link's folder no
    // longer exists, or git history records the rename (checked by --fix).
    // Any other candidate is a suggestion, never applied by --fix.
    fixable: true,
    hasSuggestions: true
  },
  check({base, references, resolver, aliasFirst, note, report}) {
    const reading: LinkReading = {resolver, aliasFirst}
    for (const {reference, resolution, wanted} of references) {
      if (resolution.status !== 'unresolved') continue
      let reason: string
      let fix: Fix | undefined
      let suggestions: Suggestion[] | undefined
      let hidden: string | undefined
      const name = wanted.slice(wanted.lastIndexOf('/') + 1)
      // `[[../x]]` in a Quartz mode: say why the note's own folder was not used.
      const fromRoot = climbsFromSiteRoot(reference.target, resolver.mode) ? ' (Quartz reads `..` from the site root)' : ''
      if (resolution.why === 'not-a-link') {
        reason = `${quote(reference)} is not a link on Quartz: its wiki links take one \`#heading\` and an alias without \`#\`, so the page shows this text as written`
        const lastHeading = quartzHeadingPathFix(reference, note, base, resolver)
        if (lastHeading) {
          suggestions = [lastHeading]
          reason += `; did you mean \`${replaced(reference, lastHeading)}\`?`
        }
      } else if (resolution.why === 'outside') {
        reason = `Cannot resolve ${quote(reference)}: the link points outside the base`
      } else if (resolution.why === 'file-url') {
        reason = `Cannot resolve ${quote(reference)}: \`file:\` URLs point outside the base; link to a file of the base instead`
      } else if ((hidden = unpublishedTarget(wanted, reference, base)) !== undefined) {
        reason = `Cannot resolve ${quote(reference)}: \`${hidden}\` is not published (config \`unpublished\`)`
      } else if (reference.target.endsWith('/') && resolver.mode === 'obsidian') {
        reason = `Cannot resolve ${quote(reference)}: Obsidian links name notes and files, not folders`
      } else if (reference.target.endsWith('/')) {
        reason = `Cannot resolve ${quote(reference)}: no folder \`${wanted}\``
      } else if (isAttachmentTarget(reference.target)) {
        const moved = single(resolver.filesNamed(name))
        if (moved !== undefined) ({fix, suggestions} = movedTo(reference, note, 'attachment', moved, wanted, base, reading))
        reason = `Cannot resolve ${quote(reference)}: no file \`${wanted}\`${fromRoot}` + (moved ? `; did you mean \`${moved}\`?` : '')
      } else {
        const suggestion = suggestNote(wanted, resolver)
        const moved = single(resolver.notesNamed(name))
        if (moved !== undefined) ({fix, suggestions} = movedTo(reference, note, 'note', moved, wanted, base, reading))
        else if (suggestion !== undefined) suggestions = asSuggestions(spelled(reference, note, 'note', suggestion, reading))
        reason =
          `Cannot resolve ${quote(reference)}: no note \`${wanted}\`${fromRoot}` + (suggestion ? `; did you mean \`${suggestion}\`?` : '')
      }
      // Editors offer each suggestion (or the fix) as a code action replacing the whole link.
      const replacements = fix ? [fix] : (suggestions ?? [])
      const expected = replacements.length > 0 ? replacements.map((replacement) => replaced(reference, replacement)) : undefined
      report({reason, place: reference.position, expected, actual: expected ? reference.raw : reference.target, fix, suggestions})
    }
  }
}

/**
 * The link pointed at the one note or file with its file name. Certain — a
 * fix — when the link's folder no longer exists in the base (the target was
 * moved out of it); otherwise only a suggestion, which `--fix` applies when
 * git history records that very rename.
 */
function movedTo(
  reference: Reference,
  note: NoteSummary,
  kind: TargetKind,
  id: string,
  wanted: string,
  base: Base,
  reading: LinkReading
): {fix?: Fix; suggestions?: Suggestion[]} {
  const fix = spelled(reference, note, kind, id, reading)
  if (!fix) return {}
  const folder = folderOf(wanted)
  if (folder !== '' && !base.folders.has(folder)) return {fix}
  const to = kind === 'note' ? pathKey(base.byId.get(id)?.path ?? id + '.md') : id
  return {suggestions: [{...fix, renamed: {from: wanted, to}}]}
}

/**
 * The link retargeted at `id`, in the link's own form when that reads back
 * as `id` (else another spelling that does, kb/link-check.ts); none when no
 * spelling does — a name the link cannot express is never offered.
 */
function spelled(reference: Reference, note: NoteSummary, kind: TargetKind, id: string, reading: LinkReading): Fix | undefined {
  const {resolver} = reading
  const unique = (name: string) => (kind === 'note' ? resolver.notesNamed(name) : resolver.filesNamed(name)).length === 1
  const checked = checkedTargetFix(
    reference,
    targetSpellings(reference, {kind, id, fromId: note.id}, resolver.mode, unique),
    note,
    {kind, id},
    reading
  )
  return checked.ok ? checked.fix : undefined
}

/**
 * `[[note#A#B]]` (Obsidian's heading path) → `[[note#B]]`, when the target
 * note has a heading `B`: Quartz links to one heading. A suggestion, not a
 * fix: the note may have several headings `B`, and the path chose one.
 */
function quartzHeadingPathFix(reference: Reference, note: NoteSummary, base: Base, resolver: Resolver): Suggestion | undefined {
  const span = reference.anchorPosition
  const anchor = reference.anchor
  if (!span || span.start.offset === undefined || span.end.offset === undefined || anchor === undefined) return undefined
  const last = anchor.slice(anchor.lastIndexOf('#') + 1).trim()
  if (!anchor.includes('#') || last === '') return undefined
  const fixed = {start: span.start.offset, end: span.end.offset, text: last}
  const raw = replaced(reference, fixed)
  if (!quartzReadsWikiLink(raw)) return undefined
  const resolution = resolver.resolve({...reference, raw, anchor: last}, note)
  const target = resolution.status === 'resolved' && resolution.kind === 'note' ? base.byId.get(resolution.id) : undefined
  const found = target && !findAnchor(last, target, resolver.mode, {headingKeys: obsidianHeadingKeys, slugFragments: false})
  return found ? fixed : undefined
}

function asSuggestions(fix: Fix | undefined): Suggestion[] | undefined {
  return fix ? [fix] : undefined
}

/**
 * The unpublished file or folder (config `unpublished`) the link points at:
 * by path (`.md` optional), or — a bare name, as `shortest` mode writes it —
 * by file name.
 */
function unpublishedTarget(wanted: string, reference: Reference, base: Base): string | undefined {
  const unpublished = base.unpublished
  if (!unpublished || unpublished.size === 0) return undefined
  const path = wanted.endsWith('/') ? wanted.slice(0, -1) : wanted
  for (const candidate of [path, path + '.md']) if (unpublished.has(candidate)) return candidate
  if (reference.target.includes('/')) return undefined
  const names = [path, path + '.md']
  for (const file of unpublished) {
    const name = file.slice(file.lastIndexOf('/') + 1)
    if (names.includes(name)) return file
  }
  return undefined
}

function single(values: string[]): string | undefined {
  return values.length === 1 ? values[0] : undefined
}
