import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import AjvDraft04 from 'ajv-draft-04'
import addFormatsPlugin from 'ajv-formats'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {reporterJson} from 'vfile-reporter-json'
import type {Log} from 'sarif'
import {formatNames, isFormatName, reporters, type ReporterOptions, type RuleMeta} from '../src/report/index.js'
import {escapeData, escapeProperty} from '../src/report/github.js'
import {escapeXmlAttribute, escapeXmlText, stripIllegalXml} from '../src/report/junit.js'
import {pathToUriReference} from '../src/report/sarif.js'
import {relativeTo} from '../src/report/util.js'

// ---------------------------------------------------------------------------
// Fixture: four files under a fake root, messages chosen to break naive
// escaping (%, comma, colon, newlines, <, &, quotes, control characters),
// Cyrillic and special characters in paths, a clean file, a message with no
// position and no rule id, a point-only place, a multi-line range, and two
// identical messages on one line.
// ---------------------------------------------------------------------------

const cwd = path.resolve('/tmp/kb-root')
const here = path.dirname(fileURLToPath(import.meta.url))

const rules: RuleMeta[] = [
  {
    id: 'link-unresolved',
    description: 'Links must resolve to a note',
    url: 'https://kb-lint.dev/rules/link-unresolved',
    defaultSeverity: 'error',
    fixable: false
  },
  {
    id: 'heading-duplicate',
    description: 'Headings should be unique',
    url: 'https://kb-lint.dev/rules/heading-duplicate',
    defaultSeverity: 'warn'
  },
  {
    id: 'note-orphan',
    description: 'Notes should be linked from somewhere',
    url: 'https://kb-lint.dev/rules/note-orphan',
    defaultSeverity: 'off'
  },
  {
    id: 'table-columns',
    description: 'Table rows need as many cells as the header',
    url: 'https://kb-lint.dev/rules/table-columns',
    defaultSeverity: 'error',
    fixable: true
  },
  {
    id: 'frontmatter-invalid',
    description: 'Frontmatter must be valid YAML',
    url: 'https://kb-lint.dev/rules/frontmatter-invalid',
    defaultSeverity: 'warn'
  }
]

const options: ReporterOptions = {cwd, rules, toolVersion: '1.2.3'}

type Sev = 'error' | 'warning' | 'info'

interface Spec {
  file: string
  reason: string
  ruleId?: string
  severity: Sev
  start?: {line: number; column: number}
  end?: {line: number; column: number}
  /** place given as a point (no end). */
  point?: boolean
  expected?: string[]
  actual?: string
}

const NASTY = 'Cannot resolve [[Мир, 100%: "a<b>&c" \'q\']]'

const specs: Spec[] = [
  {
    file: 'заметки/Привет мир.md',
    reason: 'Note has no incoming links',
    ruleId: 'note-orphan',
    severity: 'info',
    start: {line: 1, column: 1},
    point: true
  },
  {
    file: 'заметки/Привет мир.md',
    reason: NASTY,
    ruleId: 'link-unresolved',
    severity: 'error',
    start: {line: 3, column: 5},
    end: {line: 3, column: 20},
    expected: ['Мир.md'],
    actual: 'Мир'
  },
  {
    file: 'заметки/Привет мир.md',
    reason: 'Duplicate heading\nsecond line: it\'s "quoted" & <b>',
    ruleId: 'heading-duplicate',
    severity: 'warning',
    start: {line: 7, column: 1},
    end: {line: 7, column: 10}
  },
  {
    file: 'заметки/Привет мир.md',
    reason: 'Row has 3 cells, expected 2\r\nsee table',
    ruleId: 'table-columns',
    severity: 'error',
    start: {line: 10, column: 2},
    end: {line: 12, column: 4}
  },
  {
    file: 'dir/c,d:e%.md',
    reason: 'Bad value \u0001 here \uFFFE!',
    ruleId: 'frontmatter-invalid',
    severity: 'warning',
    start: {line: 1, column: 1},
    end: {line: 1, column: 8}
  },
  {
    file: 'dir/c,d:e%.md',
    reason: 'Cannot resolve [[x]]',
    ruleId: 'link-unresolved',
    severity: 'error',
    start: {line: 2, column: 10},
    end: {line: 2, column: 15},
    expected: ['x.md', 'y.md']
  },
  {
    file: 'dir/c,d:e%.md',
    reason: 'Cannot resolve [[x]]',
    ruleId: 'link-unresolved',
    severity: 'error',
    start: {line: 2, column: 1},
    end: {line: 2, column: 6},
    expected: ['x.md', 'y.md']
  },
  {file: 'd.md', reason: 'File could not be read', severity: 'error'}
]

const fileNames = ['заметки/Привет мир.md', 'b.md', 'dir/c,d:e%.md', 'd.md']

function buildFiles(order: string[] = fileNames, reverseMessages = false): VFile[] {
  return order.map((name) => {
    const file = new VFile({path: path.join(cwd, name), cwd})
    const own = specs.filter((s) => s.file === name)
    for (const spec of reverseMessages ? [...own].reverse() : own) {
      const place = spec.start ? (spec.point ? spec.start : {start: spec.start, end: spec.end ?? spec.start}) : undefined
      const message = file.message(spec.reason, {place, ruleId: spec.ruleId, source: 'kb-lint'})
      message.fatal = spec.severity === 'error' ? true : spec.severity === 'warning' ? false : undefined
      if (spec.ruleId) message.url = rules.find((r) => r.id === spec.ruleId)?.url
      if (spec.expected) message.expected = spec.expected
      if (spec.actual) message.actual = spec.actual
    }
    return file
  })
}

/** What every format should say for a message: reason plus suggestions. */
function text(spec: Spec): string {
  if (!spec.expected) return spec.reason
  return `${spec.reason} (${spec.expected.length === 1 ? 'did you mean' : 'did you mean one of'}: ${spec.expected.join(', ')})`
}

const errors = specs.filter((s) => s.severity === 'error')

// ---------------------------------------------------------------------------

describe('paths in reports', () => {
  it('are relative to cwd with `/`, taken as they are only when already plain', () => {
    const cwd = path.resolve('/tmp/kb')
    expect(relativeTo(cwd, 'notes/Заметка.md')).toBe('notes/Заметка.md')
    expect(relativeTo(cwd, path.join(cwd, 'notes', 'a.md'))).toBe('notes/a.md')
    expect(relativeTo(cwd, './notes/../a.md')).toBe('a.md')
    expect(relativeTo(cwd, 'notes//a.md')).toBe('notes/a.md')
    expect(relativeTo(cwd, '../other/a.md')).toBe('../other/a.md')
    expect(relativeTo(cwd, '.hidden/a.md')).toBe('.hidden/a.md')
    expect(relativeTo(cwd, '')).toBe('')
  })
})

describe('index', () => {
  it('has one reporter per format name', () => {
    expect(Object.keys(reporters).sort()).toEqual([...formatNames].sort())
    expect(isFormatName('sarif')).toBe(true)
    expect(isFormatName('xml')).toBe(false)
    for (const name of formatNames) expect(typeof reporters[name](buildFiles(), options)).toBe('string')
  })
})

describe('compact', () => {
  it('prints one sorted line per message', () => {
    expect(reporters.compact(buildFiles(), options).split('\n')).toEqual([
      'd.md:0:0  error  File could not be read',
      'dir/c,d:e%.md:1:1  warning  Bad value \u0001 here \uFFFE!  frontmatter-invalid',
      'dir/c,d:e%.md:2:1  error  Cannot resolve [[x]]  link-unresolved',
      'dir/c,d:e%.md:2:10  error  Cannot resolve [[x]]  link-unresolved',
      'заметки/Привет мир.md:1:1  info  Note has no incoming links  note-orphan',
      `заметки/Привет мир.md:3:5  error  ${NASTY}  link-unresolved`,
      'заметки/Привет мир.md:7:1  warning  Duplicate heading\\nsecond line: it\'s "quoted" & <b>  heading-duplicate',
      'заметки/Привет мир.md:10:2  error  Row has 3 cells, expected 2\\nsee table  table-columns'
    ])
  })

  it('does not depend on file or message order', () => {
    const shuffled = buildFiles([...fileNames].reverse(), true)
    expect(reporters.compact(shuffled, options)).toBe(reporters.compact(buildFiles(), options))
  })

  it('quiet keeps errors only; no files → empty string', () => {
    const lines = reporters.compact(buildFiles(), {...options, quiet: true}).split('\n')
    expect(lines).toHaveLength(errors.length)
    expect(lines.every((l) => l.includes('  error  '))).toBe(true)
    expect(reporters.compact([], options)).toBe('')
  })
})

// --- GitHub ----------------------------------------------------------------

function unescapeData(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function unescapeProperty(value: string): string {
  return value.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

interface Command {
  command: string
  properties: Record<string, string>
  message: string
}

function parseCommand(line: string): Command {
  const match = /^::([a-z]+)(?: ([^:]*))?::(.*)$/s.exec(line)
  if (!match) throw new Error(`not a workflow command: ${line}`)
  const properties: Record<string, string> = {}
  for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=')
    properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1))
  }
  return {command: match[1]!, properties, message: unescapeData(match[3]!)}
}

describe('github', () => {
  it('escapes like @actions/core', () => {
    expect(escapeData('a%b\r\nc:d,e')).toBe('a%25b%0D%0Ac:d,e')
    expect(escapeProperty('a%b\r\nc:d,e')).toBe('a%25b%0D%0Ac%3Ad%2Ce')
    // `%` is escaped first, so an input that looks escaped survives a round trip.
    expect(unescapeProperty(escapeProperty('%2C%3A%25'))).toBe('%2C%3A%25')
  })

  it('one line per message, parsed back equal to the inputs', () => {
    const output = reporters.github(buildFiles(), options)
    const lines = output.split('\n')
    expect(lines).toHaveLength(specs.length)
    const parsed = lines.map(parseCommand)

    const expected = specs.map((spec) => {
      const props: Record<string, string> = {file: spec.file}
      if (spec.start) {
        props.line = String(spec.start.line)
        const end = spec.point ? undefined : spec.end
        if (end) props.endLine = String(end.line)
        if (!end || end.line === spec.start.line) {
          props.col = String(spec.start.column)
          if (end) props.endColumn = String(end.column)
        }
      }
      if (spec.ruleId) props.title = spec.ruleId
      return {
        command: spec.severity === 'info' ? 'notice' : spec.severity,
        properties: props,
        message: text(spec)
      }
    })
    const key = (c: Command): string => JSON.stringify([c.properties.file, Number(c.properties.line ?? 0), Number(c.properties.col ?? 0)])
    expect([...parsed].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...expected].sort((a, b) => key(a).localeCompare(key(b))))
  })

  it('keeps the property order of the documented syntax', () => {
    const line = reporters
      .github(buildFiles(), options)
      .split('\n')
      .find((l) => l.includes('title=heading-duplicate'))
    expect(line).toMatch(/^::warning file=[^,]+,line=7,col=1,endLine=7,endColumn=10,title=heading-duplicate::/)
  })

  it('leaves out columns for a multi-line range (not allowed by GitHub)', () => {
    const line = reporters
      .github(buildFiles(), options)
      .split('\n')
      .find((l) => l.includes('title=table-columns'))!
    expect(parseCommand(line).properties).toEqual({
      file: 'заметки/Привет мир.md',
      line: '10',
      endLine: '12',
      title: 'table-columns'
    })
  })

  it('quiet → only ::error', () => {
    const lines = reporters.github(buildFiles(), {...options, quiet: true}).split('\n')
    expect(lines).toHaveLength(errors.length)
    expect(lines.every((l) => l.startsWith('::error'))).toBe(true)
  })
})

// --- SARIF -----------------------------------------------------------------

const sarifSchema = JSON.parse(readFileSync(path.join(here, 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as object

function sarifValidator() {
  // ajv-draft-04 / ajv-formats are CommonJS (`module.exports = X; exports.default = X`):
  // under NodeNext the default import types as the module, whose `.default` is X.
  const Ajv = AjvDraft04.default
  const addFormats = addFormatsPlugin.default
  const ajv = new Ajv({allErrors: true, strict: false})
  addFormats(ajv)
  return ajv.compile(sarifSchema)
}

function decodeUriReference(uri: string): string {
  return uri.split('/').map(decodeURIComponent).join('/')
}

describe('sarif', () => {
  const validate = sarifValidator()

  it('is valid against the official SARIF 2.1.0 schema', () => {
    for (const opts of [options, {...options, quiet: true}]) {
      const log = JSON.parse(reporters.sarif(buildFiles(), opts)) as unknown
      const ok = validate(log)
      expect(validate.errors ?? []).toEqual([])
      expect(ok).toBe(true)
    }
    expect(validate(JSON.parse(reporters.sarif([], options)))).toBe(true)
  })

  it('the schema check is not vacuous', () => {
    const log = JSON.parse(reporters.sarif(buildFiles(), options)) as Log
    log.runs[0]!.results![0]!.level = 'fatal' as never
    expect(validate(log)).toBe(false)
    const log2 = JSON.parse(reporters.sarif(buildFiles(), options)) as Log
    const withRegion = log2.runs[0]!.results!.find((r) => r.locations?.[0]?.physicalLocation?.region)!
    ;(withRegion.locations![0]!.physicalLocation!.region as Record<string, unknown>).startLine = 0
    expect(validate(log2)).toBe(false)
  })

  it('describes the tool and its rules', () => {
    const log = JSON.parse(reporters.sarif(buildFiles(), options)) as Log
    expect(log.version).toBe('2.1.0')
    expect(log.runs).toHaveLength(1)
    const run = log.runs[0]!
    expect(run.tool.driver.name).toBe('kb-lint')
    expect(run.tool.driver.version).toBe('1.2.3')
    expect(run.tool.driver.informationUri).toMatch(/^https:\/\//)
    expect(run.tool.driver.rules!.map((r) => r.id)).toEqual(rules.map((r) => r.id))
    expect(run.tool.driver.rules![0]).toMatchObject({
      id: 'link-unresolved',
      shortDescription: {text: 'Links must resolve to a note'},
      helpUri: 'https://kb-lint.dev/rules/link-unresolved',
      defaultConfiguration: {level: 'error'}
    })
    expect(run.tool.driver.rules!.map((r) => r.defaultConfiguration?.level)).toEqual(['error', 'warning', 'none', 'error', 'warning'])
    expect(run.tool.driver.rules![2]!.defaultConfiguration!.enabled).toBe(false)
    expect(run.originalUriBaseIds!['%SRCROOT%']!.uri).toBe(pathToFileURL(cwd).href + '/')
  })

  it('maps every message to a result with level, ruleIndex, message and region', () => {
    const run = (JSON.parse(reporters.sarif(buildFiles(), options)) as Log).runs[0]!
    const results = run.results!
    expect(results).toHaveLength(specs.length)
    for (const spec of specs) {
      const match = results.filter(
        (r) =>
          r.message.text === text(spec) &&
          decodeUriReference(r.locations![0]!.physicalLocation!.artifactLocation!.uri!) === spec.file &&
          (r.locations![0]!.physicalLocation!.region?.startColumn ?? 0) === (spec.start?.column ?? 0)
      )
      expect(match, spec.reason).toHaveLength(1)
      const result = match[0]!
      expect(result.level).toBe({error: 'error', warning: 'warning', info: 'note'}[spec.severity])
      expect(result.ruleId).toBe(spec.ruleId)
      if (spec.ruleId) expect(run.tool.driver.rules![result.ruleIndex!]!.id).toBe(spec.ruleId)
      else expect(result.ruleIndex).toBeUndefined()
      const location = result.locations![0]!.physicalLocation!
      expect(location.artifactLocation!.uriBaseId).toBe('%SRCROOT%')
      if (!spec.start) {
        expect(location.region).toBeUndefined()
      } else {
        const end = spec.point ? undefined : spec.end
        expect(location.region).toEqual({
          startLine: spec.start.line,
          startColumn: spec.start.column,
          ...(end ? {endLine: end.line, endColumn: end.column} : {})
        })
      }
    }
  })

  it('percent-encodes paths as relative URI references with forward slashes', () => {
    expect(pathToUriReference('заметки/Привет мир.md')).toBe(
      '%D0%B7%D0%B0%D0%BC%D0%B5%D1%82%D0%BA%D0%B8/%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82%20%D0%BC%D0%B8%D1%80.md'
    )
    expect(pathToUriReference('dir/c,d:e%.md')).toBe('dir/c%2Cd%3Ae%25.md')
    const run = (JSON.parse(reporters.sarif(buildFiles(), options)) as Log).runs[0]!
    const uris = new Set(run.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri!))
    for (const uri of uris) {
      expect(uri).toMatch(/^[\x21-\x7E]+$/)
      expect(uri).not.toMatch(/^\/|\\/)
      // Resolves under the base without escaping it (no `:` scheme confusion).
      expect(new URL(uri, 'file:///root/').href.startsWith('file:///root/')).toBe(true)
    }
    expect([...uris].map(decodeUriReference).sort()).toEqual(['d.md', 'dir/c,d:e%.md', 'заметки/Привет мир.md'].sort())
  })
})

// --- JUnit -----------------------------------------------------------------

interface JUnitCase {
  '@_classname': string
  '@_name': string
  failure?: Array<{'@_message': string; '@_type': string; '#text': string}>
  'system-out'?: string
}

function parseJUnit(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true)
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (name) => name === 'testcase' || name === 'failure'
  })
  return parser.parse(xml) as {
    testsuites: {
      '@_tests': string
      '@_failures': string
      testsuite: {'@_name': string; '@_tests': string; '@_failures': string; testcase: JUnitCase[]}
    }
  }
}

describe('junit', () => {
  it('escapes and strips characters XML 1.0 does not allow', () => {
    expect(stripIllegalXml('a\u0000b\u0001c\u0008d\u000Be\u001Ff\tg\nh\ri\uFFFEj\uFFFFk\uD800l\u{1F600}')).toBe(
      'abcdef\tg\nh\rijkl\u{1F600}'
    )
    expect(escapeXmlText('<a & b>]]>')).toBe('&lt;a &amp; b&gt;]]&gt;')
    expect(escapeXmlAttribute('"x" \'y\'\n\t<&>')).toBe('&quot;x&quot; &apos;y&apos;&#10;&#9;&lt;&amp;&gt;')
  })

  it('is well-formed XML with one testcase per file and one failure per error', () => {
    const xml = reporters.junit(buildFiles(), options)
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true)
    const doc = parseJUnit(xml)
    const suite = doc.testsuites.testsuite
    expect(suite['@_name']).toBe('kb-lint')
    expect(suite.testcase.map((t) => t['@_name']).sort()).toEqual([...fileNames].sort())
    expect(suite.testcase.every((t) => t['@_classname'] === 'kb-lint')).toBe(true)
    expect(suite['@_tests']).toBe(String(fileNames.length))
    const filesWithErrors = new Set(errors.map((e) => e.file))
    expect(suite['@_failures']).toBe(String(filesWithErrors.size))
    expect(doc.testsuites['@_failures']).toBe(String(filesWithErrors.size))

    for (const testcase of suite.testcase) {
      const own = specs.filter((s) => s.file === testcase['@_name'])
      const ownErrors = own.filter((s) => s.severity === 'error')
      const failures = testcase.failure ?? []
      expect(failures).toHaveLength(ownErrors.length)
      // Attribute values survive escaping, except characters XML cannot carry.
      expect(failures.map((f) => f['@_message']).sort()).toEqual(ownErrors.map((s) => stripIllegalXml(text(s))).sort())
      expect(failures.map((f) => f['@_type']).sort()).toEqual(ownErrors.map((s) => s.ruleId ?? 'kb-lint').sort())
      for (const failure of failures) expect(failure['#text']).toContain(`${testcase['@_name']}:`)

      const others = own.filter((s) => s.severity !== 'error')
      if (others.length === 0) {
        expect(testcase['system-out']).toBeUndefined()
      } else {
        const out = testcase['system-out']!
        for (const spec of others) expect(out).toContain(stripIllegalXml(text(spec)).replace(/\r\n?/g, '\n'))
        expect(out).not.toMatch(/[\u0001\uFFFE]/)
      }
    }
  })

  it('quiet drops warnings but still lists every file', () => {
    const doc = parseJUnit(reporters.junit(buildFiles(), {...options, quiet: true}))
    const cases = doc.testsuites.testsuite.testcase
    expect(cases).toHaveLength(fileNames.length)
    expect(cases.some((t) => t['system-out'] !== undefined)).toBe(false)
    expect(parseJUnit(reporters.junit([], options)).testsuites['@_tests']).toBe('0')
  })
})

// --- GitLab ----------------------------------------------------------------

interface Issue {
  description: string
  check_name: string
  fingerprint: string
  severity: string
  location: {path: string; lines: {begin: number; end?: number}}
}

describe('gitlab', () => {
  const issues = JSON.parse(reporters.gitlab(buildFiles(), options)) as Issue[]

  it('has the documented fields for every message', () => {
    expect(issues).toHaveLength(specs.length)
    for (const issue of issues) {
      expect(Object.keys(issue).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity'])
      expect(['info', 'minor', 'major']).toContain(issue.severity)
      expect(Number.isInteger(issue.location.lines.begin)).toBe(true)
      expect(issue.location.lines.begin).toBeGreaterThanOrEqual(1)
      expect(fileNames).toContain(issue.location.path)
    }
    const nasty = issues.find((i) => i.description.startsWith(NASTY))!
    expect(nasty).toMatchObject({
      check_name: 'link-unresolved',
      severity: 'major',
      description: `${NASTY} (did you mean: Мир.md)`,
      location: {path: 'заметки/Привет мир.md', lines: {begin: 3}}
    })
    expect(issues.find((i) => i.check_name === 'heading-duplicate')!.severity).toBe('minor')
    expect(issues.find((i) => i.check_name === 'note-orphan')!.severity).toBe('info')
    expect(issues.find((i) => i.check_name === 'table-columns')!.location.lines).toEqual({begin: 10, end: 12})
    expect(issues.find((i) => i.check_name === 'kb-lint')!.location).toEqual({path: 'd.md', lines: {begin: 1}})
  })

  it('fingerprints are unique (even for identical messages on one line) and hex', () => {
    const fingerprints = issues.map((i) => i.fingerprint)
    expect(new Set(fingerprints).size).toBe(fingerprints.length)
    for (const f of fingerprints) expect(f).toMatch(/^[0-9a-f]{40}$/)
  })

  it('fingerprints are stable across runs, file order and message order', () => {
    const again = JSON.parse(reporters.gitlab(buildFiles([...fileNames].reverse(), true), options)) as Issue[]
    expect(again).toEqual(issues)
    // Unrelated files don't change the others' fingerprints.
    const subset = JSON.parse(reporters.gitlab(buildFiles(['d.md']), options)) as Issue[]
    expect(subset.map((i) => i.fingerprint)).toEqual(issues.filter((i) => i.location.path === 'd.md').map((i) => i.fingerprint))
    // A column-only move keeps the fingerprint; a line move changes it.
    const moved = new VFile({path: path.join(cwd, 'd.md')})
    moved.message('File could not be read', {place: {line: 1, column: 40}}).fatal = true
    const movedLine = new VFile({path: path.join(cwd, 'd.md')})
    movedLine.message('File could not be read', {place: {line: 2, column: 1}}).fatal = true
    const [a] = JSON.parse(reporters.gitlab([moved], options)) as Issue[]
    const [b] = JSON.parse(reporters.gitlab([movedLine], options)) as Issue[]
    expect(a!.fingerprint).toBe(subset[0]!.fingerprint)
    expect(b!.fingerprint).not.toBe(subset[0]!.fingerprint)
  })

  it('quiet keeps errors (major) only', () => {
    const quiet = JSON.parse(reporters.gitlab(buildFiles(), {...options, quiet: true})) as Issue[]
    expect(quiet).toHaveLength(errors.length)
    expect(quiet.every((i) => i.severity === 'major')).toBe(true)
    expect(reporters.gitlab([], options)).toBe('[]')
  })
})

// --- JSON ------------------------------------------------------------------

interface JsonFileOut {
  path: string
  cwd: string
  history: string[]
  messages: Array<Record<string, unknown>>
}

describe('json', () => {
  it('matches vfile-reporter-json, with relative paths and end positions', () => {
    const files = buildFiles()
    const ours = JSON.parse(reporters.json(files, options)) as JsonFileOut[]
    const theirs = JSON.parse(reporterJson(files)) as JsonFileOut[]
    expect(ours).toHaveLength(theirs.length)
    expect(ours.map((f) => f.path)).toEqual(fileNames)
    ours.forEach((file, index) => {
      const reference = theirs[index]!
      expect(file.cwd).toBe(cwd)
      expect(file.history).toEqual([fileNames[index]])
      expect(path.relative(reference.cwd, reference.path).split(path.sep).join('/')).toBe(file.path)
      expect(file.messages).toHaveLength(reference.messages.length)
      file.messages.forEach((message, i) => {
        const {endLine, endColumn, ...rest} = message
        const {ancestors: _ancestors, ...referenceRest} = reference.messages[i]!
        expect(rest).toEqual(referenceRest)
        const place = referenceRest.place as {end?: {line: number; column: number}} | undefined
        expect(endLine).toBe(place?.end?.line)
        expect(endColumn).toBe(place?.end?.column)
      })
    })
    // Spot-check the fields the brief names.
    const nasty = ours[0]!.messages.find((m) => m.reason === NASTY)!
    expect(nasty).toMatchObject({
      ruleId: 'link-unresolved',
      line: 3,
      column: 5,
      endLine: 3,
      endColumn: 20,
      fatal: true,
      source: 'kb-lint',
      url: 'https://kb-lint.dev/rules/link-unresolved',
      expected: ['Мир.md'],
      actual: 'Мир',
      place: {start: {line: 3, column: 5}, end: {line: 3, column: 20}}
    })
    expect(ours[1]).toEqual({path: 'b.md', cwd, history: ['b.md'], messages: []})
  })

  it('quiet works like vfile-reporter-json `silent` (errors only, files without errors dropped)', () => {
    const files = buildFiles()
    const ours = JSON.parse(reporters.json(files, {...options, quiet: true})) as JsonFileOut[]
    const theirs = JSON.parse(reporterJson(files, {silent: true})) as JsonFileOut[]
    expect(ours.map((f) => f.messages.length)).toEqual(theirs.map((f) => f.messages.length))
    expect(ours.map((f) => f.path)).toEqual(['заметки/Привет мир.md', 'dir/c,d:e%.md', 'd.md'])
  })
})

// --- stylish ---------------------------------------------------------------

describe('stylish', () => {
  // eslint-disable-next-line no-control-regex
  const ANSI = /\u001B\[\d+m/

  it('prints relative paths, no colour unless asked, and skips clean files', () => {
    const out = reporters.stylish(buildFiles(), options)
    expect(out).not.toMatch(ANSI)
    expect(out).toContain('заметки/Привет мир.md')
    expect(out).toContain('dir/c,d:e%.md')
    expect(out).not.toContain(cwd)
    expect(out).not.toMatch(/^b\.md/m)
    expect(out).toMatch(/3:5-3:20\s+error\s+Cannot resolve/)
    expect(out).toMatch(/5 errors/)
    expect(out).toMatch(/2 warnings/)
    expect(reporters.stylish(buildFiles(), {...options, color: true})).toMatch(ANSI)
  })

  it('quiet → errors only', () => {
    const out = reporters.stylish(buildFiles(), {...options, quiet: true})
    expect(out).toMatch(/error/)
    expect(out).not.toMatch(/\bwarning\b/)
    expect(out).not.toContain('Duplicate heading')
    expect(out).not.toContain('Note has no incoming links')
  })

  it('does not modify the input files', () => {
    const files = buildFiles()
    const before = files.map((f) => [f.path, f.messages.length])
    reporters.stylish(files, options)
    expect(files.map((f) => [f.path, f.messages.length])).toEqual(before)
  })
})
