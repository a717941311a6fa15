import { useEffect, useState } from 'react'
import { DEFAULT_POINT_COLORS, type PointColors } from '../../plots/point-plots.ts'

export interface ThemeColors extends PointColors {
  background: string
  muted: string
}

function read(): ThemeColors {
  const css = getComputedStyle(document.documentElement)
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback
  return {
    background: v('--bg', '#ffffff'),
    muted: v('--fg-muted', DEFAULT_POINT_COLORS.context),
    focus: v('--accent', DEFAULT_POINT_COLORS.focus),
    context: v('--fg-muted', DEFAULT_POINT_COLORS.context),
    selected: v('--fg', DEFAULT_POINT_COLORS.selected),
    best: v('--tone-success-fg', DEFAULT_POINT_COLORS.best),
  }
}

/** The theme's colours for figures that bake colours in (Plotly cannot read CSS variables); follows theme switches. */
export function useThemeColors(): ThemeColors {
  const [colors, setColors] = useState(read)
  useEffect(() => {
    const onTheme = () => setColors(read())
    window.addEventListener('sweeplab-theme', onTheme)
    return () => window.removeEventListener('sweeplab-theme', onTheme)
  }, [])
  return colors
}
