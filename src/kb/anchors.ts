/**
 * Whether a link's `#fragment` lands on a heading or block of the target
 * note, as the publisher of the configured mode decides it.
 *
 * - Quartz (`absolute`, `shortest`) and web servers (`relative`): every
 *   heading gets the github-slugger slug of its rendered text (`-1`, `-2` for
 *   repeats), and a link's fragment — wiki or Markdown, heading text or slug,
 *   `%20` decoded — is slugged the same way (`slug(fragment)`, as Quartz's
 *   `splitAnchor` does). `#Two Words`, `#Two%20Words` and `#two-words` all
 *   land on `## Two Words`.
 * - Obsidian: the fragment is heading text, compared with the headings as
 *   written, ignoring case (`kb/obsidian.ts`); `#A#B` is a heading path.
 * - `#^id` is a block id (`^id` at the end of a paragraph) in every mode.
 */
import {slug} from 'github-slugger'
import type {Nodes} from 'mdast'
import type {WikiLink} from '../syntax/wiki-link/index.js'
import type {Heading, NoteSummary} from './model.js'
import type {ResolutionMode} from './resolve.js'

/** Heading text as compared ignoring case: NFC, trimmed, inner whitespace collapsed, lower case. */
export function foldHeading(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()
}

export type AnchorMiss = {kind: 'block'; id: string} | {kind: 'heading'}

interface Anchors {
  blocks: Set<string>
  slugs: Set<string>
  /** Obsidian: folded heading texts, by heading index. */
  keys?: string[][]
}

/** Each target note's anchors, prepared once per run (a note is linked many times). */
const anchorsOf = new WeakMap<NoteSummary, Anchors>()

function anchors(note: NoteSummary): Anchors {
  let found = anchorsOf.get(note)
  if (!found) {
    found = {blocks: new Set(note.blockIds.map((block) => block.id)), slugs: new Set(note.headings.map((heading) => heading.slug))}
    anchorsOf.set(note, found)
  }
  return found
}

/**
 * Undefined when `anchor` (as extracted: decoded, without `#`) exists in
 * `note`; otherwise what is missing. `obsidian` carries kb/obsidian.ts's
 * heading keys and whether this link's fragment may be a slug (passed in to
 * keep this module free of the mode's details).
 */
export function findAnchor(
  anchor: string,
  note: NoteSummary,
  mode: ResolutionMode,
  obsidian: {headingKeys: (text: string) => string[]; slugFragments: boolean}
): AnchorMiss | undefined {
  const known = anchors(note)
  if (anchor.startsWith('^')) {
    const id = anchor.slice(1)
    return known.blocks.has(id) ? undefined : {kind: 'block', id}
  }
  if (mode === 'obsidian') {
    if (obsidianHeadingPath(anchor, note, known, obsidian.headingKeys)) return undefined
    return obsidian.slugFragments && known.slugs.has(slug(anchor)) ? undefined : {kind: 'heading'}
  }
  // `[[note#Parent#Child]]` (Obsidian's heading path): the last part names the heading.
  const last = anchor.split('#').pop()!
  return known.slugs.has(slug(last)) ? undefined : {kind: 'heading'}
}

function obsidianHeadingPath(anchor: string, note: NoteSummary, known: Anchors, headingKeys: (text: string) => string[]): boolean {
  known.keys ??= note.headings.map((heading) => headingKeys(heading.text))
  const parts = anchor
    .split('#')
    .filter((part) => part.trim() !== '')
    .map(foldHeading)
  if (parts.length === 0) return true
  // Each part is a heading after the previous part's heading (a path down the outline).
  let from = 0
  let depth = 0
  for (const part of parts) {
    const index = findHeading(note.headings, known.keys, part, from, depth)
    if (index === -1) return false
    from = index + 1
    depth = note.headings[index]!.depth
  }
  return true
}

function findHeading(headings: Heading[], keys: string[][], part: string, from: number, deeperThan: number): number {
  for (let index = from; index < headings.length; index++) {
    const heading = headings[index]!
    // Leaving the parent's section: a heading at its level or above.
    if (deeperThan > 0 && heading.depth <= deeperThan) return -1
    if (keys[index]!.includes(part)) return index
  }
  return -1
}

/** The heading slug Quartz links a fragment to (for messages and suggestions). */
export function fragmentSlug(fragment: string): string {
  return slug(fragment)
}

/**
 * The text a heading shows once published, which Quartz (rehype-slug) slugs:
 * a wiki link shows its alias, else its target (Quartz's `alias ?? fp`), an
 * embed or image shows no text, inline HTML shows its text without tags.
 * `## About [[c|bar]]` → `About bar` → `about-bar`.
 */
export function renderedText(node: Nodes): string {
  switch (node.type) {
    case 'wikiLink': {
      const link = node as unknown as WikiLink
      return link.embed ? '' : (link.alias ?? link.target)
    }
    case 'html':
      return node.value.replace(/<[^>]*>/g, '')
    case 'image':
    case 'imageReference':
    // Quartz removes `%%…%%` before parsing.
    case 'obsidianComment':
      return ''
    default:
      if ('children' in node) return (node.children as Nodes[]).map(renderedText).join('')
      return 'value' in node ? String(node.value) : ''
  }
}
