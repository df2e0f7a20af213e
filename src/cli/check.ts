/**
 * `kb-lint check`: lint a base and report. What only some runs need
 * (`--fix`, `--watch`, `--stdin`, `--shard`, `--staged`, `--print-config`,
 * the stylish report) is imported when a run asks for it: every check
 * compiles what this module imports (scripts/bundle.js).
 */
import {lint, type LintResult} from '../engine/lint.js'
import {countMessages} from '../engine/messages.js'
import {FileArgumentError} from '../engine/select.js'
import {formatNames, isFormatName, loadReporter, type FormatName} from '../report/formats.js'
import {ruleMetas} from '../rules/index.js'
import {PARSER_NAMES, type ParserName} from '../syntax/fast/index.js'
import {toolVersion} from '../version.js'
import {requireOutputFolder, requireRootFolder} from './arguments.js'
import {EXIT_OK, EXIT_PROBLEMS, UsageError} from './errors.js'
import {emit, outputWidth, useColor, writeStdout} from './output.js'
import {createProgress} from './progress.js'
import type {CheckOutcome} from './watch.js'

export interface CheckCommandOptions {
  format: string
  outputFile?: string
  config?: string
  quiet?: boolean
  maxWarnings?: string
  fix?: boolean
  fixDryRun?: boolean
  /** `--fix-rule ID`, repeatable. */
  fixRule?: string[]
  /** commander's `--no-cache` sets this to false. */
  cache?: boolean
  cacheLocation?: string
  jobs?: string
  parser?: string
  shard?: string
  summaryOut?: string
  watch?: boolean
  staged?: boolean
  printConfig?: string
  stdin?: boolean
  stdinFilename?: string
}

/** The engine options every command that lints shares. */
export function engineOptions(options: Pick<CheckCommandOptions, 'cache' | 'cacheLocation' | 'jobs' | 'parser'>): {
  cache: boolean | string
  jobs?: number
  parser?: ParserName
} {
  return {
    cache: options.cache === false ? false : (options.cacheLocation ?? true),
    jobs: options.jobs === undefined ? undefined : Math.max(1, parseCount(options.jobs, '--jobs')),
    parser: options.parser === undefined ? undefined : parseParser(options.parser)
  }
}

function parseParser(value: string): ParserName {
  if ((PARSER_NAMES as readonly string[]).includes(value)) return value as ParserName
  throw new UsageError(`--parser must be one of ${PARSER_NAMES.join(', ')}, not \`${value}\``)
}

export async function runCheck(root: string | undefined, files: string[] | undefined, options: CheckCommandOptions): Promise<number> {
  const format = parseFormat(options.format)
  const maxWarnings = options.maxWarnings === undefined ? undefined : parseCount(options.maxWarnings, '--max-warnings')
  requireRootFolder(root)
  requireOutputFolder(options.outputFile)
  requireOutputFolder(options.summaryOut, '--summary-out')
  if (options.printConfig !== undefined) {
    const {printConfig} = await import('./print-config.js')
    return printConfig(root ?? '.', options.printConfig, {config: options.config, outputFile: options.outputFile})
  }
  if (options.stdin || options.stdinFilename !== undefined) return checkStdin(root ?? '.', format, options, maxWarnings)
  let fileList = files
  if (options.staged) {
    const {stagedFiles} = await import('./staged.js')
    fileList = [...(files ?? []), ...stagedFiles(root ?? '.')]
  }
  // Progress is on stderr; it is cleared before anything else is printed.
  const progress = createProgress({quiet: options.quiet || options.watch})
  const lintOptions = {root, files: fileList, configFile: options.config, ...engineOptions(options), onProgress: progress.onProgress}
  if (options.shard || options.summaryOut) {
    if (!options.shard || !options.summaryOut) throw new UsageError('--shard and --summary-out go together')
    const {parseShard, writeShard} = await import('../engine/shard.js')
    const shard = parseShard(options.shard)
    const {parsed, total} = await writeShard({...lintOptions, shard, output: options.summaryOut})
    process.stderr.write(`kb-lint: shard ${shard.index}/${shard.count}: ${parsed} of ${total} notes → ${options.summaryOut}\n`)
    return EXIT_OK
  }
  if (options.watch) {
    if (options.fix || options.fixDryRun)
      throw new UsageError('--watch cannot be combined with --fix or --fix-dry-run; fix once, then watch')
    const {watchCheck} = await import('./watch.js')
    return watchCheck({
      root: root ?? '.',
      configFile: options.config,
      outputFile: options.outputFile,
      run: async () => report(await lint(lintOptions), format, options, maxWarnings)
    })
  }
  if (options.fixRule && !options.fix && !options.fixDryRun) throw new UsageError('--fix-rule needs --fix or --fix-dry-run')
  let result: LintResult
  if (options.fix || options.fixDryRun) {
    const fixRules = options.fixRule === undefined ? undefined : parseFixRules(options.fixRule)
    const {fixBase} = await import('../write/fix.js')
    const outcome = await usageErrors(fixBase({...lintOptions, dryRun: options.fixDryRun, fixRules})).finally(() => progress.end())
    result = outcome.result
    printNotice(result)
    const fixes = [...outcome.applied.values()].reduce((sum, list) => sum + list.length, 0)
    if (options.fixDryRun) {
      await writeStdout(outcome.diff)
      process.stderr.write(
        `kb-lint: ${fixes} ${fixes === 1 ? 'fix' : 'fixes'} would change ${outcome.applied.size} ${outcome.applied.size === 1 ? 'file' : 'files'} (dry run, nothing written)\n`
      )
      return countMessages(result.files).errors > 0 ? EXIT_PROBLEMS : EXIT_OK
    }
    for (const relative of outcome.skipped)
      process.stderr.write(`kb-lint: ${relative} changed, or was renamed or removed, during --fix; left alone, run again\n`)
    if (fixes > 0) {
      process.stderr.write(
        `kb-lint: fixed ${fixes} ${fixes === 1 ? 'problem' : 'problems'} in ${outcome.applied.size} ${outcome.applied.size === 1 ? 'file' : 'files'}\n`
      )
      for (const [relative, applied] of outcome.applied) {
        process.stderr.write(`  ${relative}: ${applied.map((fix) => `${fix.line}:${fix.column} ${fix.ruleId}`).join(', ')}\n`)
      }
    }
  } else {
    result = await usageErrors(lint(lintOptions)).finally(() => progress.end())
    printNotice(result)
  }
  // A root without notes checks nothing; exit 0 would read as "all good".
  if (result.base.notes.length === 0) throw new UsageError(`No notes (*.md) below \`${root ?? '.'}\`: nothing to check`)
  if (process.argv.includes('--debug')) {
    const {cache, cached, parsed, workers, checked, fallbacks, repaired} = result.stats
    process.stderr.write(
      `kb-lint: ${result.base.notes.length} notes: ${parsed} parsed (${workers} workers; ${fallbacks} by the reference parser after the fast one fell back), ${cached} from the cache (${cache ?? 'off'}${repaired ? `; ${repaired} damaged in the file, parsed again` : ''}); links of ${checked ?? result.base.notes.length} checked\n`
    )
  }
  return (await report(result, format, options, maxWarnings)).exitCode
}

async function checkStdin(
  root: string,
  format: FormatName,
  options: CheckCommandOptions,
  maxWarnings: number | undefined
): Promise<number> {
  if (!options.stdin) throw new UsageError('--stdin-filename goes with --stdin')
  const clash = [
    options.fix && '--fix',
    options.fixDryRun && '--fix-dry-run',
    options.watch && '--watch',
    options.staged && '--staged',
    options.shard && '--shard'
  ].find(Boolean)
  if (clash) throw new UsageError(`--stdin cannot be combined with ${clash}`)
  const {lintStdin} = await import('./stdin.js')
  const {result, ignored} = await lintStdin({root, filename: options.stdinFilename, configFile: options.config, ...engineOptions(options)})
  if (ignored)
    process.stderr.write(
      `kb-lint: ${options.stdinFilename} is ignored by the base (.gitignore, .kblintignore or \`ignore\`); nothing checked\n`
    )
  return (await report(result, format, options, maxWarnings)).exitCode
}

/** Print the report of one lint run (and write `-o`); the exit code it means. */
export async function report(
  result: LintResult,
  format: FormatName,
  options: Pick<CheckCommandOptions, 'outputFile' | 'quiet'>,
  maxWarnings?: number
): Promise<CheckOutcome> {
  const reporterOptions = {cwd: process.cwd(), rules: ruleMetas(), quiet: options.quiet, toolVersion: toolVersion()}
  const terminal = {color: useColor(), width: outputWidth()}
  const mainOptions = {...reporterOptions, ...(options.outputFile ? {} : terminal)}
  const text = (await loadReporter(format, result.files, mainOptions))(result.files, mainOptions)
  await emit(text, options.outputFile)
  if (options.outputFile && format !== 'stylish') {
    // The file gets the machine format; the person at the terminal still reads stylish.
    const stylishOptions = {...reporterOptions, ...terminal}
    await writeStdout(ensureNewline((await loadReporter('stylish', result.files, stylishOptions))(result.files, stylishOptions)))
  }

  const counts = countMessages(result.files)
  const outcome = {...counts, notes: result.base.notes.length}
  if (counts.errors > 0) return {...outcome, exitCode: EXIT_PROBLEMS}
  if (maxWarnings !== undefined && counts.warnings > maxWarnings) {
    process.stderr.write(`kb-lint: ${counts.warnings} warnings, more than --max-warnings ${maxWarnings}\n`)
    return {...outcome, exitCode: EXIT_PROBLEMS}
  }
  return {...outcome, exitCode: EXIT_OK}
}

export function parseFormat(value: string): FormatName {
  if (!isFormatName(value)) throw new UsageError(`Unknown --format \`${value}\`; use one of ${formatNames.join(', ')}`)
  return value
}

/** `--fix-rule` ids: each must name a rule that has fixes. */
function parseFixRules(ids: string[]): string[] {
  const fixable = ruleMetas()
    .filter((meta) => meta.fixable === true)
    .map((meta) => meta.id)
  for (const id of ids) {
    if (!fixable.includes(id)) {
      const what = ruleMetas().some((meta) => meta.id === id) ? 'has no fixes' : 'is not a rule'
      throw new UsageError(`--fix-rule \`${id}\` ${what}; rules with fixes: ${fixable.join(', ')}`)
    }
  }
  return ids
}

export function parseCount(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number, got \`${value}\``)
  return Number(value)
}

/** Which base root was used, when it is not the one given (engine/base-root.ts). */
function printNotice(result: LintResult): void {
  if (result.notice) process.stderr.write(`kb-lint: ${result.notice}\n`)
}

/** A file argument that would check nothing is a usage error (exit 2), not a green run. */
async function usageErrors<T>(running: Promise<T>): Promise<T> {
  try {
    return await running
  } catch (error) {
    if (error instanceof FileArgumentError) throw new UsageError(error.message)
    throw error
  }
}

function ensureNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : text + '\n'
}
