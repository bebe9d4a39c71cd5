// The studio's pages and their addresses (hash paths). Run pages join here later.
export type Route = { page: "flows" } | { page: "editor"; flowId: string } | { page: "not-found"; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "") || "/flows";
  if (path === "/" || path === "/flows") return { page: "flows" };
  const editor = /^\/flows\/([^/]+)$/.exec(path);
  if (editor) return { page: "editor", flowId: decodeURIComponent(editor[1]!) };
  return { page: "not-found", path };
}

export const paths = {
  flows: () => "/flows",
  editor: (flowId: string) => `/flows/${encodeURIComponent(flowId)}`,
};
