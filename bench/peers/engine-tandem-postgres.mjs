// Tandem's engine on the peer workloads, with the event store on Postgres (a throwaway server).
import { tandemEngine } from "./tandem-common.mjs";

export const packages = [];
export const run = (w) => tandemEngine(w, "postgres");
