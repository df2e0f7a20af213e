/**
 * `--format sarif`: SARIF 2.1.0 (GitHub code scanning, VS Code SARIF viewer,
 * Azure DevOps).
 *
 * Built as a plain object typed with `@types/sarif` rather than with
 * node-sarif-builder: that package (5.x) requires Node >= 22 (we support
 * 20.19) and a builder adds nothing over a typed literal for one run.
 *
 * - One run; `tool.driver.rules` lists every known rule (so `ruleIndex` is
 *   stable), with `defaultConfiguration.level` from the rule's default
 *   severity (`off` → level `none`, `enabled: false`).
 * - Levels: error → `error`, warning → `warning`, info → `note`.
 * - Artifact URIs are relative to `%SRCROOT%` (= `options.cwd`, also given
 *   as an absolute `file:` URI in `originalUriBaseIds`), with `/` separators
 *   and each segment percent-encoded (UTF-8), so Cyrillic names are valid
 *   URI references.
 * - Columns are UTF-16 code units (what unist/vfile count), declared in
 *   `run.columnKind`; SARIF's `endColumn` is exclusive, like unist's.
 */
import {pathToFileURL} from 'node:url'
import type {Log, ReportingConfiguration, ReportingDescriptor, Result, Region} from 'sarif'
import type {Reporter, RuleMeta} from './types.js'
import {entries, messageText, type Severity} from './util.js'

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json'
export const KB_LINT_INFORMATION_URI = 'https://github.com/kb-lint/kb-lint#readme'

const LEVEL: Record<Severity, Result.level> = {error: 'error', warning: 'warning', info: 'note'}

/** Relative path → URI reference: `/`-separated, each segment percent-encoded. */
export function pathToUriReference(relativePath: string): string {
  return relativePath
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/')
}

function ruleConfiguration(rule: RuleMeta): ReportingConfiguration {
  switch (rule.defaultSeverity) {
    case 'error':
      return {level: 'error'}
    case 'warn':
      return {level: 'warning'}
    default:
      return {level: 'none', enabled: false}
  }
}

function ruleDescriptor(rule: RuleMeta): ReportingDescriptor {
  const descriptor: ReportingDescriptor = {
    id: rule.id,
    shortDescription: {text: rule.description},
    defaultConfiguration: ruleConfiguration(rule)
  }
  if (rule.url) descriptor.helpUri = rule.url
  if (rule.fixable !== undefined) descriptor.properties = {fixable: rule.fixable}
  return descriptor
}

// Not exported: keeps `sarif` types (a devDependency) out of our .d.ts files.
function sarifLog(...[files, options]: Parameters<Reporter>): Log {
  const rules = options.rules.map(ruleDescriptor)
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.id, index]))
  let srcroot = pathToFileURL(options.cwd).href
  if (!srcroot.endsWith('/')) srcroot += '/'

  const results: Result[] = entries(files, options).map(({path, message, severity, range}) => {
    const result: Result = {
      level: LEVEL[severity],
      message: {text: messageText(message)}
    }
    if (message.ruleId) {
      result.ruleId = message.ruleId
      const index = ruleIndex.get(message.ruleId)
      if (index !== undefined) result.ruleIndex = index
    }
    if (path) {
      const region: Region | undefined =
        range.line === undefined
          ? undefined
          : {
              startLine: range.line,
              ...(range.column === undefined ? {} : {startColumn: range.column}),
              ...(range.endLine === undefined ? {} : {endLine: range.endLine}),
              ...(range.endColumn === undefined ? {} : {endColumn: range.endColumn})
            }
      result.locations = [
        {
          physicalLocation: {
            artifactLocation: {uri: pathToUriReference(path), uriBaseId: '%SRCROOT%'},
            ...(region ? {region} : {})
          }
        }
      ]
    }
    return result
  })

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kb-lint',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: KB_LINT_INFORMATION_URI,
            rules
          }
        },
        originalUriBaseIds: {'%SRCROOT%': {uri: srcroot}},
        columnKind: 'utf16CodeUnits',
        results
      }
    ]
  }
}

export const sarif: Reporter = (files, options) => JSON.stringify(sarifLog(files, options), undefined, 2)
