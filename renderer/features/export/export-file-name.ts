import type { ExportBestFormat, ExportTrialsFormat } from '../../../shared/api/types.ts'

/** A sweep name made safe for a file name on every OS (no separators, no reserved characters). */
export function fileSlug(name: string | undefined, fallback: string): string {
  const slug = (name ?? '').trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[-.]+|[-.]+$/g, '')
  return slug || fallback
}

const CONFIG_SUFFIX: Record<ExportBestFormat, string> = { yaml: '.yaml', json: '.json', args: '-args.txt' }

/** `spam-grid-best.yaml`, `spam-grid-trial-7.json`, `spam-grid-best-args.txt`. */
export function configFileName(sweepName: string | undefined, sweepId: number, trialIndex: number | null, format: ExportBestFormat): string {
  const which = trialIndex === null ? 'best' : `trial-${trialIndex}`
  return `${fileSlug(sweepName, `sweep-${sweepId}`)}-${which}${CONFIG_SUFFIX[format]}`
}

/** `spam-grid-trials.csv`, or `spam-grid-selected-trials.json` for a subset. */
export function trialsFileName(sweepName: string | undefined, sweepId: number, subset: boolean, format: ExportTrialsFormat): string {
  return `${fileSlug(sweepName, `sweep-${sweepId}`)}-${subset ? 'selected-trials' : 'trials'}.${format}`
}

export const EXPORT_MIME: Record<ExportBestFormat | ExportTrialsFormat, string> = {
  yaml: 'application/yaml;charset=utf-8',
  json: 'application/json;charset=utf-8',
  args: 'text/plain;charset=utf-8',
  csv: 'text/csv;charset=utf-8',
}

/** `spam-grid-wandb.yaml`: the sweep file for W&B. */
export function wandbFileName(sweepName: string | undefined, sweepId: number): string {
  return `${fileSlug(sweepName, `sweep-${sweepId}`)}-wandb.yaml`
}
