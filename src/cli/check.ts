/** `kb-lint check`: lint a base and report. */
import {fixBase} from '../engine/fix.js'
import {lint} from '../engine/lint.js'
import {countMessages} from '../engine/messages.js'
import {isFormatName, reporters, type FormatName} from '../report/index.js'
import {ruleMetas} from '../rules/index.js'
import {toolVersion} from './version.js'
import {emit, useColor, writeStdout} from './output.js'
import {createProgress} from './progress.js'
import {stagedFiles} from './staged.js'
import {EXIT_OK, EXIT_PROBLEMS, UsageError} from './errors.js'

export interface CheckCommandOptions {
  format: string
  outputFile?: string
  config?: string
  quiet?: boolean
  maxWarnings?: string
  fix?: boolean
  fixDryRun?: boolean
  staged?: boolean
}

export async function runCheck(root: string | undefined, files: string[] | undefined, options: CheckCommandOptions): Promise<number> {
  const format = parseFormat(options.format)
  const maxWarnings = options.maxWarnings === undefined ? undefined : parseCount(options.maxWarnings, '--max-warnings')
  const fileList = options.staged ? [...(files ?? []), ...stagedFiles(root ?? '.')] : files
  // Progress is on stderr; it is cleared before anything else is printed.
  const progress = createProgress({quiet: options.quiet})
  const lintOptions = {root, files: fileList, configFile: options.config, onProgress: progress.onProgress}
  let result
  if (options.fix || options.fixDryRun) {
    const outcome = await fixBase({...lintOptions, dryRun: options.fixDryRun}).finally(() => progress.end())
    result = outcome.result
    const fixes = [...outcome.applied.values()].reduce((sum, list) => sum + list.length, 0)
    if (options.fixDryRun) {
      await writeStdout(outcome.diff)
      process.stderr.write(`kb-lint: ${fixes} ${fixes === 1 ? 'fix' : 'fixes'} would change ${outcome.applied.size} ${outcome.applied.size === 1 ? 'file' : 'files'} (dry run, nothing written)\n`)
      return countMessages(result.files).errors > 0 ? EXIT_PROBLEMS : EXIT_OK
    }
    if (fixes > 0) {
      process.stderr.write(`kb-lint: fixed ${fixes} ${fixes === 1 ? 'problem' : 'problems'} in ${outcome.applied.size} ${outcome.applied.size === 1 ? 'file' : 'files'}\n`)
      for (const [relative, applied] of outcome.applied) {
        process.stderr.write(`  ${relative}: ${applied.map((fix) => `${fix.line}:${fix.column} ${fix.ruleId}`).join(', ')}\n`)
      }
    }
  } else {
    result = await lint(lintOptions).finally(() => progress.end())
  }
  const reporterOptions = {cwd: process.cwd(), rules: ruleMetas(), quiet: options.quiet, toolVersion: toolVersion()}

  const report = reporters[format](result.files, {...reporterOptions, color: !options.outputFile && useColor()})
  await emit(report, options.outputFile)
  if (options.outputFile && format !== 'stylish') {
    // The file gets the machine format; the person at the terminal still reads stylish.
    await writeStdout(ensureNewline(reporters.stylish(result.files, {...reporterOptions, color: useColor()})))
  }

  const counts = countMessages(result.files)
  if (counts.errors > 0) return EXIT_PROBLEMS
  if (maxWarnings !== undefined && counts.warnings > maxWarnings) {
    process.stderr.write(`kb-lint: ${counts.warnings} warnings, more than --max-warnings ${maxWarnings}\n`)
    return EXIT_PROBLEMS
  }
  return EXIT_OK
}

export function parseFormat(value: string): FormatName {
  if (!isFormatName(value)) throw new UsageError(`Unknown --format \`${value}\`; use one of ${Object.keys(reporters).join(', ')}`)
  return value
}

function parseCount(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number, got \`${value}\``)
  return Number(value)
}

function ensureNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : text + '\n'
}
