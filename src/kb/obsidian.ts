/**
 * How Obsidian (and Obsidian Publish) resolves a link: `links.resolution:
 * "obsidian"`.
 *
 * From Obsidian's help ("Internal links", "Link to blocks", "Aliases") and
 * what `app.metadataCache.getFirstLinkpathDest` is publicly reported to do:
 * - A link target matches note paths ignoring case; `.md` is optional, other
 *   files need their extension (`[[Figure 1.png]]`).
 * - A target with a path matches any note whose path ends with it
 *   (`[[guides/install]]` → `docs/guides/install.md`).
 * - Several matches are not an error: an exact path from the vault root
 *   wins, else the one in the linking note's own folder, else the one with
 *   the shortest path.
 * - `./x` and `../x` are relative to the linking note (and only that path).
 * - A bare name is not resolved through frontmatter `aliases` (the editor
 *   offers aliases; the link itself names the file).
 * - Markdown links (`[t](My%20Note.md)`) are looked up the same way, decoded.
 * - `#Heading` matches the heading text as written, ignoring case;
 *   `#A#B` is a heading path; `#^id` a block.
 *
 * Where the help and the public reports are silent, kb-lint chooses; every
 * such choice is in `OBSIDIAN_CHOICES` below, and the README's resolution
 * table says each.
 */
import {foldHeading} from './anchors.js'

export const OBSIDIAN_CHOICES = {
  /** Several candidates with paths of the same length: the first in code-point order. */
  tieBreak: 'code-point order',
  /** `[[/a/b]]`: a path from the vault root (exact only). */
  leadingSlash: 'vault root',
  /** `[[docs/]]`, `[t](./features)` naming only a folder: Obsidian opens no page for a folder, so the link is broken. */
  foldersAreTargets: false,
  /**
   * A heading link also matches the heading with Obsidian's link-breaking
   * characters (`[[`, `]]`, `|`, `#`, `^`, `:`) turned into spaces: what the
   * editor inserts for `## About [[c|bar]]`.
   */
  headingWithoutLinkCharacters: true,
  /** `#A#B`: every part must name a heading, each after the one before it. */
  headingPathInOrder: true
} as const

/**
 * The one candidate Obsidian opens. `candidates` are paths from the root (note
 * ids or file paths) that all match the link.
 */
export function pickObsidianCandidate(candidates: string[], fromFolder: string): string | undefined {
  if (candidates.length <= 1) return candidates[0]
  const inFolder = candidates.filter((candidate) => folderOfId(candidate) === fromFolder)
  const pool = inFolder.length > 0 ? inFolder : candidates
  return pool.reduce((best, candidate) =>
    candidate.length < best.length || (candidate.length === best.length && candidate < best) ? candidate : best
  )
}

/** Heading texts a link's `#Heading` part may be written as, folded for comparison. */
export function obsidianHeadingKeys(text: string): string[] {
  const folded = foldHeading(text)
  if (!OBSIDIAN_CHOICES.headingWithoutLinkCharacters) return [folded]
  const stripped = foldHeading(text.replace(/\[\[|\]\]|[|#^:]/g, ' '))
  return stripped === folded ? [folded] : [folded, stripped]
}

function folderOfId(id: string): string {
  const slash = id.lastIndexOf('/')
  return slash === -1 ? '' : id.slice(0, slash)
}
