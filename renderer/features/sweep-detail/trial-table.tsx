import { memo, useEffect, useMemo, useRef, useState, type Dispatch, type KeyboardEvent, type MouseEvent } from 'react'
import { observeElementRect, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual'
import type { ConfigSummary, TrialSummary } from '../../../shared/api/types.ts'
import { formatMeanStd } from './config-view.ts'
import { flatParams, formatParamValue, trialLabel } from '../../plots/trial-params.ts'
import { navigate, routeHref } from '../../route.ts'
import { Badge } from '../../ui/badge.tsx'
import { formatDuration, formatMetric } from '../../ui/format.ts'
import { useNow } from '../../ui/use-now.ts'
import type { SelectionAction } from './selection.ts'
import { sortTrials, trialDuration, type SortKey, type SortState } from './trial-sort.ts'
import { trialStatusTone } from '../../ui/trial-status-tone.ts'
import { FAILURE_REASON_LABELS } from '../../../shared/failure-reasons.ts'

const ROW_PX = 34
const VIEWPORT_PX = 480
const PAGE_ROWS = 10

export interface TrialTableProps {
  /** The filtered trials. */
  trials: readonly TrialSummary[]
  /** Parameter columns (those that vary), in order. */
  params: readonly string[]
  metricName: string
  selected: readonly number[]
  hovered: number | null
  dispatch: Dispatch<SelectionAction>
  onHover: (trialId: number | null) => void
  /** Scroll to this trial when it changes (a click in a plot); `seq` repeats a request for the same trial. */
  reveal: { trialId: number; seq: number } | null
  /** `repeats`: each trial's config, shown as a column of the config's mean ± std (n of repeats). */
  configOf?: ReadonlyMap<number, ConfigSummary> | undefined
}

// A container measured at zero height (not laid out yet, or a test DOM) still shows a first page of rows.
function observeRectWithFallback<T extends Element>(instance: Virtualizer<T, Element>, cb: (rect: { width: number; height: number }) => void) {
  return observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : { width: rect.width, height: VIEWPORT_PX }))
}

/**
 * The filtered trials, virtualized so 10k rows stay fast: sortable by every column, a checkbox per
 * row for the selection, Enter or a click opens the trial, arrow keys move between rows.
 */
export const TrialTable = memo(function TrialTable({ trials, params, metricName, selected, hovered, dispatch, onHover, reveal, configOf }: TrialTableProps) {
  const [sort, setSort] = useState<SortState>({ key: 'index', dir: 'asc' })
  // Durations of running trials grow each second on screen; a duration sort re-sorts every 5 s only.
  const anyRunning = useMemo(() => trials.some((t) => t.status === 'running'), [trials])
  const now = useNow(anyRunning ? 1000 : 60_000)
  // Only a steered sweep (edited, or with reruns) gets the version column.
  const steered = useMemo(() => trials.some((t) => t.configVersion !== 1 || t.rerunOf !== null), [trials])
  const sortNow = sort.key === 'duration' ? Math.floor(now / 5000) * 5000 : 0
  const rows = useMemo(() => sortTrials(trials, sort, sortNow, configOf && ((t) => configOf.get(t.id)?.mean ?? null)), [trials, sort, sortNow, configOf])
  const selectedSet = useMemo(() => new Set(selected), [selected])
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 12,
    observeElementRect: observeRectWithFallback,
  })
  const [focusIndex, setFocusIndex] = useState(0)
  const focusPending = useRef(false)
  const items = virtualizer.getVirtualItems()
  const padTop = items[0]?.start ?? 0
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0)
  const clampedFocus = Math.min(focusIndex, Math.max(0, rows.length - 1))
  // The roving tab stop must be on a rendered row, or Tab would skip the table.
  const tabIndexRow = items.some((i) => i.index === clampedFocus) ? clampedFocus : (items[0]?.index ?? 0)

  useEffect(() => {
    if (!focusPending.current) return
    focusPending.current = false
    scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${clampedFocus}"]`)?.focus({ preventScroll: true })
  })

  useEffect(() => {
    if (!reveal) return
    const i = rows.findIndex((t) => t.id === reveal.trialId)
    if (i >= 0) virtualizer.scrollToIndex(i, { align: 'center' })
    // Only a new request scrolls (so `rows` is left out): live updates must not yank the table back.
  }, [reveal])

  const moveFocus = (i: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, i))
    setFocusIndex(next)
    focusPending.current = true
    virtualizer.scrollToIndex(next, { align: 'auto' })
  }
  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, index: number, t: TrialSummary) => {
    if (e.target !== e.currentTarget) return
    switch (e.key) {
      case 'ArrowDown': moveFocus(index + 1); break
      case 'ArrowUp': moveFocus(index - 1); break
      case 'PageDown': moveFocus(index + PAGE_ROWS); break
      case 'PageUp': moveFocus(index - PAGE_ROWS); break
      case 'Home': moveFocus(0); break
      case 'End': moveFocus(rows.length - 1); break
      case 'Enter': navigate({ name: 'trial', trialId: t.id }); break
      case ' ': dispatch({ type: 'toggle-selected', trialId: t.id }); break
      default: return
    }
    e.preventDefault()
  }
  const onRowClick = (e: MouseEvent<HTMLTableRowElement>, t: TrialSummary) => {
    // The checkbox and the link do their own thing.
    if ((e.target as HTMLElement).closest('input, a, button, label')) return
    navigate({ name: 'trial', trialId: t.id })
  }
  const sortBy = (key: SortKey) => setSort((s) => ({ key, dir: s.key === key && s.dir === 'asc' ? 'desc' : 'asc' }))
  const allSelected = rows.length > 0 && rows.every((t) => selectedSet.has(t.id))

  const header = (key: SortKey, label: string, numeric = false) => (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => sortBy(key)}>
        {label}
        <span aria-hidden="true" className="sort-mark">{sort.key === key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}</span>
      </button>
    </th>
  )

  return (
    <div className="trial-table-scroll" ref={scrollRef} style={{ maxHeight: VIEWPORT_PX }}>
      <table aria-label="Trials" aria-rowcount={rows.length + 1} className="trial-table">
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className="check-col">
              <input
                type="checkbox"
                aria-label={allSelected ? 'Unselect all shown trials' : 'Select all shown trials'}
                checked={allSelected}
                disabled={rows.length === 0}
                onChange={() => dispatch({ type: 'set-selected', trialIds: allSelected ? selected.filter((id) => !rows.some((t) => t.id === id)) : [...new Set([...selected, ...rows.map((t) => t.id)])] })}
              />
            </th>
            {header('index', '#', true)}
            {header('status', 'Status')}
            {header('reason', 'Reason')}
            {steered && <th scope="col">Version</th>}
            {params.map((p) => <th key={p} scope="col" className="num" aria-sort={sort.key === `param:${p}` ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
              <button type="button" className="sort-button" onClick={() => sortBy(`param:${p}`)}>
                {p}<span aria-hidden="true" className="sort-mark">{sort.key === `param:${p}` ? (sort.dir === 'asc' ? '▲' : '▼') : ''}</span>
              </button>
            </th>)}
            {header('final', metricName, true)}
            {header('best', `best ${metricName}`, true)}
            {configOf && header('mean', `config ${metricName} mean ± std (n)`, true)}
            {header('duration', 'Duration', true)}
          </tr>
        </thead>
        <tbody onMouseLeave={() => onHover(null)}>
          {padTop > 0 && <tr aria-hidden="true" style={{ height: padTop }} />}
          {items.map((item) => {
            const t = rows[item.index]!
            const p = flatParams(t)
            const isSelected = selectedSet.has(t.id)
            const duration = trialDuration(t, now)
            return (
              <tr
                key={t.id}
                data-trial-id={t.id}
                data-index={item.index}
                data-hovered={hovered === t.id || undefined}
                aria-rowindex={item.index + 2}
                aria-selected={isSelected}
                tabIndex={item.index === tabIndexRow ? 0 : -1}
                style={{ height: ROW_PX }}
                onClick={(e) => onRowClick(e, t)}
                onKeyDown={(e) => onRowKey(e, item.index, t)}
                onFocus={() => setFocusIndex(item.index)}
                onMouseEnter={() => onHover(t.id)}
              >
                <td className="check-col">
                  <input type="checkbox" aria-label={`Select trial ${trialLabel(t)}`} checked={isSelected} tabIndex={-1} onChange={() => dispatch({ type: 'toggle-selected', trialId: t.id })} />
                </td>
                <td className="num"><a href={routeHref({ name: 'trial', trialId: t.id })} tabIndex={-1}>{trialLabel(t)}</a></td>
                <td data-status={t.status}>
                  <Badge tone={trialStatusTone(t.status)} title={statusTitle(t)}>{t.status}</Badge>
                  {t.status === 'pruned' && t.prunedAtStep !== null && <span className="pruned-step"> at step {t.prunedAtStep}</span>}
                </td>
                <td data-reason={t.failureReason ?? undefined} title={t.failureNote ?? undefined}>
                  {t.failureReason === null ? <span className="muted">—</span> : FAILURE_REASON_LABELS[t.failureReason]}
                </td>
                {steered && (
                  <td data-version={t.configVersion}>
                    v{t.configVersion}
                    {t.rerunOf !== null && <> · <a href={routeHref({ name: 'trial', trialId: t.rerunOf })} tabIndex={-1} title={`A rerun of trial ${t.rerunOf}`}>rerun of {t.rerunOf}</a></>}
                  </td>
                )}
                {params.map((name) => (
                  <td key={name} className="num" title={name in p ? JSON.stringify(p[name]) : 'not set in this trial'}>
                    {name in p ? formatParamValue(p[name]) : <span className="muted">—</span>}
                  </td>
                ))}
                <td className="num">{t.finalValue === null ? <span className="muted">—</span> : formatMetric(t.finalValue)}</td>
                <td className="num">{t.bestValue === null ? <span className="muted">—</span> : formatMetric(t.bestValue)}</td>
                {configOf && <ConfigCell config={configOf.get(t.id)} />}
                <td className="num">{duration === null ? <span className="muted">—</span> : formatDuration(duration)}</td>
              </tr>
            )
          })}
          {padBottom > 0 && <tr aria-hidden="true" style={{ height: padBottom }} />}
        </tbody>
      </table>
    </div>
  )
})

function ConfigCell({ config }: { config: ConfigSummary | undefined }) {
  if (!config || config.mean === null) return <td className="num" data-config-mean=""><span className="muted">—</span></td>
  return (
    <td className="num" data-config-mean={config.mean} title={`config ${config.configIndex}: mean over ${config.n} of its ${config.repeats} repeats (trials ${config.trialIds.join(', ')})`}>
      {formatMeanStd(config, formatMetric)}
    </td>
  )
}

/** The status badge's tooltip: the error, or for a pruned trial where early termination stopped it. */
function statusTitle(t: TrialSummary): string | undefined {
  if (t.status === 'pruned') return t.prunedAtStep === null ? 'stopped early by early termination' : `stopped early by early termination at step ${t.prunedAtStep}`
  return t.error ?? undefined
}
