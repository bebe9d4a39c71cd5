// The studio's shell: the page for the current route, and the app-wide dialog and notices.
import { EditorPage } from "./pages/EditorPage.js";
import { FlowsPage } from "./pages/FlowsPage.js";
import { paths, useRoute } from "./router.js";
import { ConfirmDialog } from "./ui/ConfirmDialog.js";
import { Toasts } from "./ui/Toasts.js";

export function App() {
  const route = useRoute();
  return (
    <>
      {route.page === "flows" && <FlowsPage />}
      {route.page === "editor" && <EditorPage key={route.flowId} flowId={route.flowId} />}
      {route.page === "not-found" && (
        <div className="page-message">
          <p>There is no page at {route.path}.</p>
          <a href={`#${paths.flows()}`}>Go to the flows</a>
        </div>
      )}
      <ConfirmDialog />
      <Toasts />
    </>
  );
}
