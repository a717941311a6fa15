import type { Distribution } from '../../shared/sweep-spec.ts'
import type { ScaleHint } from './axis-scale.ts'

/** What the sweep file says about one parameter's axis: its scale and, where known, its bounds. */
export interface ParamScaleHint {
  hint?: ScaleHint
  bounds?: { min?: number; max?: number }
}

type Leaf = { distribution?: string; min?: unknown; max?: unknown; parameters?: unknown }

/**
 * Scale hints for every leaf parameter of a normalized sweep spec (`SweepDetail.spec`), keyed by
 * the dotted path the trial table uses for nested parameters. Log-distributed parameters get a
 * log axis whatever values were drawn; a `values` list says nothing (the axis then follows the
 * values' span). The spec arrives untyped over the API, so anything unexpected is skipped.
 */
export function scaleHintsFromSpec(spec: unknown): Map<string, ParamScaleHint> {
  const out = new Map<string, ParamScaleHint>()
  const params = isRecord(spec) ? spec.parameters : undefined
  if (isRecord(params)) collect(params, '', out)
  return out
}

function collect(params: Record<string, unknown>, prefix: string, out: Map<string, ParamScaleHint>): void {
  for (const [name, raw] of Object.entries(params)) {
    if (!isRecord(raw)) continue
    const p = raw as Leaf
    const path = prefix + name
    if (isRecord(p.parameters)) {
      collect(p.parameters, `${path}.`, out)
      continue
    }
    const hint = hintFor(p.distribution as Distribution | undefined, num(p.min), num(p.max))
    if (hint) out.set(path, hint)
  }
}

function hintFor(d: Distribution | undefined, min: number | undefined, max: number | undefined): ParamScaleHint | undefined {
  switch (d) {
    // min/max are natural-log exponents for these (W&B's definition).
    case 'log_uniform':
    case 'q_log_uniform':
      return { hint: 'log', bounds: { min: exp(min), max: exp(max) } }
    case 'inv_log_uniform':
      return { hint: 'log', bounds: { min: exp(max === undefined ? undefined : -max), max: exp(min === undefined ? undefined : -min) } }
    case 'log_uniform_values':
    case 'q_log_uniform_values':
    case 'inv_log_uniform_values':
      return { hint: 'log', bounds: { min, max } }
    case 'log_normal':
    case 'q_log_normal':
      return { hint: 'log' }
    case 'uniform':
    case 'q_uniform':
    case 'int_uniform':
      return { hint: 'linear', bounds: { min, max } }
    case 'beta':
    case 'q_beta':
      return { hint: 'linear', bounds: { min: 0, max: 1 } }
    case 'normal':
    case 'q_normal':
      return { hint: 'linear' }
    default:
      // categorical (a values list), constant, or unknown: the values decide.
      return undefined
  }
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

function exp(v: number | undefined): number | undefined {
  return v === undefined ? undefined : Math.exp(v)
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
