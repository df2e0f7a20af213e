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

export const stylish: Reporter = (files, options) => {
  const views = sortedFiles(files, options.cwd).map(({file, path}) => {
    const view = new VFile({path: path || file.path})
    view.messages = file.messages
    return view
  })
  return reporter(views, {
    color: options.color === true,
    quiet: true,
    silent: options.quiet === true
  })
}
