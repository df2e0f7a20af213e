/** The composite GitHub Action (action.yml) and the workflow that uses it: structure, and its check step run for real. */
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {projectRoot} from './fixtures.js'

interface Step {
  id?: string
  name?: string
  uses?: string
  run?: string
  env?: Record<string, string>
  with?: Record<string, string>
}
const action = parse(fs.readFileSync(path.join(projectRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, {default?: string}>
  runs: {using: string; steps: Step[]}
}
const workflow = parse(fs.readFileSync(path.join(projectRoot, '.github/workflows/kb-lint.yml'), 'utf8')) as {
  jobs: Record<string, {steps: Step[]}>
}

/** `${{ inputs.x }}` → the value; `${{ github.action_path }}` → this project. */
function expand(value: string, inputs: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
    if (name === 'github.action_path') return projectRoot
    if (name.startsWith('inputs.')) return inputs[name.slice('inputs.'.length)]!
    throw new Error(`unexpected expression ${name}`)
  })
}

function runCheckStep(overrides: Record<string, string>) {
  const step = action.runs.steps.find((candidate) => candidate.id === 'check')!
  const inputs = {...Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? ''])), ...overrides}
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-action-'))
  const githubOutput = path.join(dir, 'output')
  const env: NodeJS.ProcessEnv = {...process.env, GITHUB_OUTPUT: githubOutput, NO_COLOR: '1'}
  for (const [name, value] of Object.entries(step.env ?? {})) env[name] = expand(value, inputs)
  const result = spawnSync('bash', ['-e', '-c', step.run!], {cwd: projectRoot, encoding: 'utf8', env})
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    output: fs.existsSync(githubOutput) ? fs.readFileSync(githubOutput, 'utf8') : ''
  }
}

describe('action.yml', () => {
  it('is a composite action whose expressions only use declared inputs', () => {
    expect(action.runs.using).toBe('composite')
    const text = fs.readFileSync(path.join(projectRoot, 'action.yml'), 'utf8')
    const used = new Set([...text.matchAll(/inputs\.([\w-]+)/g)].map((match) => match[1]!))
    expect([...used].filter((name) => !(name in action.inputs))).toEqual([])
    for (const step of action.runs.steps) if (step.run) expect(step).toHaveProperty('shell', 'bash')
  })

  it('its check step annotates with workflow commands and reports the exit code', () => {
    const {code, stdout, output} = runCheckStep({root: 'fixtures/kb', 'fail-on-error': 'false'})
    expect(code).toBe(0)
    expect(output).toBe('exit-code=1\n')
    expect(stdout).toContain(
      '::error file=fixtures/kb/devops/kubernetes/pods.md,line=5,col=11,endLine=5,endColumn=44,title=link-unresolved::'
    )
    expect(
      stdout
        .trim()
        .split('\n')
        .every((line) => line.startsWith('::'))
    ).toBe(true)
  })

  it('fails on errors by default, passes extra args, and writes SARIF when asked', () => {
    const sarifFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-lint-action-sarif-')), 'out.sarif')
    const {code, stdout} = runCheckStep({root: 'fixtures/kb', sarif: 'true', 'sarif-file': sarifFile, args: '--quiet'})
    expect(code).toBe(1)
    expect(stdout).not.toContain('::warning')
    const sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8'))
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0].results.length).toBeGreaterThan(0)
  })

  it('bad options always fail (exit 2), even with fail-on-error off', () => {
    const {code, stderr} = runCheckStep({root: 'fixtures/kb', 'fail-on-error': 'false', args: '--max-warnings lots'})
    expect(code).toBe(2)
    expect(stderr).toMatch(/^kb-lint: --max-warnings takes a whole number/)
  })
})

describe('.github/workflows/kb-lint.yml', () => {
  it('uses this action on the example base with declared inputs only', () => {
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps)
    const use = steps.find((step) => step.uses === './')!
    expect(use.with?.root).toBe('fixtures/kb')
    expect(fs.existsSync(path.join(projectRoot, use.with!.root!))).toBe(true)
    expect(Object.keys(use.with!).filter((name) => !(name in action.inputs))).toEqual([])
  })
})
