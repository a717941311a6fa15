import { existsSync } from 'node:fs'
import { type Command, Option } from 'commander'
import { DATASET_FORMATS, parseDatasetRef, TEXT_UNITS, type DatasetFormat, type TextUnit } from '../../../shared/dataset-spec.ts'
import { SweeplabError } from '../../../shared/errors.ts'
import type { DatasetService } from '../../engine/data/dataset-service.ts'
import type { DatasetRepo } from '../../engine/store/store-types.ts'
import { workspaceFilesDir } from '../../engine/workspace-files.ts'
import type { CliContext } from '../context.ts'
import { checkWorkspacePath, resolveDbPath } from '../db-path.ts'
import type { GlobalOptions } from '../engine-session.ts'
import { shouldUseColor } from '../format.ts'
import { parsePositiveInt } from '../parse-options.ts'
import { renderDatasetReport, renderDatasetTable } from './data-report.ts'

export interface DataAddOptions {
  name: string
  format?: DatasetFormat
  text?: string
  label?: string
  per?: TextUnit
  json?: boolean
}

/** `sweeplab data add|ls|show`: the workspace's datasets. */
export function registerDataCommand(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const data = program.command('data').description('import, list and inspect datasets (built-in: spam, moby-dick, iris)')
  data
    .command('add')
    .description('import a CSV, JSONL or text file (or a folder of .txt files) into the workspace')
    .argument('<path>', 'the file or folder')
    .requiredOption('--name <name>', 'the name sweep files use (dataset: NAME)')
    .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(DATASET_FORMATS))
    .option('--text <column>', 'the text column (default: a column named text/body/message/..., or the longest)')
    .option('--label <column>', 'the label column (default: a column named label/class/category/...)')
    .addOption(new Option('--per <unit>', 'text files: one row per file, paragraph or line').choices(TEXT_UNITS))
    .option('--json', 'print the dataset and its report as JSON')
    .action(async (path: string, opts: DataAddOptions, cmd: Command) => {
      setExit(await addDataset(ctx, path, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
  data
    .command('ls')
    .description('list built-in and imported datasets, every version of each (newest first)')
    .option('--latest', 'only the latest version of each dataset')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { json?: boolean; latest?: boolean }, cmd: Command) => {
      setExit(await listDatasets(ctx, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
  data
    .command('show')
    .description('show a dataset: rows, columns, duplicates, near-duplicates, PII found, class balance')
    .argument('<name>', 'dataset name, or NAME@VERSION')
    .option('--version <n>', 'a version other than the latest', parsePositiveInt)
    .option('--json', 'print the dataset and its report as JSON')
    .action(async (name: string, opts: { version?: number; json?: boolean }, cmd: Command) => {
      setExit(await showDataset(ctx, name, opts, cmd.optsWithGlobals<GlobalOptions>()))
    })
}

export async function addDataset(ctx: CliContext, path: string, opts: DataAddOptions, globals: GlobalOptions): Promise<number> {
  return withDatasets(ctx, globals, (svc) => {
    const d = svc.addDataset({
      path,
      name: opts.name,
      ...(opts.format ? { format: opts.format } : {}),
      ...(opts.per ? { textUnit: opts.per } : {}),
      ...(opts.text ? { text: opts.text } : {}),
      ...(opts.label ? { label: opts.label } : {}),
    })
    if (opts.json) ctx.stdout.write(`${JSON.stringify(d, null, 2)}\n`)
    else if (d.unchanged) ctx.stdout.write(`unchanged: ${d.name} v${d.version} already has this content (sha256 equal); no version added\n`)
    else ctx.stdout.write(`added ${d.name} v${d.version} (copied to ${d.path})\n\n${renderDatasetReport(d, shouldUseColor(ctx.isTTY, ctx.env))}`)
    return 0
  })
}

export async function listDatasets(ctx: CliContext, opts: { json?: boolean; latest?: boolean }, globals: GlobalOptions): Promise<number> {
  return withDatasets(ctx, globals, (svc) => {
    const list = svc.listDatasets({ allVersions: !opts.latest })
    ctx.stdout.write(opts.json ? `${JSON.stringify(list, null, 2)}\n` : `${renderDatasetTable(list, shouldUseColor(ctx.isTTY, ctx.env))}\n`)
    return 0
  }, { read: true })
}

export async function showDataset(ctx: CliContext, name: string, opts: { version?: number; json?: boolean }, globals: GlobalOptions): Promise<number> {
  return withDatasets(ctx, globals, (svc) => {
    const ref = parseDatasetRef(name)
    if (ref === undefined) throw new SweeplabError('usage', `${JSON.stringify(name)}: expected a dataset NAME or NAME@VERSION`)
    const version = opts.version ?? ref.version
    const d = svc.getDataset({ name: ref.name, ...(version !== undefined ? { version } : {}) })
    ctx.stdout.write(opts.json ? `${JSON.stringify(d, null, 2)}\n` : renderDatasetReport(d, shouldUseColor(ctx.isTTY, ctx.env)))
    return 0
  }, { read: true })
}

/**
 * Opens the workspace store and a dataset service over it, runs `fn`, closes the store. Datasets need
 * no scheduler or workers, so this skips the engine. Imported lazily so `--help` never loads SQLite.
 * `read`: ls and show on a workspace that does not exist yet see the built-ins only, and create
 * nothing (a mistyped --db must not leave an empty workspace behind).
 */
async function withDatasets<T>(ctx: CliContext, globals: GlobalOptions, fn: (svc: DatasetService) => T, opts: { read?: boolean } = {}): Promise<T> {
  const dbPath = resolveDbPath(globals, ctx.env)
  checkWorkspacePath(dbPath, { mustExist: false })
  const [{ openStore }, { createDatasetService }] = await Promise.all([import('../../engine/store/open-store.ts'), import('../../engine/data/dataset-service.ts')])
  if (opts.read && !existsSync(dbPath)) return fn(createDatasetService({ datasets: NO_REGISTERED_DATASETS }, workspaceFilesDir(dbPath)))
  const store = openStore(dbPath)
  try {
    return fn(createDatasetService(store, workspaceFilesDir(dbPath)))
  } finally {
    store.close()
  }
}

/** The registry of a workspace that does not exist yet: empty, and never written (ls and show only read). */
const NO_REGISTERED_DATASETS: DatasetRepo = {
  insert() {
    throw new Error('no workspace to register a dataset in')
  },
  get: () => undefined,
  getByName: () => undefined,
  list: () => [],
  listAllVersions: () => [],
  nextVersion: () => 1,
}
