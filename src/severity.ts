/**
 * Severities and rule settings: the words the config and the rules share.
 * A module of its own so that neither `config/` nor `rules/` imports the
 * other for them (rules read config types; config never reads rule modules).
 */

export type Severity = 'off' | 'warn' | 'error'

/** A rule's entry in the config: a severity, or `[severity, options]`. */
export type RuleSetting = Severity | [Severity] | [Severity, unknown]

/** An enabled rule's settings for one note. */
export interface RuleConfig {
  severity: Exclude<Severity, 'off'>
  options: unknown
}

/** What `createSettings` needs to know of a rule: its id and default severity. */
export interface RuleDefaults {
  meta: {id: string; defaultSeverity: Severity}
}
