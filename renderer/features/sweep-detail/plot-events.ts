import type { PlotMouseEvent } from 'plotly.js'

/** The trial a hover or click event points at: every sweep plot puts the trial id in `customdata`. */
export function trialIdOfEvent(ev: Pick<PlotMouseEvent, 'points'> | undefined): number | null {
  const cd = ev?.points?.[0]?.customdata
  return typeof cd === 'number' && Number.isInteger(cd) ? cd : null
}
