/**
 * Path and id conventions of a base. One place decides how a file path
 * becomes a note id and how a link target becomes a lookup key, so the
 * scanner, the resolver and the emitters always agree.
 *
 * - Relative paths use `/`, never start with `/` or `./`.
 * - Ids and lookup keys are Unicode NFC: macOS writes NFD file names, writers
 *   type NFC, and both must meet.
 */
import path from 'node:path'

const posix = path.posix

/**
 * The form a path, note id or link target is compared in (NFC). A set or
 * map that must find a path however it was written (a file name from disk,
 * a link, a command-line argument, git's output) is keyed by it, and every
 * lookup in one goes through it. (A map only ever read with the same on-disk
 * path it was filled with, `NoteSummary.path`, needs no key.)
 */
export function pathKey(value: string): string {
  return value.normalize('NFC')
}

/** `a/b.md` → `a/b` (NFC). */
export function noteIdFromPath(relativePath: string): string {
  return stripMarkdownExtension(pathKey(relativePath))
}

export function isMarkdownPath(name: string): boolean {
  return /\.md$/i.test(name)
}

export function stripMarkdownExtension(value: string): string {
  return value.replace(/\.md$/i, '')
}

/** Relative path from `root` to `file`, with `/`. */
export function toRelative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/')
}

/**
 * `folder` + a relative path of the base (`/`-separated, no `.` or `..`
 * segments, as the scan makes them): what `path.join` gives, without
 * normalising again what needs none — a scan and a report call it for every
 * note. `folder` is absolute and normalised (a realpath, the root) or ''.
 */
export function joinBasePath(folder: string, relative: string): string {
  if (path.sep !== '/' || folder === '' || !PLAIN_PATH.test(relative)) return path.join(folder, relative)
  return folder.endsWith('/') ? folder + relative : folder + '/' + relative
}

/** The folder of a note id or relative path, '' at the root. */
export function folderOf(relativePath: string): string {
  const dir = posix.dirname(relativePath)
  return dir === '.' ? '' : dir
}

/**
 * Join and normalise a link path against a folder of the base. Returns
 * undefined when the result would leave the root: such a link is unresolved
 * and nothing outside the root is ever looked at.
 */
export function joinInsideRoot(folder: string, target: string): string | undefined {
  // Most targets are plain paths (no `.`/`..` segments, no `//`): join them
  // directly. This runs for every link of the base on every run.
  if (PLAIN_PATH.test(target)) {
    const trimmed = target.endsWith('/') ? target.slice(0, -1) : target
    return folder === '' ? trimmed : folder + '/' + trimmed
  }
  // `../../x/y.md`, the usual Markdown link between folders: climb, then join.
  const ups = LEADING_UPS.exec(target)
  if (ups && PLAIN_PATH.test(target.slice(ups[0].length))) {
    let base = folder
    for (let climb = ups[0].length / 3; climb > 0; climb--) {
      if (base === '') return undefined
      const slash = base.lastIndexOf('/')
      base = slash === -1 ? '' : base.slice(0, slash)
    }
    return joinInsideRoot(base, target.slice(ups[0].length))
  }
  const fromRoot = target.startsWith('/')
  const joined = fromRoot ? target.slice(1) : posix.join(folder, target)
  const normalised = posix.normalize(joined === '' ? '.' : joined).replace(/(.)\/$/, '$1')
  if (normalised === '..' || normalised.startsWith('../') || posix.isAbsolute(normalised)) {
    return undefined
  }
  return normalised === '.' ? '' : normalised
}

const LEADING_UPS = /^(?:\.\.\/)+/

/** No leading `/`, no empty, `.` or `..` segment (a single trailing `/` is allowed). */
const PLAIN_PATH = /^(?!\/)(?:(?!\.\.?(?:\/|$))[^/]+\/)*(?!\.\.?\/?$)[^/]+\/?$/

/**
 * A relative `/`-separated path that needs no normalising: no leading `/`,
 * no empty, `.` or `..` segment (as the scan makes them).
 */
export function isPlainPath(value: string): boolean {
  return PLAIN_PATH.test(value)
}

/** Whether `child` (absolute) is `parent` or inside it. */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child)
  // `..dots.md` is inside; only a `..` segment leaves.
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel))
}
