import type { ParcoordsData } from 'plotly.js'
import type { TrialSummary } from '../../shared/api/types.ts'
import type { MetricGoal } from '../../shared/status.ts'
import { categoryLabel, chooseAxisScale, logTicks, type AxisScale } from './axis-scale.ts'

type Dimension = NonNullable<ParcoordsData['dimensions']>[number]

export interface ParcoordsFigure {
  data: Partial<ParcoordsData>
  /** Trial id of each line, in line order: turns brushed ranges back into trials. */
  trialIds: number[]
  /** Axis scale of each parameter, in `params` order (the metric axis comes last, linear). */
  scales: AxisScale[]
}

export interface MetricAxis {
  name: string
  goal: MetricGoal
}

/**
 * One line per trial that has a value for the metric and every parameter (others cannot be drawn:
 * a parcoords value must be finite on every axis). Categorical parameters sit at integer positions
 * with their labels as ticks; log-scale parameters are drawn as log10 with ticks in real units,
 * since parcoords has no log axis of its own. Lines are coloured by the metric, best bright.
 */
export function buildParcoordsData(trials: readonly TrialSummary[], params: readonly string[], metric: MetricAxis): ParcoordsFigure {
  // The trial's value is its final one, as in the trial table and the best-trial ranking.
  const drawn = trials.filter((t) => t.finalValue !== null && params.every((p) => p in t.params))
  // A parameter with one value across the drawn trials (a `value:` constant) is an axis with no information.
  const varying = params.filter((p) => new Set(drawn.map((t) => JSON.stringify(t.params[p]))).size > 1)
  const scales = varying.map((p) => chooseAxisScale(drawn.map((t) => t.params[p])))
  const dimensions: Dimension[] = varying.map((p, i) => dimensionFor(p, scales[i]!, drawn.map((t) => t.params[p])))
  const values = drawn.map((t) => t.finalValue as number)
  dimensions.push({ label: metric.name, values })
  return {
    data: {
      type: 'parcoords',
      dimensions,
      line: {
        color: values,
        colorscale: 'Viridis',
        // Viridis is brightest at the top; for a loss that should be the lowest value.
        reversescale: metric.goal === 'minimize',
        showscale: true,
        colorbar: { title: { text: metric.name } },
      },
    },
    trialIds: drawn.map((t) => t.id),
    scales,
  }
}

function dimensionFor(label: string, scale: AxisScale, raw: unknown[]): Dimension {
  switch (scale.kind) {
    case 'categorical': {
      const index = new Map(scale.categories.map((c, i) => [c, i]))
      const n = scale.categories.length
      return {
        label,
        values: raw.map((v) => index.get(categoryLabel(v))!),
        tickvals: scale.categories.map((_, i) => i),
        ticktext: scale.categories,
        // A single category would otherwise collapse the axis to a point.
        range: n > 1 ? [0, n - 1] : [-0.5, 0.5],
      }
    }
    case 'log':
      return {
        label: `${label} (log)`,
        values: (raw as number[]).map((v) => Math.log10(v)),
        range: [Math.log10(scale.min), Math.log10(scale.max)],
        ...logTicks(scale.min, scale.max),
      }
    case 'linear':
      return { label, values: raw as number[] }
  }
}

/** Parameter names across trials, sorted (conditional parameters appear in only some trials). */
export function paramNames(trials: readonly TrialSummary[]): string[] {
  const names = new Set<string>()
  for (const t of trials) for (const k of Object.keys(t.params)) names.add(k)
  return [...names].sort()
}
