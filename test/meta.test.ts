/**
 * Every rule is complete: documented (a section in docs/rules.md with its id
 * as anchor), configurable (an entry in schema/config.schema.json, generated:
 * test/generated.test.ts), shown by fixtures (a valid and an invalid case),
 * and held to its metadata.
 */
import fs from 'node:fs'
import path from 'node:path'
import {Ajv} from 'ajv'
import {describe, expect, it} from 'vitest'
import type {Finding} from '../src/kb/model.js'
import {RULE_DOCS, ruleUrl, rules} from '../src/rules/index.js'
import {reportInto, RuleContractError} from '../src/rules/report.js'
import type {RuleMeta} from '../src/rules/types.js'
import {fixtureCases, projectRoot} from './fixtures.js'

const docs = fs.readFileSync(path.join(projectRoot, 'docs', 'rules.md'), 'utf8')
const schema = JSON.parse(fs.readFileSync(path.join(projectRoot, 'schema', 'config.schema.json'), 'utf8'))
const cases = fixtureCases()

describe('every rule', () => {
  it('has a unique id', () => {
    const ids = rules.map((rule) => rule.meta.id)
    expect(new Set(ids).size).toBe(ids.length)
  })
  it('is listed in a config schema that is itself valid, and nothing else is', () => {
    // config/load.ts compiles the schema without checking it against its meta-schema: the check is here.
    const ajv = new Ajv({strict: false})
    expect(ajv.validateSchema(schema), ajv.errorsText()).toBe(true)
    expect(Object.keys(schema.definitions.rules.properties).sort()).toEqual(rules.map((rule) => rule.meta.id).sort())
  })
  for (const rule of rules) {
    const id = rule.meta.id
    describe(id, () => {
      it('has a docs section and URL', () => {
        expect(docs).toContain(`\n## \`${id}\`\n`)
        expect(ruleUrl(id)).toBe(`${RULE_DOCS}#${id}`)
      })
      it('has a valid and an invalid fixture case', () => {
        const mine = cases.filter((fixture) => fixture.ruleId === id)
        expect(mine.some((fixture) => fixture.valid)).toBe(true)
        expect(mine.some((fixture) => !fixture.valid)).toBe(true)
      })
      it('has a description, a default severity, and says what it reads', () => {
        expect(rule.meta.description.length).toBeGreaterThan(10)
        expect(['off', 'warn', 'error']).toContain(rule.meta.defaultSeverity)
        expect(['note', 'landmarks', 'links']).toContain(rule.meta.reads)
        // A file rule sees one note's tree, nothing else.
        if (rule.scope === 'file') expect(rule.meta.reads).toBe('note')
      })
    })
  }
})

describe('a rule that breaks its metadata', () => {
  const meta: RuleMeta = {id: 'made-up', description: 'A rule for this test only.', defaultSeverity: 'warn', reads: 'note'}
  const place = {start: {line: 1, column: 1}, end: {line: 1, column: 1}}

  it('fails the tests with a fix it does not declare (`fixable`), as ESLint does', () => {
    const findings: Finding[] = []
    expect(() => reportInto(meta, findings)({reason: 'x', place, fix: {start: 0, end: 0, text: 'y'}})).toThrow(RuleContractError)
    expect(() => reportInto(meta, findings)({reason: 'x', place, expected: ['y']})).toThrow(/hasSuggestions/)
    reportInto(
      {...meta, fixable: true, hasSuggestions: true},
      findings
    )({reason: 'x', place, fix: {start: 0, end: 0, text: 'y'}, expected: ['y']})
    expect(findings).toEqual([{ruleId: 'made-up', reason: 'x', place, fix: {start: 0, end: 0, text: 'y'}, expected: ['y']}])
  })

  it('outside the tests, keeps the finding and drops the fix, so --fix never applies it', () => {
    const findings: Finding[] = []
    reportInto(meta, findings, false)({reason: 'x', place, fix: {start: 0, end: 0, text: 'y'}})
    expect(findings).toEqual([{ruleId: 'made-up', reason: 'x', place}])
  })
})

describe('example configs in docs/examples/', () => {
  const dir = path.join(projectRoot, 'docs', 'examples')
  for (const name of fs.readdirSync(dir).filter((file) => file.endsWith('.json'))) {
    it(`${name} is a valid config`, async () => {
      const {loadConfig} = await import('../src/config/load.js')
      await expect(loadConfig({root: projectRoot, configFile: path.join(dir, name)})).resolves.toMatchObject({path: path.join(dir, name)})
    })
  }
})
