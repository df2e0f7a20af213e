#!/usr/bin/env node
/**
 * The `kb-lint` command: argv → command → exit code. No logic of its own:
 * each command lives in `cli/`, and they all call the engine.
 *
 * Exit codes: 0 no errors (warnings allowed), 1 at least one error (or too
 * many warnings), 2 bad usage, bad config or internal failure — with a
 * one-line reason on stderr, and a stack trace only with `--debug`.
 */
import {Command, CommanderError, Option} from 'commander'
import {ConfigError} from './config/load.js'
import {runCheck} from './cli/check.js'
import {EXIT_FAILURE, UsageError} from './cli/errors.js'
import {runGraph} from './cli/graph.js'
import {runMove} from './cli/mv.js'
import {toolVersion} from './cli/version.js'

async function main(argv: string[]): Promise<number> {
  // `kb-lint check [root] -- FILE...`: everything after `--` is a file list.
  const dashes = argv.indexOf('--')
  const fileList = dashes === -1 ? undefined : argv.slice(dashes + 1)
  const args = dashes === -1 ? argv : argv.slice(0, dashes)

  let exitCode = 0
  const program = new Command('kb-lint')
    .description('Lint a Markdown knowledge base and build its link graph.')
    .version(toolVersion())
    .option('--debug', 'print stack traces of internal errors')
    .exitOverride()
    .configureOutput({outputError: (text, write) => write(text)})

  program
    .command('check')
    .description('check the notes below ROOT (default: the current folder)')
    .argument('[root]', 'the base root', '.')
    .addOption(new Option('-f, --format <name>', 'report format').default('stylish'))
    .option('-o, --output-file <file>', 'write the report to a file (stylish still goes to the terminal)')
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('--quiet', 'report errors only')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
    .option('--files <files...>', 'report only on these notes (the whole base is still resolved)')
    .option('--fix', 'apply safe fixes (atomically), then report what is left')
    .option('--fix-dry-run', 'print the fixes as a unified diff; write nothing')
    .action(async (root: string, options) => {
      const files = fileList ?? (options.files as string[] | undefined)
      exitCode = await runCheck(root, files, options)
    })

  program
    .command('graph')
    .description('print the link graph of the base (JSON Graph Format v2)')
    .argument('[root]', 'the base root', '.')
    .addOption(new Option('-f, --format <name>', 'graph format').default('json'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .action(async (root: string, options) => {
      exitCode = await runGraph(root, options)
    })

  program
    .command('mv')
    .description('move a note or folder and rewrite every link to it (all or nothing)')
    .argument('<old>', 'the note (a/b.md) or folder to move')
    .argument('<new>', 'the new path, or an existing folder to move into')
    .option('-r, --root <dir>', 'the base root', '.')
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('--dry-run', 'print the link rewrites as a unified diff; change nothing')
    .action(async (from: string, to: string, options) => {
      exitCode = await runMove(from, to, options)
    })

  await program.parseAsync(args, {from: 'user'})
  return exitCode
}

const debug = process.argv.includes('--debug')
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof CommanderError) {
      // Help and version are not failures; commander already printed them.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_FAILURE
      return
    }
    const known = error instanceof UsageError || error instanceof ConfigError
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`kb-lint: ${known ? message : `internal error: ${message}`}\n`)
    if (debug && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n')
    else if (!known) process.stderr.write('kb-lint: run again with --debug for details\n')
    process.exitCode = EXIT_FAILURE
  }
)
