/** `kb-lint check`: lint a base and report. */
import {lint} from '../engine/lint.js'
import {countMessages} from '../engine/messages.js'
import {isFormatName, reporters, type FormatName} from '../report/index.js'
import {ruleMetas} from '../rules/index.js'
import {toolVersion} from './version.js'
import {emit, useColor, writeStdout} from './output.js'
import {EXIT_OK, EXIT_PROBLEMS, UsageError} from './errors.js'

export interface CheckCommandOptions {
  format: string
  outputFile?: string
  config?: string
  quiet?: boolean
  maxWarnings?: string
}

export async function runCheck(root: string | undefined, files: string[] | undefined, options: CheckCommandOptions): Promise<number> {
  const format = parseFormat(options.format)
  const maxWarnings = options.maxWarnings === undefined ? undefined : parseCount(options.maxWarnings, '--max-warnings')
  const result = await lint({root, files, configFile: options.config})
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
