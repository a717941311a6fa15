import type { TrialSummary } from '../../shared/api/types.ts'
import { chooseAxisScale, logAxisTicks, toAxisValue, type AxisScale } from './axis-scale.ts'
import type { ParamScaleHint } from './spec-scales.ts'
import { flatParams } from './trial-params.ts'

/** The key of the metric's axis; parameter names cannot start with ':' (PARAMETER_NAME_PATTERN). */
export const METRIC_AXIS = ':metric'

/** One axis of the sweep: a parameter or the metric, with its scale and parcoords ticks. */
export interface AxisInfo {
  /** Parameter name (dotted for nested ones) or METRIC_AXIS. */
  key: string
  /** The parameter's or the metric's name. */
  name: string
  /** What the axis shows as its title. */
  label: string
  scale: AxisScale
  /** Present on categorical and log axes; parcoords then treats the axis as ordinal (brushes snap to ticks). */
  ticks?: { tickvals: number[]; ticktext: string[] }
  /** Axis range in axis units (category index, log10, or the value). */
  range: [number, number]
}

export interface SweepAxes {
  /** Parameters that take more than one value in the sweep, in name order. */
  params: AxisInfo[]
  /** Null until a trial reports the metric. */
  metric: AxisInfo | null
  byKey: ReadonlyMap<string, AxisInfo>
}

/**
 * The sweep's axes, computed from every trial (not the filtered ones) so that filtering never moves
 * an axis. A parameter with one value across the sweep (a constant) has no axis. Scales follow the
 * distribution where the sweep file names one (see spec-scales.ts), else the values' span.
 */
export function buildSweepAxes(
  trials: readonly TrialSummary[],
  names: readonly string[],
  hints: ReadonlyMap<string, ParamScaleHint>,
  metricName: string,
): SweepAxes {
  const params: AxisInfo[] = []
  for (const name of names) {
    const values: unknown[] = []
    const seen = new Set<string>()
    for (const t of trials) {
      const p = flatParams(t)
      if (!(name in p)) continue
      values.push(p[name])
      if (seen.size < 2) seen.add(JSON.stringify(p[name]) ?? 'undefined')
    }
    if (seen.size < 2) continue
    const h = hints.get(name)
    params.push(axisFor(name, name, chooseAxisScale(values, h?.hint, h?.bounds)))
  }
  const metricValues = trials.flatMap((t) => (t.finalValue === null ? [] : [t.finalValue]))
  const metric = metricValues.length > 0 ? axisFor(METRIC_AXIS, metricName, chooseAxisScale(metricValues)) : null
  const byKey = new Map<string, AxisInfo>(params.map((a) => [a.key, a]))
  if (metric) byKey.set(METRIC_AXIS, metric)
  return { params, metric, byKey }
}

function axisFor(key: string, name: string, scale: AxisScale): AxisInfo {
  switch (scale.kind) {
    case 'categorical': {
      const n = scale.categories.length
      return {
        key, name, label: name, scale,
        ticks: { tickvals: scale.categories.map((_, i) => i), ticktext: scale.categories },
        // A single category would otherwise collapse the axis to a point.
        range: n > 1 ? [0, n - 1] : [-0.5, 0.5],
      }
    }
    case 'log': {
      const { tickvals, ticktext, range } = logAxisTicks(scale.min, scale.max)
      return { key, name, label: `${name} (log)`, scale, ticks: { tickvals, ticktext }, range }
    }
    case 'linear':
      return { key, name, label: name, scale, range: [scale.min, scale.max] }
  }
}

/** A trial's raw value on an axis: its parameter value, or its final metric value. */
export function rawAxisValue(axis: AxisInfo, trial: TrialSummary): unknown {
  if (axis.key === METRIC_AXIS) return trial.finalValue ?? undefined
  const p = flatParams(trial)
  return axis.key in p ? p[axis.key] : undefined
}

/** A trial's position on an axis in axis units, or null when it has no drawable value there. */
export function axisPosition(axis: AxisInfo, trial: TrialSummary): number | null {
  const raw = rawAxisValue(axis, trial)
  return raw === undefined ? null : toAxisValue(axis.scale, raw)
}
