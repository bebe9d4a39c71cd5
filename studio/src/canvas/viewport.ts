/** Fitting a flow in view: never past 100% for a small flow, nor out past where text is unreadable. */
export const FIT_VIEW = { padding: 0.15, maxZoom: 1, minZoom: 0.6 };
