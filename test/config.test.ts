/**
 * Configuration end to end: discovery, validation errors (exit 2 naming the
 * key), overrides, per-type schemas, section templates, suppressions, and
 * `kb-lint init` on a Quartz-like and an Obsidian-like base.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {inferConfig, quartzIgnorePatterns} from '../src/init/infer.js'
import {ConfigError, loadConfig} from '../src/config/load.js'
import {lint, type LintOptions} from '../src/engine/lint.js'
import {projectRoot, runCli} from './fixtures.js'

const good = '---\ntitle: "A"\ndescription: "B"\n---\n'

const run = runCli

/** A base in a fresh folder that is its own repository root (discovery stops there). */
function tempBase(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-config-'))
  fs.mkdirSync(path.join(dir, '.git'))
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    fs.writeFileSync(path.join(dir, name), text)
  }
  return dir
}

async function messages(options: LintOptions): Promise<string[]> {
  const result = await lint({cwd: options.root, ...options})
  return result.files.flatMap((file) =>
    file.messages.map(
      (message) => `${file.path}:${message.line}  ${message.fatal ? 'error' : 'warn'}  ${message.reason}  ${message.ruleId}`
    )
  )
}

describe('config discovery', () => {
  const off = {rules: {'frontmatter-missing': 'off'}}
  const variants: Record<string, string> = {
    'kb-lint.config.json': JSON.stringify(off),
    'kb-lint.config.yaml': 'rules:\n  frontmatter-missing: "off"\n',
    'kb-lint.config.yml': 'rules:\n  frontmatter-missing: "off"\n',
    'kb-lint.config.mjs': `export default ${JSON.stringify(off)}\n`,
    'kb-lint.config.js': `export default ${JSON.stringify(off)}\n`,
    'package.json': JSON.stringify({name: 'base', type: 'module', 'kb-lint': off})
  }
  for (const [name, text] of Object.entries(variants)) {
    it(`finds ${name} in the root`, async () => {
      const root = tempBase({[name]: text, 'note.md': 'No frontmatter.\n'})
      const result = await lint({root, cwd: root})
      expect(result.config.path).toBe(path.join(root, name))
      expect(await messages({root})).toEqual([])
    })
  }

  it('walks up from the root to the repository root, and no further', async () => {
    const repo = tempBase({'kb-lint.config.json': JSON.stringify(off), 'docs/note.md': 'No frontmatter.\n'})
    expect(await messages({root: path.join(repo, 'docs')})).toEqual([])
    // A nested repository: the config above it is not its config.
    fs.mkdirSync(path.join(repo, 'docs', '.git'))
    expect(await messages({root: path.join(repo, 'docs')})).toEqual([
      'note.md:1  error  Note has no frontmatter: start it with a `---` block holding at least `title` and `description`  frontmatter-missing'
    ])
  })

  it('prefers a package.json without a "kb-lint" key to nothing, and a config file to package.json', async () => {
    const root = tempBase({'package.json': '{"name": "x"}', 'sub/kb-lint.config.json': JSON.stringify(off), 'sub/note.md': 'x\n'})
    expect((await lint({root: path.join(root, 'sub')})).config.path).toBe(path.join(root, 'sub', 'kb-lint.config.json'))
    // Checked from above, the one config below is the base root, and the run says so.
    const above = await lint({root, cwd: root})
    expect(above.config.path).toBe(path.join(root, 'sub', 'kb-lint.config.json'))
    expect(above.notice).toBe('base root is `sub` (where kb-lint.config.json is); checking that folder')
  })

  it('--config overrides the discovered config', async () => {
    const root = tempBase({'kb-lint.config.json': JSON.stringify(off), 'strict.json': '{}', 'note.md': 'x\n'})
    expect(await messages({root})).toEqual([])
    expect(await messages({root, configFile: path.join(root, 'strict.json')})).toHaveLength(1)
  })
})

describe('config validation', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['an unknown rule', {rules: {'link-unresolvd': 'error'}}, /unknown rule `link-unresolvd` in `rules`/],
    ['a bad severity', {rules: {'link-unresolved': 'fatal'}}, /`rules\.link-unresolved`/],
    ['an unknown top-level key', {rule: {}}, /unknown key `rule` at top level/],
    ['an override without files', {overrides: [{rules: {}}]}, /`overrides\.0` is missing `files`/],
    [
      'a nested bad key',
      {overrides: [{files: ['a/**'], frontmatter: {schemas: {by: 'type'}}}]},
      /`overrides\.0\.frontmatter\.schemas` is missing `schemas`/
    ],
    ['structure without templates', {structure: {by: 'type'}}, /`structure` is missing `templates`/],
    ['a template that is not Markdown', {structure: {by: 'type', templates: {a: 'a.txt'}}}, /`structure\.templates\.a`/],
    ['an invalid JSON Schema', {frontmatter: {schema: {type: 'objekt'}}}, /^`frontmatter\.schema` is not a valid JSON Schema: /],
    [
      'an invalid per-type JSON Schema in an override',
      {overrides: [{files: ['**'], frontmatter: {schemas: {by: 'type', schemas: {guide: {required: 'title'}}}}}]},
      /^`overrides\.0\.frontmatter\.schemas\.schemas\.guide` is not a valid JSON Schema: /
    ]
  ]
  for (const [what, config, message] of cases) {
    it(`rejects ${what}, naming the key`, async () => {
      const root = tempBase({'kb-lint.config.json': JSON.stringify(config), 'note.md': good})
      await expect(lint({root})).rejects.toThrow(ConfigError)
      await expect(lint({root})).rejects.toThrow(message)
    })
  }

  it('rejects a template that does not exist or lies outside the root', async () => {
    const root = tempBase({'note.md': good})
    await expect(lint({root, config: {structure: {by: 'type', templates: {x: 'missing.md'}}}})).rejects.toThrow(
      /`structure\.templates\.x`: template missing\.md does not exist/
    )
    await expect(
      lint({root, config: {overrides: [{files: ['**'], structure: {by: 'type', templates: {x: '../outside.md'}}}]}})
    ).rejects.toThrow(/`overrides\.0\.structure\.templates\.x` must be a Markdown file inside the base root/)
  })

  it('rejects a schema path outside the config folder', async () => {
    const root = tempBase({'note.md': good})
    await expect(loadConfig({root, config: {frontmatter: {schema: '../schema.json'}}})).rejects.toThrow(
      /`frontmatter\.schema` points outside/
    )
  })

  it('the CLI says an invalid JSON Schema in one line and exits 2', () => {
    const root = tempBase({
      'kb-lint.config.json': JSON.stringify({frontmatter: {schema: {properties: {title: {type: 'text'}}}}}),
      'note.md': good
    })
    const {code, stderr} = run(['check', '.'], root)
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/`frontmatter\.schema` is not a valid JSON Schema/)
  })

  it('the CLI says it in one line and exits 2', () => {
    const root = tempBase({'kb-lint.config.yaml': 'rules:\n  table-column-count: loud\n', 'note.md': good})
    const {code, stderr} = run(['check', '.'], root)
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/^kb-lint: Invalid config .*kb-lint\.config\.yaml: `rules\.table-column-count`/)
  })
})

describe('overrides', () => {
  it('apply in order: every match applies, later entries win', async () => {
    const root = tempBase({
      'docker/a.md': 'x\n',
      'docker/legacy/b.md': 'x\n',
      'k8s/c.md': 'x\n'
    })
    const config = {
      rules: {'frontmatter-missing': 'warn' as const},
      overrides: [
        {files: ['docker/**'], rules: {'frontmatter-missing': 'error' as const}},
        {files: ['docker/legacy/**'], rules: {'frontmatter-missing': 'off' as const}}
      ]
    }
    const lines = (await messages({root, config})).map((line) => line.replace(/ {2}Note has .* {2}/, '  '))
    expect(lines).toEqual(['docker/a.md:1  error  frontmatter-missing', 'k8s/c.md:1  warn  frontmatter-missing'])
  })

  it('replace the frontmatter schema and keep rule options', async () => {
    const root = tempBase({'a.md': '---\ntitle: A\n---\n', 'drafts/b.md': '---\ntitle: B\n---\n'})
    const config = {overrides: [{files: ['drafts/**'], frontmatter: {schema: {type: 'object', required: ['title']}}}]}
    expect(await messages({root, config})).toEqual(['a.md:1  error  Frontmatter is missing `description`  frontmatter-schema'])
  })
})

describe('per-type frontmatter schemas', () => {
  const base = {
    frontmatter: {
      schema: {type: 'object', required: ['title', 'type'], properties: {title: {type: 'string'}}},
      schemas: {
        by: 'type',
        schemas: {
          'how-to': {
            required: ['sources'],
            properties: {sources: {type: 'array', items: {type: 'object', anyOf: [{required: ['url']}, {required: ['book']}]}}}
          }
        }
      }
    }
  }

  it('apply the base schema and the one the value selects, and say which type asks', async () => {
    const root = tempBase({
      'how.md': '---\ntitle: A\ntype: how-to\n---\n',
      'ref.md': '---\ntitle: A\ntype: reference\n---\n',
      'src.md': '---\ntitle: A\ntype: how-to\nsources:\n  - title: x\n---\n'
    })
    expect(await messages({root, config: base})).toEqual([
      'how.md:1  error  Frontmatter is missing `sources` (required for `type: how-to`)  frontmatter-schema',
      'src.md:4  error  `sources[0]` needs `url` or `book`  frontmatter-schema'
    ])
  })

  it('read schemas from files beside the config (JSON or YAML)', async () => {
    const root = tempBase({
      'kb-lint.config.json': JSON.stringify({
        frontmatter: {schema: 'schemas/base.yaml', schemas: {by: 'type', schemas: {tutorial: 'schemas/tutorial.json'}}}
      }),
      'schemas/base.yaml': 'type: object\nrequired: [title]\n',
      'schemas/tutorial.json': JSON.stringify({properties: {level: {enum: ['beginner', 'advanced']}}}),
      'a.md': '---\ntitle: A\ntype: tutorial\nlevel: expert\n---\n'
    })
    expect(await messages({root})).toEqual([
      'a.md:4  error  `level` must be one of `beginner`, `advanced`; is `expert`  frontmatter-schema'
    ])
  })
})

describe('section templates', () => {
  it('are read once, through the base, even when ignored', async () => {
    const root = tempBase({
      '_meta/how-to.md': '## Задача\n\n## Шаги\n',
      'a.md': '---\ntitle: A\ndescription: B\ntype: how-to\n---\n\n## Шаги\n\n## Задача\n'
    })
    const config = {ignore: ['_meta/'], structure: {by: 'type', templates: {'how-to': '_meta/how-to.md'}}}
    const result = await lint({root, cwd: root, config})
    // An ignored note is still a note of the base (a link target); it is not reported on.
    expect(result.base.notes.map((note) => note.path)).toEqual(['_meta/how-to.md', 'a.md'])
    expect(result.files.map((file) => file.path)).toEqual(['a.md'])
    expect(await messages({root, config})).toEqual([
      'a.md:9  warn  Section `## Задача` is out of order: move it before `## Шаги`, as in the `type: how-to` template (`_meta/how-to.md`)  structure-section-order'
    ])
  })
})

describe('suppressions', () => {
  it('silence base-rule findings on the next line only', async () => {
    const root = tempBase({
      'a.md': good + '\n<!-- kb-lint-disable-next-line link-case-mismatch -->\n[[B]]\n\n[[B]]\n',
      'b.md': good
    })
    const result = await lint({root, cwd: root})
    const lines = result.findings.flatMap((entry) => entry.findings.map((finding) => `${finding.place.start.line} ${finding.ruleId}`))
    expect(lines).toEqual(['9 link-case-mismatch'])
  })

  it('are plain JSON in the note summary', async () => {
    const root = tempBase({'a.md': good + '<!-- kb-lint-disable table-column-count -->\n'})
    const result = await lint({root, cwd: root})
    expect(JSON.parse(JSON.stringify(result.base.notes[0]!.suppressions))).toEqual(result.base.notes[0]!.suppressions)
    expect(result.base.notes[0]!.suppressions).toMatchObject([{directive: 'disable', ruleId: 'table-column-count', fromLine: 5}])
  })
})

describe('kb-lint init', () => {
  function copyFixture(name: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-init-'))
    fs.mkdirSync(path.join(dir, '.git'))
    fs.cpSync(path.join(projectRoot, 'fixtures', 'init', name), path.join(dir, name), {recursive: true})
    return path.join(dir, name)
  }

  it('reads Quartz ignorePatterns as text', () => {
    expect(quartzIgnorePatterns('ignorePatterns: ["private", \'tmp/**\', `x`],')).toEqual(['private', 'tmp/**', 'x'])
    expect(quartzIgnorePatterns('no patterns here')).toEqual([])
  })

  it('infers a Quartz site: content folder, ignorePatterns, link resolution, schema, templates', () => {
    const root = copyFixture('quartz-site')
    const {config, baseRoot, reasons} = inferConfig(root)
    expect(baseRoot).toBe(path.join(root, 'content'))
    expect(config.links).toEqual({resolution: 'shortest'})
    // Quartz does not publish them: links to them are broken.
    expect(config.unpublished).toEqual(['private', 'templates', '.obsidian'])
    expect(config.ignore).toBeUndefined()
    const schema = config.frontmatter!.schema as {required: string[]; properties: Record<string, Record<string, unknown>>}
    // description: 9 of 10 notes (pods.md lacks it) is exactly 90 %: required.
    expect(schema.required.sort()).toEqual(['description', 'tags', 'title', 'type'])
    expect(schema.properties.type).toEqual({enum: ['explanation', 'how-to', 'tutorial']})
    expect(schema.properties.tags).toEqual({type: 'array', items: {type: 'string'}})
    expect(config.structure).toEqual({by: 'type', templates: {'how-to': 'templates/how-to.md', tutorial: 'templates/tutorial.md'}})
    expect(reasons.join('\n')).toContain('links.resolution "shortest": CrawlLinks markdownLinkResolution is "shortest"')
    expect(reasons.join('\n')).toContain('frontmatter `description`: in 9 of 10 notes with frontmatter; required (≥ 90 %)')
  })

  it('infers an Obsidian vault: link format, attachments, templates folder, enums and dates', () => {
    const root = copyFixture('obsidian-vault')
    const {config, baseRoot, reasons} = inferConfig(root)
    expect(baseRoot).toBe(root)
    // Obsidian resolves links its own way whatever newLinkFormat writes.
    expect(config.links).toEqual({resolution: 'obsidian'})
    expect(config.ignore).toEqual(['Templates/'])
    const schema = config.frontmatter!.schema as {required: string[]; properties: Record<string, Record<string, unknown>>}
    expect(schema.required.sort()).toEqual(['aliases', 'created', 'status', 'title'])
    expect(schema.properties.status).toEqual({enum: ['done', 'draft', 'review']})
    expect(schema.properties.created).toEqual({type: 'string', format: 'date'})
    expect(reasons.join('\n')).toContain('attachments go to "attachments"')
  })

  it('writes the config, prints why, refuses to overwrite without --force', () => {
    const root = copyFixture('quartz-site')
    const first = run(['init', '.'], root)
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('Quartz site: found quartz.config.ts')
    expect(first.stdout).toContain('run: kb-lint check content')
    // The config goes into the base root, content/: its folder is the base root.
    const written = fs.readFileSync(path.join(root, 'content/kb-lint.config.json'), 'utf8')

    fs.writeFileSync(path.join(root, 'content/kb-lint.config.json'), '{"rules": {}}\n')
    const again = run(['init', '.'], root)
    expect(again.code).toBe(2)
    expect(again.stderr).toBe('kb-lint: content/kb-lint.config.json already configures kb-lint; use --force to replace it\n')
    expect(fs.readFileSync(path.join(root, 'content/kb-lint.config.json'), 'utf8')).toBe('{"rules": {}}\n')

    const forced = run(['init', '.', '--force'], root)
    expect(forced.code).toBe(0)
    expect(fs.readFileSync(path.join(root, 'content/kb-lint.config.json'), 'utf8')).toBe(written)

    // The written config is found from the content folder and works.
    const check = run(['check', 'content', '-f', 'compact'], root)
    expect(check.stderr).toBe('')
    expect(check.stdout).toContain('content/k8s/pods.md:1:1  error  Frontmatter is missing `description`  frontmatter-schema')
    expect(check.stdout).toContain('structure-missing-section')
  })

  it('finds quartz.config.ts in a folder above the root, and an Obsidian Publish export', () => {
    const site = copyFixture('quartz-site')
    const content = inferConfig(path.join(site, 'content'))
    expect(content.baseRoot).toBe(path.join(site, 'content'))
    expect(content.config.links).toEqual({resolution: 'shortest'})
    expect(content.reasons[0]).toBe('Quartz site: found ../quartz.config.ts (read as text, not run)')

    const exported = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-init-'))
    fs.writeFileSync(path.join(exported, 'publish.css'), '')
    fs.writeFileSync(path.join(exported, 'a.md'), '[[b]]\n')
    expect(inferConfig(exported).config.links).toEqual({resolution: 'obsidian'})
    fs.rmSync(exported, {recursive: true, force: true})
  })

  it('with no publisher named, proposes the mode under which most links resolve and prints the counts', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-init-'))
    fs.mkdirSync(path.join(dir, '.git'))
    fs.mkdirSync(path.join(dir, 'docs', 'guides'), {recursive: true})
    fs.writeFileSync(path.join(dir, 'index.md'), '[[install]] [[setup]]\n')
    fs.writeFileSync(path.join(dir, 'docs', 'guides', 'install.md'), '[[setup]] [[index]]\n')
    fs.writeFileSync(path.join(dir, 'docs', 'setup.md'), '[[Install]] [[guides/install]]\n')
    const {config, reasons} = inferConfig(dir)
    expect(config.links).toEqual({resolution: 'obsidian'})
    expect(reasons).toContain(
      'links.resolution "obsidian": the most links resolve under it — absolute 1, relative 1, shortest 4, obsidian 6 of 6 links'
    )

    // Dendron's label-first links: both orders are tried.
    fs.writeFileSync(path.join(dir, 'index.md'), '[[Установка|docs/guides/install]] [[Настройка|docs/setup]]\n')
    fs.writeFileSync(path.join(dir, 'docs', 'guides', 'install.md'), '[[Главная|index]]\n')
    fs.writeFileSync(path.join(dir, 'docs', 'setup.md'), '\n')
    expect(inferConfig(dir).config.links).toEqual({resolution: 'absolute', aliasFirst: true})
    fs.rmSync(dir, {recursive: true, force: true})
  })

  it('keeps the default checks (an empty description stays an error) and points $schema at the installed package', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-init-'))
    fs.mkdirSync(path.join(project, '.git'))
    const schemaFile = path.join(project, 'node_modules', 'kb-lint', 'schema', 'config.schema.json')
    fs.mkdirSync(path.dirname(schemaFile), {recursive: true})
    fs.copyFileSync(path.join(projectRoot, 'schema', 'config.schema.json'), schemaFile)
    const docs = path.join(project, 'docs')
    fs.mkdirSync(docs)
    for (let index = 0; index < 10; index++) {
      fs.writeFileSync(
        path.join(docs, `n${index}.md`),
        `---\ntitle: "N${index}"\ndescription:${index === 3 ? '' : ` "D${index}"`}\n---\n\ntext\n`
      )
    }
    const {config, reasons} = inferConfig(docs)
    expect(config.$schema).toBe('../node_modules/kb-lint/schema/config.schema.json')
    const schema = config.frontmatter!.schema as {required: string[]; properties: Record<string, unknown>}
    expect(schema.required.sort()).toEqual(['description', 'title'])
    expect(schema.properties.description).toEqual({type: 'string', pattern: '\\S'})
    expect(reasons).toContain('frontmatter `description`: kept the default check, non-empty text (1 note has it empty: reported)')
    expect(reasons.join('\n')).toMatch(/ready-made configs for Quartz's, Foam's and Dendron's docs are in .*docs\/examples\//)

    const written = run(['init', 'docs'], project)
    expect(written.code).toBe(0)
    const check = run(['check', 'docs', '-f', 'compact', '--no-cache'], project)
    expect(check.stdout).toMatch(/^docs\/n3\.md:3:1 {2}error {2}.*description.* {2}frontmatter-schema$/m)
    fs.rmSync(project, {recursive: true, force: true})
  })

  it('refuses a config in package.json too', () => {
    const root = copyFixture('obsidian-vault')
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({'kb-lint': {}}))
    const {code, stderr} = run(['init'], root)
    expect(code).toBe(2)
    expect(stderr).toMatch(/package\.json already configures kb-lint/)
  })
})
