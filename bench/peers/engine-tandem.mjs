// Tandem's engine on the peer workloads, with the in-memory event store. Every step is a
// real run step: node.started, llm.request, llm.response, message and route.taken events,
// folded by the shared reducer and appended to the store. Loops end by the flow's own
// rule (the writer's maxVisits), not by code in this file.
import { tandemEngine } from "./tandem-common.mjs";

export const packages = [];
export const run = (w) => tandemEngine(w, "memory");
