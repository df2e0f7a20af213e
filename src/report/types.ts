import type {VFile} from 'vfile'

/**
 * Static description of a rule, as the reporters need it: the reporters'
 * own view (with the docs URL), so `report/` depends on no rule module.
 * `rules/index.ts` `ruleMetas()` makes these from each rule's `meta`.
 */
export interface RuleMeta {
  id: string
  description: string
  url: string
  defaultSeverity: 'error' | 'warn' | 'off'
  fixable?: boolean
}

export interface ReporterOptions {
  /** Paths are printed relative to this directory (forward slashes). */
  cwd: string
  /** All known rules (SARIF lists them in `tool.driver.rules`). */
  rules: RuleMeta[]
  /** Report errors only (drop warnings and infos). */
  quiet?: boolean
  /** ANSI colours; only the human formats use it. The CLI decides (TTY, NO_COLOR, FORCE_COLOR). */
  color?: boolean
  /** Keep lines within this many columns (the terminal width); only stylish uses it. Unset: no limit. */
  width?: number
  /** kb-lint's version, e.g. for SARIF `tool.driver.version`. */
  toolVersion: string
}

/** Turns the linted files into the text of one report (no trailing newline handling by the CLI needed). */
export type Reporter = (files: VFile[], options: ReporterOptions) => string
