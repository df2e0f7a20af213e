/**
 * How Quartz reads a link target and names a file, for the `absolute` and
 * `shortest` modes (Quartz's `CrawlLinks({markdownLinkResolution})`).
 *
 * This follows Quartz 4.5's `quartz/util/path.ts` (`slugifyFilePath`,
 * `transformInternalLink`, `transformLink`), so kb-lint's verdict on a link
 * equals the published site's: `scripts/compare-quartz.mjs` runs Quartz's own
 * code and kb-lint over the same links and lists every disagreement.
 *
 * What that code does, in short:
 * - Wiki links and Markdown links are treated alike (the target as written,
 *   percent-decoded).
 * - Every `.` and `..` segment is moved in front of the rest and then read
 *   from the site root: `../x`, `a/../x` and `../../x` all land on the root's
 *   `x`; a leading `./` or `/` is dropped.
 * - In `shortest`, a target that is then a bare name matches the one file
 *   whose last path segment has the same slug (several, or none: a path from
 *   the root).
 * - Files and targets are compared by slug (spaces become `-`, `&` `-and-`,
 *   `%` `-percent`, `?` and `#` dropped, `.md` removed), case-sensitively,
 *   like a web server.
 */

import type {Reference} from './model.js'

/**
 * The target part of a link exactly as written in the source: not
 * NFC-normalised, a Markdown destination still percent-encoded and without
 * `<…>`. Undefined when the source has no exact span for it.
 */
export function writtenTarget(reference: Reference): string | undefined {
  const span = reference.targetPosition
  const linkStart = reference.position.start.offset
  if (span?.start.offset === undefined || span.end.offset === undefined || linkStart === undefined) return undefined
  return reference.raw.slice(span.start.offset - linkStart, span.end.offset - linkStart)
}

/** A link target as Quartz reads it. */
export interface QuartzTarget {
  /** The path segments that are not `.`, `..` or empty, joined with `/`. */
  path: string
  /** It had a `..` segment: Quartz resolves it from the site root, never by name. */
  climbs: boolean
  /** The path is a single segment that `shortest` may match by file name. */
  bare: boolean
}

/** `decoded`: the target was percent-decoded already (Markdown destinations are, when extracted). */
export function readQuartzTarget(target: string, decoded: boolean): QuartzTarget {
  // NFC, as every id is: a name written (or percent-encoded) in NFD names the same note.
  const segments = (decoded ? target : safeDecodeUri(target))
    .normalize('NFC')
    .split('/')
    .filter((segment) => segment !== '')
  const climbs = segments.includes('..')
  const rest = segments.filter((segment) => segment !== '.' && segment !== '..')
  return {path: rest.join('/'), climbs, bare: !climbs && rest.length === 1}
}

/**
 * Quartz 4.5's wiki-link pattern (`wikilinkRegex` in
 * `quartz/plugins/transformers/ofm.ts`), anchored to one link: a target
 * without `#`, `|` or `\\`; at most one `#…` part; an alias without `#`.
 * Text it does not match — `[[note#A#B]]` (Obsidian's heading path),
 * `[[note|C# guide]]` — is not a link on the site: the page shows it as
 * written.
 */
const QUARTZ_WIKILINK = /^!?\[\[([^[\]|#\\]+)?(#+[^[\]|#\\]+)?(\\?\|[^[\]#]+)?\]\]$/

/** A wiki link or embed, as written, that Quartz renders as a link (`raw` from `Reference.raw`). */
export function quartzReadsWikiLink(raw: string): boolean {
  return QUARTZ_WIKILINK.test(raw)
}

/** `absolute` and `shortest` follow Quartz (this module); `relative` and `obsidian` do not. */
export function isQuartzMode(mode: string): boolean {
  return mode === 'absolute' || mode === 'shortest'
}

/** A target with a `..` segment, which the Quartz modes read from the site root (for messages). */
export function climbsFromSiteRoot(target: string, mode: string): boolean {
  return isQuartzMode(mode) && target.split('/').includes('..')
}

/** Quartz's `slugifyFilePath`: the slug a file (or a link target) is published under. */
export function quartzSlug(filePath: string): string {
  const trimmed = filePath.replace(/^\/+/, '')
  const extension = /\.[A-Za-z0-9]+$/.exec(trimmed)?.[0]
  const withoutExtension = extension === undefined ? trimmed : trimmed.slice(0, -extension.length)
  const keep = extension === undefined || extension === '.md' || extension === '.html' ? '' : extension
  let slug = withoutExtension
    .split('/')
    .map((segment) => segment.replace(/\s/g, '-').replace(/&/g, '-and-').replace(/%/g, '-percent').replace(/\?/g, '').replace(/#/g, ''))
    .join('/')
    .replace(/\/$/, '')
  if (slug === '_index' || slug.endsWith('/_index')) slug = slug.replace(/_index$/, 'index')
  return slug + keep
}

/** The last segment of a slug (what `shortest` compares a bare name with). */
export function slugName(slug: string): string {
  return slug.slice(slug.lastIndexOf('/') + 1)
}

/** `decodeURI`, keeping the text as written when it is not valid percent-encoding. */
export function safeDecodeUri(value: string): string {
  try {
    return decodeURI(value)
  } catch {
    return value
  }
}
