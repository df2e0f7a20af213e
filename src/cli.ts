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
import {WriteError} from './write/atomic-write.js'
import {InterruptedMoveError} from './write/move-journal.js'
import {runCheck} from './cli/check.js'
import {EXIT_FAILURE, UsageError} from './cli/errors.js'
import {setColorChoice} from './cli/output.js'
import {stopWritingWhenStdoutCloses} from './cli/closed-pipe.js'
import {GRAPH_FORMATS} from './emit/graph-model.js'
import {formatNames} from './report/formats.js'
import {toolVersion} from './version.js'
import {tuneForShortRuns} from './cli/v8-flags.js'

tuneForShortRuns()

// `check` is imported here; every other command's module only when that
// command runs (`await import`), so a check never compiles the code of
// `graph`, `mv`, `init` or the language server (scripts/bundle.js splits
// them into chunks of their own).

/** A repeatable option's values, in order (`--files a.md --files b.md`). */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

async function main(argv: string[]): Promise<number> {
  // `kb-lint check [root] -- FILE...`: everything after `--` is a file list.
  const dashes = argv.indexOf('--')
  const fileList = dashes === -1 ? undefined : argv.slice(dashes + 1)
  const args = dashes === -1 ? argv : argv.slice(0, dashes)
  // `-V` printed the version before `-v` did; it still does.
  if (args.length === 1 && args[0] === '-V') args[0] = '--version'

  let exitCode = 0
  const program = new Command('kb-lint')
    .description('Lint a Markdown knowledge base and build its link graph.')
    .version(toolVersion(), '-v, --version', 'print the version')
    .option('--debug', 'print stack traces of internal errors')
    .option('--color', 'colour the report even when not writing to a terminal (also FORCE_COLOR=1)')
    .option('--no-color', 'never colour the report (also NO_COLOR=1)')
    .exitOverride()
    .configureOutput({outputError: (text, write) => write(text)})
    // `kb-lint check --help` lists --color, --no-color and --debug too.
    .configureHelp({showGlobalOptions: true})
  // `--color` / `--no-color` may come before or after the command name.
  program.hook('preAction', () => {
    setColorChoice(program.opts<{color?: boolean}>().color)
  })

  program
    .command('check')
    .description('check the notes below ROOT (default: the current folder)')
    .argument('[root]', 'the base root', '.')
    .addOption(new Option('-f, --format <name>', `report format: ${formatNames.join(', ')}`).default('stylish'))
    .option('-o, --output-file <file>', 'write the report to a file (stylish still goes to the terminal)')
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('--quiet', 'report errors only')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
    .option('--print-config <note>', 'print the effective config for one note (JSON) and exit')
    .option('--stdin', 'check the text on standard input as the note --stdin-filename of the base (for editors and scripts)')
    .option('--stdin-filename <note>', 'the note the --stdin text stands for (it need not exist yet)')
    .option('--files <file>', 'report only on this note, folder or glob (repeatable; the whole base is still resolved)', collect)
    .option('--staged', 'report only on the notes staged in git, and on links to staged deletions and renames')
    .option('--no-cache', 'parse every note again (the cache is on by default)')
    .option('--cache-location <file>', 'the cache file (default node_modules/.cache/kb-lint/)')
    .option('-j, --jobs <n>', 'threads that parse, the main thread included, from 7,500 notes to parse (default: the number of cores)')
    .option('--parser <name>', 'fast (default: falls back to remark for any note it is not sure about) or remark (the reference)')
    .option('--shard <K/N>', 'parse only shard K of N and write its summaries (with --summary-out)')
    .option('--summary-out <file>', 'where --shard writes its summaries, for `kb-lint merge`')
    .option('--fix', 'apply safe fixes (atomically), then report what is left')
    .option('--fix-dry-run', 'print the fixes as a unified diff; write nothing')
    .option('--fix-rule <id>', "with --fix or --fix-dry-run: apply only this rule's fixes (repeatable)", collect)
    .option('-w, --watch', 're-check and reprint the report whenever a file below ROOT changes (Ctrl-C to stop)')
    .action(async (root: string, options) => {
      const files = fileList ?? (options.files as string[] | undefined)
      exitCode = await runCheck(root, files, options)
    })

  program
    .command('merge')
    .description('check a base from the summary files of `check --shard K/N` runs, and report')
    .argument('<shards...>', 'summary files, one per shard')
    .addOption(new Option('-f, --format <name>', `report format: ${formatNames.join(', ')}`).default('stylish'))
    .option('-o, --output-file <file>', 'write the report to a file (stylish still goes to the terminal)')
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('--quiet', 'report errors only')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
    .action(async (shards: string[], options) => {
      const {runMerge} = await import('./cli/merge.js')
      exitCode = await runMerge(shards, options)
    })

  program
    .command('graph')
    .description('print the link graph of the base (json: JSON Graph Format v2; dot, graphml, mermaid, html)')
    .argument('[root]', 'the base root', '.')
    .addOption(new Option('-f, --format <name>', `graph format: ${GRAPH_FORMATS.join(', ')}`).default('json'))
    .option('-o, --output-file <file>', 'write to a file instead of stdout')
    .addOption(new Option('--output <file>').hideHelp())
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('--stats', 'print graph statistics instead (text; JSON with --format json)')
    .option('--summarise', 'mermaid: summarise by folder when the graph is too large to draw')
    .option('--no-cache', 'parse every note again (the cache is shared with `check`)')
    .option('--cache-location <file>', 'the cache file (default node_modules/.cache/kb-lint/)')
    .option('-j, --jobs <n>', 'threads that parse, the main thread included, from 7,500 notes to parse (default: the number of cores)')
    .action(async (root: string, options, command: Command) => {
      const {runGraph} = await import('./cli/graph.js')
      exitCode = await runGraph(root, {
        ...options,
        outputFile: options.outputFile ?? options.output,
        formatGiven: command.getOptionValueSource('format') === 'cli'
      })
    })

  program
    .command('index')
    .description('print the content index of the base (JSON, one entry per note); --write regenerates index regions')
    .argument('[root]', 'the base root', '.')
    .option('-o, --output-file <file>', 'write the JSON to a file instead of stdout')
    .addOption(new Option('--output <file>').hideHelp())
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('--text', "include each note's plain text (for client-side search)")
    .option('--write', 'regenerate every <!-- kb-lint:index --> region in place (atomically); prints no JSON unless -o is given')
    .option('--no-cache', 'parse every note again (the cache is shared with `check`)')
    .option('--cache-location <file>', 'the cache file (default node_modules/.cache/kb-lint/)')
    .option('-j, --jobs <n>', 'threads that parse, the main thread included, from 7,500 notes to parse (default: the number of cores)')
    .action(async (root: string, options) => {
      const {runIndex} = await import('./cli/index.js')
      exitCode = await runIndex(root, {...options, outputFile: options.outputFile ?? options.output})
    })

  program
    .command('init')
    .description('write a starting kb-lint.config.json inferred from the base (Quartz, Obsidian, frontmatter)')
    .argument('[root]', 'the folder to configure', '.')
    .option('--force', 'replace an existing config')
    .action(async (root: string, options: {force?: boolean}) => {
      const {runInit} = await import('./cli/init.js')
      exitCode = await runInit(root, options)
    })

  program
    .command('mv')
    .description('move a note or folder and rewrite every link to it (all or nothing)')
    .argument('[old]', 'the note (a/b.md) or folder to move, relative to the current folder')
    .argument('[new]', 'the new path, or an existing folder to move into')
    .option('-r, --root <dir>', 'the base root (default: the folder of the config that applies to OLD, else the current folder)')
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('--dry-run', 'print the link rewrites as a unified diff; change nothing')
    .option('--continue', 'finish a move that was interrupted (kill, power loss)')
    .option('--abort', 'undo a move that was interrupted, back to the base before it')
    .action(async (from: string | undefined, to: string | undefined, options) => {
      const {runMove} = await import('./cli/mv.js')
      exitCode = await runMove(from, to, options)
    })

  program
    .command('lsp')
    .description('run the language server over stdio (diagnostics, completion, navigation, renames) for editors')
    .option('--stdio', 'talk over stdin/stdout (the default and only transport; accepted for editors that pass it)')
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('--no-cache', 'parse every note at start instead of reading the cache of `kb-lint check`')
    .action(async (options: {config?: string; cache: boolean}) => {
      const {startServer} = await import('./lsp/server.js')
      startServer({config: options.config, cache: options.cache})
    })

  await program.parseAsync(args, {from: 'user'})
  return exitCode
}

const debug = process.argv.includes('--debug')
stopWritingWhenStdoutCloses()
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
    const known =
      error instanceof UsageError || error instanceof ConfigError || error instanceof WriteError || error instanceof InterruptedMoveError
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`kb-lint: ${known ? message : `internal error: ${message}`}\n`)
    if (debug && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n')
    else if (!known) process.stderr.write('kb-lint: run again with --debug for details\n')
    process.exitCode = EXIT_FAILURE
  }
)
