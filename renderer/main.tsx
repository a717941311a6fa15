import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app.tsx'
import { applyStoredTheme } from './ui/theme-toggle.tsx'

applyStoredTheme()
const el = document.getElementById('root')
if (el) createRoot(el).render(<StrictMode><App /></StrictMode>)
