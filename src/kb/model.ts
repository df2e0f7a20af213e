/**
 * The base model: what the per-file phase extracts from one note, and what the
 * whole-base phase, the reporters and the emitters read.
 *
 * Everything here is plain JSON (no class instances, no syntax trees) on
 * purpose: a `NoteSummary` crosses worker-thread boundaries, is stored in the
 * cache, and is written by `--summary-out` for sharded runs. Keep it that way.
 */

/** 1-based line and column, 0-based offset into the decoded text (BOM removed). */
export interface Point {
  line: number
  column: number
  offset?: number
}

export interface Span {
  start: Point
  end: Point
}

/** How a note points at something. */
export type ReferenceKind = 'wikilink' | 'embed' | 'markdown' | 'frontmatter'

/**
 * One link occurrence, as written, with the position of each of its parts.
 * `target` is already unescaped / URL-decoded and NFC-normalised; `raw` is the
 * source text so messages can quote it exactly.
 */
export interface Reference {
  kind: ReferenceKind
  /** The link as written in the source, e.g. `[[a/b|Alias]]` or `[t](b.md#x)`. */
  raw: string
  /** Path part; empty for same-note links (`[[#Heading]]`, `[t](#slug)`). */
  target: string
  /** Heading text (wiki), slug (Markdown), or `^blockid`; undefined when absent. */
  anchor?: string
  alias?: string
  /** For Markdown links: the anchor is a slug (`#my-heading`) not heading text. */
  anchorIsSlug?: boolean
  /** True when written as an image (`![](x.png)`) — counts as an embed. */
  image?: boolean
  position: Span
  targetPosition?: Span
  anchorPosition?: Span
  aliasPosition?: Span
}

export interface Heading {
  text: string
  depth: number
  /** github-slugger slug, unique within the note (`-1`, `-2` suffixes). */
  slug: string
  line: number
  column: number
}

export interface BlockId {
  id: string
  line: number
  column: number
}

/** A fix: replace decoded-text offsets [start, end) with `text`. */
export interface Fix {
  start: number
  end: number
  text: string
}

/**
 * A replacement that is likely but not certain (another note that happens to
 * share the file name, a close spelling): shown in the message and offered to
 * editors as a code action (vfile-message `expected`), never applied by
 * `--fix` — unless it names a move that git history records (`renamed`).
 */
export interface Suggestion extends Fix {
  /** The target was moved: `from` (the link's path, NFC, from the root) is now `to` (a file of the base). */
  renamed?: {from: string; to: string}
}

/** A finding before severity is applied (severity comes from the config). */
export interface Finding {
  ruleId: string
  reason: string
  place: Span
  /** Suggested replacements (vfile-message `expected`). */
  expected?: string[]
  actual?: string
  /** A certainly right fix, applied by `--fix`. */
  fix?: Fix
  /** Likely fixes, for a person to choose (see `Suggestion`). */
  suggestions?: Suggestion[]
}

export interface FrontmatterInfo {
  /** A frontmatter block exists (even if its YAML is broken). */
  present: boolean
  /** The YAML parsed to a mapping. */
  valid: boolean
  data?: Record<string, unknown>
  /** Line (1-based, in the file) of each top-level key, for messages. */
  keyLines?: Record<string, number>
  /** Span of the whole frontmatter block in the file. */
  span?: Span
}

export interface NoteSummary {
  /** Path relative to the root as on disk (may be NFD), with `/`. */
  path: string
  /** Path relative to the root without `.md`, NFC, with `/`. */
  id: string
  /** sha1 of the file bytes. */
  hash: string
  frontmatter: FrontmatterInfo
  title?: string
  description?: string
  tags?: string[]
  aliases?: string[]
  headings: Heading[]
  blockIds: BlockId[]
  references: Reference[]
  /** Findings of the per-file rules (frontmatter, tables, encoding). */
  findings: Finding[]
  wordCount: number
  /** `kb-lint-disable` comments, in source order (absent when there are none). */
  suppressions?: Suppression[]
  /** Plain text, only when requested (content index `--text`; see kb/plain-text.ts). */
  text?: string
  /** Generated-index regions (`<!-- kb-lint:index … -->`), when the note has any. */
  indexRegions?: IndexRegion[]
}

/**
 * A marked region whose content kb-lint generates:
 * `<!-- kb-lint:index folder="a/b" -->` … `<!-- /kb-lint:index -->`.
 * Found in the per-file phase (kb/index-markers.ts); generated, checked
 * (`index-stale`) and rewritten (`kb-lint index --write`) from the base.
 */
export interface IndexRegion {
  /** Where the start marker is written (whole comment), for messages. */
  place: Span
  /** Attributes of the start marker as written (`folder`, `sort`, …). */
  attributes: Record<string, string>
  /** Decoded-text offsets of the content between the markers: [start, end). */
  start: number
  end: number
  /** The content between the markers, as in the file. */
  content: string
  /** The note's line ending, so generated lines match the file. */
  eol: '\n' | '\r\n'
  /** Why the region cannot be generated (unclosed, misplaced, unreadable attributes). */
  problem?: string
}

/** Everything the whole-base phase knows. Built from summaries; never parses. */
export interface Base {
  /** Absolute, real path of the root. */
  root: string
  notes: NoteSummary[]
  /** Every file below the root (notes and attachments), relative, NFC, `/`. */
  files: Set<string>
  /** Files and folders that are not published (config `unpublished`), relative, NFC: links to them are broken. */
  unpublished?: Set<string>
  /** Every folder below the root, relative, NFC, `/`, no trailing slash. */
  folders: Set<string>
  byId: Map<string, NoteSummary>
}

export type TargetKind = 'note' | 'attachment' | 'folder'

/** What a reference's target turned out to be. */
export type Resolution =
  | {status: 'resolved'; kind: TargetKind; id: string}
  /** Found only when ignoring case; `id` is the real one. */
  | {status: 'case-mismatch'; kind: TargetKind; id: string}
  | {status: 'ambiguous'; candidates: string[]}
  /** `not-a-link`: the publisher does not read the text as a link at all (Quartz's wiki-link pattern). */
  | {status: 'unresolved'; why: 'missing' | 'outside' | 'file-url' | 'not-a-link'}

/** A reference after resolution. */
export interface ResolvedReference {
  from: NoteSummary
  reference: Reference
  resolution: Resolution
  /** The normalised target used for lookup, also the id of a missing node. */
  wanted: string
}

/**
 * A `<!-- kb-lint-disable… -->` comment: which rules it silences on which
 * lines. Collected in the per-file phase, applied by the engine to every
 * finding of the note (file and base rules alike).
 */
export interface Suppression {
  /** `enable` only when it closes nothing (a stray enable, reported as unused). */
  directive: 'disable-next-line' | 'disable' | 'enable'
  /** The rule silenced; undefined means every rule (`disable a, b` makes one entry per id). */
  ruleId?: string
  /** The comment as written, for messages. */
  raw: string
  place: Span
  /** First and last line silenced; `toLine` undefined means to the end of the note. */
  fromLine: number
  toLine?: number
}
