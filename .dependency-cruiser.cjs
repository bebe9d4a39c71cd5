// The import rules of the workspace, checked by `pnpm test:boundaries` (part of `pnpm test`).
// docs/architecture.md explains the rooms and why each rule holds.

/**
 * The studio's floors, top first. A room may import its own files and the rooms on the floors
 * below it, never a room on its own floor or above.
 */
const STUDIO_FLOORS = [
  ["app"],
  ["pages"],
  ["evals"],
  ["inspector", "panels"],
  ["editor", "sessions", "flows"],
  ["history"],
  ["stores"],
  ["run", "audit", "deployments"],
  ["canvas"],
  ["run-view"],
  ["auth"],
  ["flow", "api", "ui", "router", "styles"],
];

/** A rule: imports from `from` to `to` fail the check, and `comment` says why. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: "error", from, to });

/** Files directly in studio/src: the router's two, and the app shell (App, main and the like). */
const ROUTER_FILES = "(router|routes)(\\.test)?\\.ts$";
const ROOT_FILES = { router: ROUTER_FILES, app: `(?!${ROUTER_FILES})[^/]+$` };
const roomPath = (room) => `^studio/src/${ROOT_FILES[room] ?? `${room}/`}`;

const studioFloors = STUDIO_FLOORS.flatMap((floor, level) =>
  floor.flatMap((room) => {
    const notBelow = STUDIO_FLOORS.slice(0, level + 1)
      .flat()
      .filter((other) => other !== room);
    if (notBelow.length === 0) return [];
    return forbid(
      `studio-floor-${room}`,
      `studio/src/${room} imports only rooms on the floors below it (docs/architecture.md), not: ${notBelow.join(", ")}`,
      { path: roomPath(room) },
      { path: notBelow.map(roomPath) },
    );
  }),
);

module.exports = {
  forbidden: [
    forbid("no-circular", "Modules import each other in a cycle: one of them should not know the other.",
      {}, { circular: true }),
    forbid("shared-imports-nothing-of-ours", "@tandem/shared is the contract both sides build on: it imports no other package of the workspace.",
      { path: "^shared/" }, { path: "^(server|studio|e2e|bench|examples)/" }),
    forbid("shared-is-pure", "@tandem/shared does no I/O: no Node built-in modules outside its tests.",
      { path: "^shared/src/", pathNot: "\\.test\\.ts$" }, { dependencyTypes: ["core"] }),
    forbid("store-and-providers-below-engine", "Stores and model providers are used by the engine and the HTTP layer, never the other way round.",
      { path: "^server/src/(store|providers)/" }, { path: "^server/src/(engine|http)/" }),
    forbid("engine-knows-no-adapters", "The engine emits events and knows nothing of HTTP, the CLI, the terminal or the SDK (they are adapters around it).",
      { path: "^server/src/engine/" }, { path: "^server/src/(http|cli|terminal|sdk)/" }),
    forbid("studio-talks-to-the-server-over-http", "The studio reaches the server only through its API client (studio/src/api), never by importing server code.",
      { path: "^studio/" }, { path: "^server/" }),
    forbid("studio-fixtures-only-in-tests", "studio/test holds test fixtures: only tests import them, so they never reach the bundle.",
      { path: "^studio/src/", pathNot: "\\.test\\.tsx?$" }, { path: "^studio/test/" }),
    forbid("studio-room-has-a-floor", "Every folder of studio/src is a room with a floor: add a new one to STUDIO_FLOORS in .dependency-cruiser.cjs.",
      { path: "^studio/src/", pathNot: STUDIO_FLOORS.flat().map(roomPath) }, {}),
    ...studioFloors,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|test-results)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    // Workspace packages (@tandem/shared) resolve to their source, as TypeScript sees them.
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
