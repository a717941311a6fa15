import { useEffect, useState } from 'react'

export type ThemeChoice = 'system' | 'light' | 'dark'
const KEY = 'sweeplab.theme'
const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' }
const LABEL: Record<ThemeChoice, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' }
const DARK_QUERY = '(prefers-color-scheme: dark)'

function readChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY)
    return v === 'light' || v === 'dark' ? v : 'system'
  } catch {
    return 'system'
  }
}

function systemIsDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches
}

/** Sets `data-theme` on <html>, which selects the tokens in theme.css, and tells plots to redraw. */
function applyTheme(choice: ThemeChoice): void {
  const resolved = choice === 'system' ? (systemIsDark() ? 'dark' : 'light') : choice
  if (document.documentElement.dataset.theme === resolved) return
  document.documentElement.dataset.theme = resolved
  // Plots read their text colour from CSS when they draw.
  window.dispatchEvent(new Event('sweeplab-theme'))
}

/** Applies the stored choice before first paint (called from main.tsx) so the page does not flash. */
export function applyStoredTheme(): void {
  applyTheme(readChoice())
}

/** Cycles system → light → dark; the choice is kept in localStorage, and "system" follows the OS live. */
export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(readChoice)
  useEffect(() => {
    applyTheme(choice)
    try {
      if (choice === 'system') localStorage.removeItem(KEY)
      else localStorage.setItem(KEY, choice)
    } catch {
      // Storage can be disabled; the choice then lasts for this page only.
    }
    if (choice !== 'system' || typeof window.matchMedia !== 'function') return
    const mq = window.matchMedia(DARK_QUERY)
    const onChange = () => applyTheme('system')
    mq.addEventListener('change', onChange)
    return () => mq.removeEventListener('change', onChange)
  }, [choice])
  return (
    <button type="button" className="theme-toggle" onClick={() => setChoice(NEXT[choice])} title="Switch between system, light and dark themes">
      {LABEL[choice]}
    </button>
  )
}
