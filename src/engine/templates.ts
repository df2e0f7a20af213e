/**
 * Find the section templates the config names (`structure.templates`).
 *
 * A template is an ordinary note of the base, so its summary (and its `##`
 * headings) already exists from the per-file phase. A template the config's
 * `ignore` hides from linting is still a file inside the root: it goes through
 * the same per-file phase (`summarize`), once. A template that is not a
 * Markdown file inside the root is a config error.
 */
import fs from 'node:fs'
import path from 'node:path'
import {ConfigError} from '../config/load.js'
import type {Settings} from '../config/settings.js'
import type {NoteSummary} from '../kb/model.js'
import {isInside, pathKey} from '../kb/paths.js'
import {summarize} from './collect.js'

export function collectTemplates(root: string, summaries: NoteSummary[], settings: Settings): Map<string, NoteSummary> {
  const templates = new Map<string, NoteSummary>()
  if (!settings.templates || settings.templates.length === 0) return templates
  const byPath = new Map(summaries.map((note) => [pathKey(note.path), note]))
  for (const {path: relative, key} of settings.templates) {
    if (templates.has(relative)) continue
    const known = byPath.get(pathKey(relative))
    if (known) {
      templates.set(relative, known)
      continue
    }
    const absolute = path.resolve(root, relative)
    if (!isInside(root, absolute) || !relative.toLowerCase().endsWith('.md')) {
      throw new ConfigError(`\`${key}\` must be a Markdown file inside the base root: ${relative}`)
    }
    if (!fs.existsSync(absolute) || !fs.statSync(absolute).isFile()) {
      throw new ConfigError(`\`${key}\`: template ${relative} does not exist (paths are relative to the base root ${root})`)
    }
    // A symbolic link may not lead a template out of the base.
    if (!isInside(root, fs.realpathSync(absolute))) {
      throw new ConfigError(`\`${key}\` must be a Markdown file inside the base root: ${relative}`)
    }
    templates.set(relative, summarize({absolute, relative}, settings))
  }
  return templates
}
