// Arrowheads in the edge's own colour (React Flow's markers take one colour per edge object).
const COLORS = { plain: "#a3a3a3", selected: "#4f46e5", error: "#dc2626", warning: "#d97706" } as const;
type EdgeState = keyof typeof COLORS;

export function markerFor(state: EdgeState): string {
  return `url(#tandem-arrow-${state})`;
}

export function EdgeMarkers() {
  return (
    <svg className="edge-markers" aria-hidden="true" width="0" height="0">
      <defs>
        {Object.entries(COLORS).map(([state, color]) => (
          <marker key={state} id={`tandem-arrow-${state}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill={color} />
          </marker>
        ))}
      </defs>
    </svg>
  );
}
