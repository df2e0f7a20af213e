/**
 * `--format junit`: JUnit XML for CI test viewers (GitLab `artifacts:reports:junit`,
 * Jenkins JUnit plugin, Azure Pipelines, CircleCI).
 *
 *   <testsuites name="kb-lint" tests=… failures=… errors="0">
 *     <testsuite name="kb-lint" tests=… failures=… errors="0" skipped="0">
 *       <testcase classname="kb-lint" name="notes/a.md">
 *         <failure message="reason" type="rule-id">notes/a.md:3:5  error  …</failure>
 *         <system-out>notes/a.md:7:1  warning  …</system-out>
 *       </testcase>
 *
 * One testcase per linted file (so clean files count as passed tests).
 *
 * Warnings (and infos) do NOT become `<failure>`s: they don't fail kb-lint's
 * exit code either, and GitLab and Jenkins would count the file as a failed
 * test. They go to the testcase's `<system-out>`, one compact line each:
 * Jenkins shows it as the test's "Standard Output"; GitLab's test report
 * shows only failure text, so in GitLab warnings are best seen through the
 * `gitlab` (Code Quality) format. Every error is its own
 * `<failure message=… type=rule-id>`; since some viewers show only a
 * testcase's first failure prominently, each failure's body is a full compact
 * line (path:line:column, severity, message with suggestions, rule id, docs
 * URL). `failures` counts failed testcases, as JUnit does.
 *
 * Text is escaped for XML 1.0, characters XML 1.0 forbids (most C0 controls,
 * lone surrogates, U+FFFE/U+FFFF) are dropped, and line breaks/tabs in
 * attributes are written as character references so they survive attribute
 * value normalisation.
 */
import type {Reporter} from './types.js'
import {entries, messageText, sortedFiles, type Entry} from './util.js'

// Allowed in XML 1.0: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const ILLEGAL_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

export function stripIllegalXml(value: string): string {
  return value.replace(ILLEGAL_XML, '')
}

/** Escape for element content. `>` is escaped too (for `]]>`). */
export function escapeXmlText(value: string): string {
  return stripIllegalXml(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Escape for a double-quoted attribute value. */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
}

function line(entry: Entry): string {
  const {path, message, severity, range} = entry
  const parts = [`${path}:${range.line ?? 0}:${range.column ?? 0}`, severity, messageText(message)]
  if (message.ruleId) parts.push(message.ruleId)
  let text = parts.join('  ')
  if (message.url) text += `\n  ${message.url}`
  return text
}

export const junit: Reporter = (files, options) => {
  const byFile = new Map<string, Entry[]>()
  for (const entry of entries(files, options)) {
    const list = byFile.get(entry.path) ?? []
    list.push(entry)
    byFile.set(entry.path, list)
  }

  const cases: string[] = []
  let failed = 0
  const seen = new Set<string>()
  for (const {path} of sortedFiles(files, options.cwd)) {
    if (seen.has(path)) continue
    seen.add(path)
    const list = byFile.get(path) ?? []
    const errors = list.filter((e) => e.severity === 'error')
    const others = list.filter((e) => e.severity !== 'error')
    if (errors.length > 0) failed++
    const open = `    <testcase classname="kb-lint" name="${escapeXmlAttribute(path)}" time="0"`
    if (list.length === 0) {
      cases.push(`${open}/>`)
      continue
    }
    const body: string[] = []
    for (const entry of errors) {
      const type = entry.message.ruleId ?? 'kb-lint'
      body.push(
        `      <failure message="${escapeXmlAttribute(messageText(entry.message))}" type="${escapeXmlAttribute(type)}">` +
          `${escapeXmlText(line(entry))}</failure>`
      )
    }
    if (others.length > 0) {
      body.push(`      <system-out>${escapeXmlText(others.map(line).join('\n'))}</system-out>`)
    }
    cases.push(`${open}>\n${body.join('\n')}\n    </testcase>`)
  }

  const counts = `tests="${seen.size}" failures="${failed}" errors="0"`
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kb-lint" ${counts}>`,
    `  <testsuite name="kb-lint" ${counts} skipped="0" time="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>'
  ].join('\n')
}
