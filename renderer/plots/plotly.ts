// The partial Plotly bundle (PLATFORM.md §4): only the traces the app draws, built from source by
// Vite. Needs `define: { global: 'window' }` and the `regl` alias in the renderer's Vite config.
import Plotly from 'plotly.js/lib/core'
import contour from 'plotly.js/lib/contour'
import parcoords from 'plotly.js/lib/parcoords'
import scatter from 'plotly.js/lib/scatter'
import scattergl from 'plotly.js/lib/scattergl'

// lib/core registers scatter already; listing it keeps the set of traces explicit in one place.
Plotly.register([parcoords, scattergl, scatter, contour])

export { Plotly }
