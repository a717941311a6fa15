import { TRIAL_STATUSES } from '../shared/status.ts'

/** The first screen; the full UI (sweep list, detail, plots) is the app milestone, issue 5. */
export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}>
      <h1>Sweeplab</h1>
      <p>Run sweeps from the terminal with <code>npx sweeplab run FILE</code>; this window will list them.</p>
      <p>Trial states: {TRIAL_STATUSES.join(', ')}</p>
    </main>
  )
}
