/**
 * `--format stylish` (the default for humans): vfile-reporter's output.
 *
 * - Paths are relative to `options.cwd`: vfile-reporter prints
 *   `file.history[0]` as given, so each file is re-wrapped in a VFile whose
 *   path is the relative one (messages are shared, not copied).
 * - Colour only when `options.color` is true (vfile-reporter would otherwise
 *   sniff the TTY itself; the CLI decides from TTY / NO_COLOR / FORCE_COLOR).
 * - Files without messages are not listed (vfile-reporter `quiet`), like
 *   ESLint's stylish: a knowledge base has thousands of clean notes.
 * - `options.quiet` → errors only (vfile-reporter `silent`).
 */
import {VFile} from 'vfile'
import {reporter} from 'vfile-reporter'
import type {Reporter} from './types.js'
import {sortedFiles} from './util.js'

/**
 * vfile-reporter spreads a file's rows into `push(...)`, which overflows the
 * stack past ~120,000 arguments: a file with more messages is shown as several
 * consecutive views of this many (same path, same order).
 */
const MESSAGES_PER_VIEW = 20_000

export const stylish: Reporter = (files, options) => {
  const views = sortedFiles(files, options.cwd).flatMap(({file, path}) => {
    const chunks: VFile[] = []
    const many = file.messages.length > MESSAGES_PER_VIEW
    // Sorted before splitting, so the views read in order (each view is sorted again by the reporter).
    const messages = many ? file.messages.slice().sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)) : file.messages
    for (let start = 0; start === 0 || start < messages.length; start += MESSAGES_PER_VIEW) {
      const view = new VFile({path: path || file.path})
      view.messages = many ? messages.slice(start, start + MESSAGES_PER_VIEW) : messages
      chunks.push(view)
    }
    return chunks
  })
  return reporter(views, {
    color: options.color === true,
    quiet: true,
    silent: options.quiet === true
  })
}
