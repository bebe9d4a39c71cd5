// The import rules of the workspace, checked by `pnpm test:boundaries` (part of `pnpm test`).
// docs/architecture.md explains the rooms and why each rule holds.

/**
 * The studio's floors, top first. A room may import its own files and the rooms on the floors
 * below it, never a room on its own floor or above.
 */
const STUDIO_FLOORS = [
  ["app"],
  ["pages"],
  ["inspector", "panels"],
  ["editor", "sessions", "flows"],
  ["stores"],
  ["run"],
  ["canvas"],
  ["run-view"],
  ["flow", "api", "ui", "router", "styles"],
];

const ROOT_FILES = { app: "(App|main)\\.tsx", router: "(router|routes)(\\.test)?\\.ts" };
const roomPath = (room) => `^studio/src/${ROOT_FILES[room] ? `${ROOT_FILES[room]}$` : `${room}/`}`;

const studioFloors = STUDIO_FLOORS.flatMap((floor, level) =>
  floor.flatMap((room) => {
    const notBelow = STUDIO_FLOORS.slice(0, level + 1)
      .flat()
      .filter((other) => other !== room);
    if (notBelow.length === 0) return [];
    return {
      name: `studio-floor-${room}`,
      comment: `studio/src/${room} imports only rooms on the floors below it (docs/architecture.md), not: ${notBelow.join(", ")}`,
      severity: "error",
      from: { path: roomPath(room) },
      to: { path: notBelow.map(roomPath) },
    };
  }),
);

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "Modules import each other in a cycle: one of them should not know the other.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "shared-imports-nothing-of-ours",
      comment: "@tandem/shared is the contract both sides build on: it imports no other package of the workspace.",
      severity: "error",
      from: { path: "^shared/" },
      to: { path: "^(server|studio|e2e|bench|examples)/" },
    },
    {
      name: "shared-is-pure",
      comment: "@tandem/shared does no I/O: no Node built-in modules outside its tests.",
      severity: "error",
      from: { path: "^shared/src/", pathNot: "\\.test\\.ts$" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "store-and-providers-below-engine",
      comment: "Stores and model providers are used by the engine and the HTTP layer, never the other way round.",
      severity: "error",
      from: { path: "^server/src/(store|providers)/" },
      to: { path: "^server/src/(engine|http)/" },
    },
    {
      name: "engine-knows-no-adapters",
      comment: "The engine emits events and knows nothing of HTTP, the CLI, the terminal or the SDK (they are adapters around it).",
      severity: "error",
      from: { path: "^server/src/engine/" },
      to: { path: "^server/src/(http|cli|terminal|sdk)/" },
    },
    {
      name: "studio-talks-to-the-server-over-http",
      comment: "The studio reaches the server only through its API client (studio/src/api), never by importing server code.",
      severity: "error",
      from: { path: "^studio/" },
      to: { path: "^server/" },
    },
    {
      name: "studio-fixtures-only-in-tests",
      comment: "studio/test holds test fixtures: only tests import them, so they never reach the bundle.",
      severity: "error",
      from: { path: "^studio/src/", pathNot: "\\.test\\.tsx?$" },
      to: { path: "^studio/test/" },
    },
    {
      name: "studio-room-has-a-floor",
      comment: "Every folder of studio/src is a room with a floor: add a new one to STUDIO_FLOORS in .dependency-cruiser.cjs.",
      severity: "error",
      from: { path: "^studio/src/", pathNot: STUDIO_FLOORS.flat().map(roomPath) },
      to: {},
    },
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
