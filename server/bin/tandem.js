#!/usr/bin/env node
// `tandem`: runs the compiled CLI (server/dist), building it first when it is missing or stale.
import { buildIfStale, MAIN } from "../build.mjs";
import { pathToFileURL } from "node:url";

await buildIfStale();
await import(pathToFileURL(MAIN).href);
