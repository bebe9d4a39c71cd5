// Flow documents for HTTP tests, as a client would send them (plain JSON, defaults left out).

/** start → writer (agent) → end: valid, unless the model is left empty. */
export function sampleFlow(name = "Draft and review", model = "scripted/demo") {
  return {
    schemaVersion: 2,
    name,
    nodes: [
      { id: "start", type: "start", position: { x: 0, y: 0 } },
      { id: "writer", type: "agent", position: { x: 0, y: 120 }, data: { name: "writer", model } },
      { id: "end", type: "end", position: { x: 0, y: 240 } },
    ],
    edges: [
      { id: "e1", source: "start", target: "writer" },
      { id: "e2", source: "writer", target: "end" },
    ],
  };
}
