// The studio's pages and their addresses (hash paths). A run of a saved flow is shown in its
// editor (#/flows/:id/runs/:runId), any run on its own (#/runs/:runId); past runs are listed
// in sessions (#/sessions), replayed one at a time (#/sessions/:runId) or two side by side (#/compare/:a/:b);
// who decided what is the audit (#/audit); published flows are the deployments (#/deployments, one at
// #/deployments/:name). Evaluations: the datasets (#/evals), one dataset (#/evals/datasets/:id),
// an evaluation's report (#/evals/reports/:id) and two reports case by case (#/evals/compare/:a/:b). Accounts: sign-in (#/sign-in?next=<path>, back to that page after),
// first-run setup, the person's own API tokens (#/account) and the users and roles admins manage (#/people).
export type Route =
  | { page: "flows" }
  | { page: "new-flow" }
  | { page: "editor"; flowId: string; runId?: string }
  | { page: "run"; runId: string }
  | { page: "tasks" }
  | { page: "sessions"; search: string }
  | { page: "session"; runId: string; at?: number }
  | { page: "compare"; a: string; b: string }
  | { page: "audit"; search: string }
  | { page: "deployments" }
  | { page: "deployment"; name: string }
  | { page: "evals" }
  | { page: "dataset"; datasetId: string }
  | { page: "evaluation"; evaluationId: string }
  | { page: "eval-compare"; a: string; b: string }
  | { page: "sign-in"; next?: string }
  | { page: "setup" }
  | { page: "account" }
  | { page: "people" }
  | { page: "not-found"; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "") || "/flows";
  try {
    return pageAt(path);
  } catch {
    // A hand-typed address with a broken escape ("%E0") is no page, not a failed app.
    return { page: "not-found", path };
  }
}

function pageAt(path: string): Route {
  if (path === "/" || path === "/flows") return { page: "flows" };
  // A blank flow in the editor, saved (and given an id) only when it is first saved.
  if (path === "/flows/new") return { page: "new-flow" };
  const editor = /^\/flows\/([^/]+)$/.exec(path);
  if (editor) return { page: "editor", flowId: decodeURIComponent(editor[1]!) };
  const editorRun = /^\/flows\/([^/]+)\/runs\/([^/]+)$/.exec(path);
  if (editorRun) return { page: "editor", flowId: decodeURIComponent(editorRun[1]!), runId: decodeURIComponent(editorRun[2]!) };
  const run = /^\/runs\/([^/]+)$/.exec(path);
  if (run) return { page: "run", runId: decodeURIComponent(run[1]!) };
  if (path === "/tasks") return { page: "tasks" };
  // Sessions keep their list filters in a query (#/sessions?status=waiting).
  const sessions = /^\/sessions(?:\?(.*))?$/.exec(path);
  if (sessions) return { page: "sessions", search: sessions[1] ?? "" };
  const session = /^\/sessions\/([^/?]+)(?:\?at=(\d+))?$/.exec(path);
  if (session) return { page: "session", runId: decodeURIComponent(session[1]!), ...(session[2] ? { at: Number(session[2]) } : {}) };
  const compare = /^\/compare\/([^/]+)\/([^/]+)$/.exec(path);
  if (compare) return { page: "compare", a: decodeURIComponent(compare[1]!), b: decodeURIComponent(compare[2]!) };
  // The audit keeps its filters in a query too (#/audit?person=ana).
  const audit = /^\/audit(?:\?(.*))?$/.exec(path);
  if (audit) return { page: "audit", search: audit[1] ?? "" };
  if (path === "/deployments") return { page: "deployments" };
  const deployment = /^\/deployments\/([^/]+)$/.exec(path);
  if (deployment) return { page: "deployment", name: decodeURIComponent(deployment[1]!) };
  if (path === "/evals") return { page: "evals" };
  const dataset = /^\/evals\/datasets\/([^/]+)$/.exec(path);
  if (dataset) return { page: "dataset", datasetId: decodeURIComponent(dataset[1]!) };
  const evaluation = /^\/evals\/reports\/([^/]+)$/.exec(path);
  if (evaluation) return { page: "evaluation", evaluationId: decodeURIComponent(evaluation[1]!) };
  const evalCompare = /^\/evals\/compare\/([^/]+)\/([^/]+)$/.exec(path);
  if (evalCompare) return { page: "eval-compare", a: decodeURIComponent(evalCompare[1]!), b: decodeURIComponent(evalCompare[2]!) };
  const signIn = /^\/sign-in(?:\?next=(.*))?$/.exec(path);
  if (signIn) return { page: "sign-in", ...(signIn[1] ? { next: decodeURIComponent(signIn[1]) } : {}) };
  if (path === "/setup") return { page: "setup" };
  if (path === "/account") return { page: "account" };
  if (path === "/people") return { page: "people" };
  return { page: "not-found", path };
}

export const paths = {
  flows: () => "/flows",
  newFlow: () => "/flows/new",
  editor: (flowId: string) => `/flows/${encodeURIComponent(flowId)}`,
  editorRun: (flowId: string, runId: string) => `/flows/${encodeURIComponent(flowId)}/runs/${encodeURIComponent(runId)}`,
  run: (runId: string) => `/runs/${encodeURIComponent(runId)}`,
  tasks: () => "/tasks",
  sessions: (search = "") => (search ? `/sessions?${search}` : "/sessions"),
  /** A run's replay, opened at event `at` (else at its end). */
  session: (runId: string, at?: number) => `/sessions/${encodeURIComponent(runId)}${at ? `?at=${at}` : ""}`,
  compare: (a: string, b: string) => `/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`,
  audit: (search = "") => (search ? `/audit?${search}` : "/audit"),
  deployments: () => "/deployments",
  deployment: (name: string) => `/deployments/${encodeURIComponent(name)}`,
  evals: () => "/evals",
  dataset: (id: string) => `/evals/datasets/${encodeURIComponent(id)}`,
  evaluation: (id: string) => `/evals/reports/${encodeURIComponent(id)}`,
  evalCompare: (a: string, b: string) => `/evals/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`,
  /** Sign-in, then `next` (a path of this studio). */
  signIn: (next?: string) => (next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in"),
  setup: () => "/setup",
  account: () => "/account",
  people: () => "/people",
};
