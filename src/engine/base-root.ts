/**
 * Which folder is the base root. A config belongs to the base in its folder:
 * absolute links, `ignore` patterns and templates are read from there. So a
 * root given inside that folder (`check docs/devops` with
 * `docs/kb-lint.config.json`) or above it (`check .`) would silently change
 * what every absolute link means. Instead the config's folder is used as the
 * root, and a one-line notice says so:
 * - inside: the base is checked from the config's folder, and only the notes
 *   below the root given are reported (file-list mode with that folder);
 * - above: no config at or above the root given, and exactly one config
 *   below it (the outermost): that folder is the base. Several bases below
 *   are not guessed between: the notice names them.
 * An explicit `--config` (or a config object) keeps the root given.
 */
import path from 'node:path'
import {CONFIG_FILES, loadConfig} from '../config/load.js'
import type {KbLintConfig, LoadedConfig} from '../config/types.js'
import {isInside, toRelative} from '../kb/paths.js'
import {scanBase, type ScanResult} from './scan.js'

export interface BaseLocation {
  root: string
  config: LoadedConfig
  /** Inside case: the folder given, whose notes alone are reported. */
  within?: string
  /** What was decided, for the CLI to print on stderr (one line). */
  notice?: string
  /** A scan of `root` made while locating, with no config (reusable when `config` has none). */
  scan?: ScanResult
}

export async function locateBase(options: {root: string; cwd: string; configFile?: string; config?: KbLintConfig}): Promise<BaseLocation> {
  const given = options.root
  const config = await loadConfig({root: given, configFile: options.configFile, config: options.config})
  if (options.configFile || options.config) return {root: given, config}
  const shown = (folder: string) => `\`${toRelative(options.cwd, folder) || '.'}\``
  if (config.path) {
    if (config.directory === given || !isInside(config.directory, given)) return {root: given, config}
    return {
      root: config.directory,
      config,
      within: given,
      notice: `base root is ${shown(config.directory)} (where ${path.basename(config.path)} is), so links resolve from there; reporting on ${shown(given)} only`
    }
  }
  const scan = scanBase(given)
  const below = outermostConfigFolders(scan.files)
  if (below.length === 0) return {root: given, config, scan}
  if (below.length > 1) {
    const listed =
      below
        .slice(0, 3)
        .map((folder) => shown(path.join(given, folder)))
        .join(', ') + (below.length > 3 ? `, … (${below.length})` : '')
    return {
      root: given,
      config,
      scan,
      notice: `no config at or above ${shown(given)}; the configs below it (${listed}) are not used: check each base by its folder`
    }
  }
  const root = path.join(given, below[0]!)
  const found = await loadConfig({root})
  return {
    root,
    config: found,
    notice: `base root is ${shown(root)} (where ${path.basename(found.path ?? 'the config')} is); checking that folder`
  }
}

/** Folders (relative) below the root that hold a config file, none inside another. */
function outermostConfigFolders(files: readonly string[]): string[] {
  const names = new Set(CONFIG_FILES)
  const folders = files
    .filter((file) => file.includes('/') && names.has(file.slice(file.lastIndexOf('/') + 1)))
    .map((file) => file.slice(0, file.lastIndexOf('/')))
    .sort((a, b) => a.length - b.length)
  const outermost: string[] = []
  for (const folder of folders) if (!outermost.some((outer) => folder === outer || folder.startsWith(outer + '/'))) outermost.push(folder)
  return outermost.sort()
}
