// Tandem's engine on the peer workloads, with the SQLite event store (a file, WAL mode).
import { tandemEngine } from "./tandem-common.mjs";

export const packages = [];
export const run = (w) => tandemEngine(w, "sqlite");
