// The studio's shell: the page for the current route (a failure stays in its page), sign-in in
// its place while this server has accounts and nobody is signed in, and the app-wide dialog and notices.
import { useEffect } from "react";
import { needsSignIn, refreshMe, useMe } from "./auth/me.js";
import { PeoplePage } from "./auth/PeoplePage.js";
import { SetupPage } from "./auth/SetupPage.js";
import { SignInPage } from "./auth/SignInPage.js";
import { TokensPage } from "./auth/TokensPage.js";
import { AuditPage } from "./pages/AuditPage.js";
import { ComparePage } from "./pages/ComparePage.js";
import { DeploymentPage } from "./pages/DeploymentPage.js";
import { DeploymentsPage } from "./pages/DeploymentsPage.js";
import { DatasetPage } from "./pages/DatasetPage.js";
import { EditorPage } from "./pages/EditorPage.js";
import { EvalComparePage } from "./pages/EvalComparePage.js";
import { EvalsPage } from "./pages/EvalsPage.js";
import { EvaluationPage } from "./pages/EvaluationPage.js";
import { FlowsPage } from "./pages/FlowsPage.js";
import { ReplayPage } from "./pages/ReplayPage.js";
import { RunPage } from "./pages/RunPage.js";
import { SessionsPage } from "./pages/SessionsPage.js";
import { TasksPage } from "./pages/TasksPage.js";
import { paths, useRoute } from "./router.js";
import { ConfirmDialog } from "./ui/ConfirmDialog.js";
import { PageBoundary } from "./PageBoundary.js";
import { ShortcutSheet } from "./ShortcutSheet.js";
import { Toasts } from "./ui/Toasts.js";

export function App() {
  const route = useRoute();
  const me = useMe();
  useEffect(() => {
    void refreshMe();
  }, []);
  if (!me) return <div className="page-message" aria-busy="true" />;
  // Signed out: sign-in shows at the address asked for, which is there again once signed in.
  if (needsSignIn(me) && route.page !== "sign-in" && !(route.page === "setup" && me.setupNeeded)) return <SignInPage />;
  return (
    <>
      {/* The address read at render: a new one (Back, a link) gives a failed page another try. */}
      <PageBoundary at={location.hash}>
        {route.page === "flows" && <FlowsPage />}
        {/* Keyed by flow only: opening a run of the flow keeps the editor (and its undo history). */}
        {route.page === "editor" && <EditorPage key={route.flowId} flowId={route.flowId} runId={route.runId} />}
        {route.page === "new-flow" && <EditorPage key="new" flowId={null} />}
        {route.page === "run" && <RunPage key={route.runId} runId={route.runId} />}
        {route.page === "tasks" && <TasksPage />}
        {route.page === "sessions" && <SessionsPage search={route.search} />}
        {route.page === "session" && <ReplayPage key={route.runId} runId={route.runId} at={route.at} />}
        {route.page === "compare" && <ComparePage key={`${route.a}/${route.b}`} a={route.a} b={route.b} />}
        {route.page === "audit" && <AuditPage search={route.search} />}
        {route.page === "deployments" && <DeploymentsPage />}
        {route.page === "deployment" && <DeploymentPage key={route.name} name={route.name} />}
        {route.page === "evals" && <EvalsPage />}
        {route.page === "dataset" && <DatasetPage key={route.datasetId} datasetId={route.datasetId} />}
        {route.page === "evaluation" && <EvaluationPage key={route.evaluationId} evaluationId={route.evaluationId} />}
        {route.page === "eval-compare" && <EvalComparePage key={`${route.a}/${route.b}`} a={route.a} b={route.b} />}
        {route.page === "sign-in" && <SignInPage next={route.next ?? paths.flows()} />}
        {route.page === "setup" && <SetupPage />}
        {route.page === "account" && <TokensPage />}
        {route.page === "people" && <PeoplePage />}
        {route.page === "not-found" && (
          <div className="page-message">
            <p>There is no page at {route.path}.</p>
            <a href={`#${paths.flows()}`}>Go to the flows</a>
          </div>
        )}
      </PageBoundary>
      <ConfirmDialog />
      <ShortcutSheet />
      <Toasts />
    </>
  );
}
