/**
 * The files `npm run generate` writes from the rules' metadata (the config
 * schema's rule section and its TypeScript types, the README rule table,
 * docs/rules.md's section order and header lines) are committed as generated:
 * regenerate them in memory and compare. On a failure run `npm run generate`
 * and commit the result.
 */
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {generatedFiles} from '../scripts/generate.js'
import {projectRoot} from './fixtures.js'

describe('generated files', async () => {
  const files = await generatedFiles(projectRoot)
  it('cover the schema, its types, the README table and the rule docs', () => {
    expect(files.map((file) => file.path).sort()).toEqual([
      'README.md',
      'docs/rules.md',
      'schema/config.schema.json',
      'src/config/schema-types.ts'
    ])
  })
  for (const file of files) {
    it(`${file.path} is as \`npm run generate\` writes it`, () => {
      expect(fs.readFileSync(path.join(projectRoot, file.path), 'utf8'), 'run `npm run generate`').toBe(file.content)
    })
  }
})
