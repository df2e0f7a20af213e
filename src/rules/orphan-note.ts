/**
 * `orphan-note` [off by default]: a note that no other note links to, so a
 * reader can only find it by searching. Entry points (by default every note
 * named `index` or `README`, in any folder) are exempt.
 *
 * Any resolved reference counts as a link in: wiki link, embed, Markdown
 * link, frontmatter link; one differing only in letter case too (it already
 * gets `link-case-mismatch`). Self links do not count. Links to a folder do
 * not make the folder's notes reachable.
 */
import picomatch from 'picomatch'
import type {Base} from '../kb/model.js'
import type {Resolver} from '../kb/resolve.js'
import {referencesOf} from '../incremental/encoded-summary.js'
import {folderOf, pathKey} from '../kb/paths.js'
import type {BaseRule} from './types.js'

export const DEFAULT_ENTRY_POINTS = ['index', 'README']

export interface OrphanNoteOptions {
  /**
   * Notes that need no link in. An entry without `/` is a file name (no
   * `.md`) matched in every folder, case-insensitively; an entry with `/` is
   * a note id or a glob of ids (`docs/**`, `journal/*`).
   */
  entryPoints?: string[]
}

/** Ids of notes with at least one link in from another note. */
function linkedNotes(base: Base, resolver: Resolver): Set<string> {
  const linked = new Set<string>()
  for (const note of base.notes) {
    for (const reference of referencesOf(note)) {
      const resolution = resolver.resolve(reference, note)
      if (
        (resolution.status === 'resolved' || resolution.status === 'case-mismatch') &&
        resolution.kind === 'note' &&
        resolution.id !== note.id
      ) {
        linked.add(resolution.id)
      }
    }
  }
  return linked
}

interface EntryPoints {
  matches(id: string): boolean
  /** The first entry point of each folder (by note order), for the hint. */
  byFolder: Map<string, string>
}

function entryPoints(base: Base, entries: string[]): EntryPoints {
  const names = new Set(entries.filter((entry) => !entry.includes('/')).map((entry) => pathKey(entry.replace(/\.md$/i, '')).toLowerCase()))
  const globs = entries.filter((entry) => entry.includes('/')).map((entry) => pathKey(entry.replace(/^\/+/, '').replace(/\.md$/i, '')))
  const matchGlob = globs.length > 0 ? picomatch(globs, {dot: true}) : () => false
  const matches = (id: string): boolean => names.has(id.slice(id.lastIndexOf('/') + 1).toLowerCase()) || matchGlob(id)
  const byFolder = new Map<string, string>()
  for (const id of base.byId.keys()) {
    const folder = folderOf(id)
    if (!byFolder.has(folder) && matches(id)) byFolder.set(folder, id)
  }
  return {matches, byFolder}
}

export const orphanNote: BaseRule = {
  scope: 'base',
  meta: {
    id: 'orphan-note',
    description: 'A note that no other note links to (entry points such as `index` and `README` excepted).',
    defaultSeverity: 'off',
    reads: 'links',
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        entryPoints: {
          type: 'array',
          items: {type: 'string', minLength: 1},
          description:
            'Notes that need no link in (replaces the default ["index", "README"]): an entry without / is a file name matched in every folder, an entry with / is a note id or a glob of ids.'
        }
      }
    }
  },
  check({base, resolver, note, options, report, perPass}) {
    const entries = (options as OrphanNoteOptions | undefined)?.entryPoints ?? DEFAULT_ENTRY_POINTS
    // Worked out once per whole-base pass (options may differ between overrides).
    const entry = perPass(`entry-points:${JSON.stringify(entries)}`, () => entryPoints(base, entries))
    if (entry.matches(note.id)) return
    if (perPass('linked', () => linkedNotes(base, resolver)).has(note.id)) return
    const folder = folderOf(note.id)
    const folderIndex = entry.byFolder.get(folder)
    const hint = folderIndex
      ? `link it from \`${folderIndex}\` (or list the folder there with \`<!-- kb-lint:index folder="${folder}" -->\`)`
      : 'link it from a related note or an index note'
    report({
      reason: `No other note links to \`${note.id}\`: ${hint}, or add it to the rule's \`entryPoints\``,
      place: {start: {line: 1, column: 1, offset: 0}, end: {line: 1, column: 1, offset: 0}}
    })
  }
}
