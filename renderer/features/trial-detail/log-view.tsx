import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { LogLine } from '../../../shared/api/types.ts'
import { LOG_TAIL_LINES, useLogs } from '../../data/trial-queries.ts'
import { findLogMatches, MAX_LOG_MATCHES, splitLine, stepMatch, type LogMatch } from './log-search.ts'

type Stream = LogLine['stream']
const STREAMS: readonly Stream[] = ['stdout', 'stderr', 'system']
const LINE_HEIGHT_PX = 18
/** The log box's max-height in trial-detail.css: short logs get a short box, long ones scroll in this. */
const LOG_BOX_MAX_PX = 360
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })

/**
 * The trial's log: the stored tail plus live lines, virtualized (a chatty trial writes tens of
 * thousands of lines), filtered by stream, searched with highlighted matches and Enter / Shift+Enter
 * to move between them, and following the end while the trial runs.
 */
export function LogView({ trialId, running }: { trialId: number; running: boolean }) {
  const logs = useLogs(trialId)
  const [hidden, setHidden] = useState<ReadonlySet<Stream>>(new Set())
  const [query, setQuery] = useState('')
  const [current, setCurrent] = useState(-1)
  const [follow, setFollow] = useState(running)
  const scrollRef = useRef<HTMLDivElement>(null)

  const all = useMemo(() => logs.data ?? [], [logs.data])
  const counts = useMemo(() => {
    const c: Record<Stream, number> = { stdout: 0, stderr: 0, system: 0 }
    for (const l of all) c[l.stream]++
    return c
  }, [all])
  const lines = useMemo(() => (hidden.size === 0 ? all : all.filter((l) => !hidden.has(l.stream))), [all, hidden])
  const matches = useMemo(() => findLogMatches(lines.map((l) => l.line), query), [lines, query])
  const matchesByLine = useMemo(() => {
    const m = new Map<number, Array<LogMatch & { index: number }>>()
    matches.forEach((x, index) => {
      const list = m.get(x.line)
      if (list) list.push({ ...x, index })
      else m.set(x.line, [{ ...x, index }])
    })
    return m
  }, [matches])
  const active = current < matches.length ? current : matches.length - 1

  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LINE_HEIGHT_PX,
    overscan: 20,
    // Used until the box is measured (and in tests, where nothing has a size).
    initialRect: { width: 800, height: LOG_BOX_MAX_PX },
  })

  const jumpTo = (index: number) => {
    setCurrent(index)
    const m = matches[index]
    if (!m) return
    setFollow(false)
    virtualizer.scrollToIndex(m.line, { align: 'center' })
  }

  // A new query starts at its first match.
  useEffect(() => {
    const first = findLogMatches(lines.map((l) => l.line), query, 1)[0]
    setCurrent(first ? 0 : -1)
    if (first) {
      setFollow(false)
      virtualizer.scrollToIndex(first.line, { align: 'center' })
    }
    // Only the query moves the view; new lines or a filter change must not yank it.
  }, [query])

  useEffect(() => {
    if (follow && running && lines.length > 0) virtualizer.scrollToIndex(lines.length - 1, { align: 'end' })
  }, [follow, running, lines.length, virtualizer])

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault()
      jumpTo(stepMatch(active, matches.length, e.shiftKey))
    } else if (e.key === 'Escape' && query) {
      e.preventDefault()
      setQuery('')
    }
  }
  // Scrolling up by hand means "let me read": stop following the end.
  const onUserScrollUp = () => {
    if (follow) setFollow(false)
  }

  if (logs.isPending) return <p className="muted" aria-busy="true">Loading log…</p>
  if (logs.isError) {
    return (
      <div className="error-box" role="alert">
        Could not load the log: {logs.error.message} <button type="button" onClick={() => void logs.refetch()}>Retry</button>
      </div>
    )
  }

  const counter = !query ? '' : matches.length === 0 ? 'No matches' : `${active + 1} of ${matches.length >= MAX_LOG_MATCHES ? `${MAX_LOG_MATCHES.toLocaleString()}+` : matches.length.toLocaleString()}`
  return (
    <div className="log-view">
      <div className="log-toolbar">
        <input
          type="search"
          aria-label="Search logs"
          placeholder="Search logs"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKey}
          aria-describedby={`log-count-${trialId}`}
        />
        <button type="button" onClick={() => jumpTo(stepMatch(active, matches.length, true))} disabled={matches.length === 0} aria-label="Previous match" title="Previous match (Shift+Enter)">↑</button>
        <button type="button" onClick={() => jumpTo(stepMatch(active, matches.length, false))} disabled={matches.length === 0} aria-label="Next match" title="Next match (Enter)">↓</button>
        <span id={`log-count-${trialId}`} role="status" className="log-count">{counter}</span>
        <span className="log-toolbar-spacer" />
        <div role="group" aria-label="Streams" className="log-streams">
          {STREAMS.map((s) => (
            <label key={s} data-stream={s}>
              <input
                type="checkbox"
                checked={!hidden.has(s)}
                onChange={(e) => setHidden((h) => {
                  const next = new Set(h)
                  if (e.target.checked) next.delete(s)
                  else next.add(s)
                  return next
                })}
              />{' '}
              {s} <span className="muted">{counts[s].toLocaleString()}</span>
            </label>
          ))}
        </div>
        {running && (
          <label className="log-follow"><input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow</label>
        )}
      </div>
      {all.length === 0 ? (
        <p className="muted log-empty">{running ? 'Nothing written yet; lines appear here as the trial writes them.' : 'This trial wrote nothing to stdout or stderr.'}</p>
      ) : lines.length === 0 ? (
        <p className="muted log-empty">Every line is hidden by the stream filter: tick stdout, stderr or system above.</p>
      ) : (
        <div
          ref={scrollRef}
          className="log-scroll"
          role="region"
          aria-label="Log lines"
          tabIndex={0}
          onWheel={(e) => { if (e.deltaY < 0) onUserScrollUp() }}
          onKeyDown={(e) => { if (e.key === 'ArrowUp' || e.key === 'PageUp' || e.key === 'Home') onUserScrollUp() }}
        >
          <div className="log-inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((row) => {
              const line = lines[row.index]!
              return (
                <div
                  key={row.key}
                  data-index={row.index}
                  ref={virtualizer.measureElement}
                  className="log-line"
                  data-stream={line.stream}
                  style={{ transform: `translateY(${row.start}px)` }}
                >
                  <span className="log-time">{timeFormat.format(line.time)}</span>
                  <span className="log-text">
                    {splitLine(line.line, matchesByLine.get(row.index) ?? []).map((seg, i) =>
                      seg.match === null ? seg.text : <mark key={i} className={seg.match === active ? 'log-match current' : 'log-match'}>{seg.text}</mark>,
                    )}
                  </span>
                </div>
              )
            })}
          </div>
        </div>
      )}
      {all.length >= LOG_TAIL_LINES && (
        <p className="muted log-note">Showing the last {LOG_TAIL_LINES.toLocaleString()} stored lines and what arrived since; earlier lines stay in the workspace database.</p>
      )}
    </div>
  )
}
