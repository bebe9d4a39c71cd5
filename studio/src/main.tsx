import "./csp.js";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@xyflow/react/dist/style.css";
import "./styles/base.css";
import "./styles/flows.css";
import "./styles/editor.css";
import "./styles/nodes.css";
import "./styles/run.css";
import "./styles/sessions.css";
import "./styles/audit.css";
import "./styles/evals.css";
import "./styles/auth.css";
import "./styles/history.css";
import "./styles/deployments.css";
import { App } from "./App.js";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
