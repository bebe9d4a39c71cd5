// A deployment's settings: description, callback URL, the origins allowed to embed and call it,
// the hosted page on or off, its limits, and each run's budget. A refused field says why beside it; nothing else changes.
import type { Deployment, DeploymentSettings } from "@tandem/shared";
import { useState, type FormEvent } from "react";
import { ApiError } from "../api/client.js";
import { deploymentsApi } from "../api/deployments.js";
import { Field } from "../auth/Field.js";
import { toast } from "../ui/toast.js";
import { parseOrigins } from "./format.js";

interface Props {
  deployment: Deployment;
  readOnly: string | null;
  onChange: (deployment: Deployment) => void;
}

interface Form {
  description: string;
  callbackUrl: string;
  origins: string;
  pageEnabled: boolean;
  runsPerMinute: string;
  bodyBytes: string;
  budget: string;
}

const formOf = (d: Deployment): Form => ({
  description: d.description,
  callbackUrl: d.callbackUrl ?? "",
  origins: d.allowedOrigins.join("\n"),
  pageEnabled: d.pageEnabled,
  runsPerMinute: String(d.limits.runsPerMinute),
  bodyBytes: String(d.limits.bodyBytes),
  budget: d.budgetUsd === null ? "" : String(d.budgetUsd),
});

const settingsOf = (f: Form): DeploymentSettings => ({
  description: f.description.trim(),
  callbackUrl: f.callbackUrl.trim() || null,
  allowedOrigins: parseOrigins(f.origins),
  pageEnabled: f.pageEnabled,
  limits: { runsPerMinute: Number(f.runsPerMinute), bodyBytes: Number(f.bodyBytes) },
  budgetUsd: f.budget.trim() === "" ? null : Number(f.budget),
});

export function SettingsSection({ deployment, readOnly, onChange }: Props) {
  const [form, setForm] = useState(() => formOf(deployment));
  const [problem, setProblem] = useState<{ path: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  /** The server's refusal when it names `field` (or an item of it: "allowedOrigins[1]"). */
  const errorOf = (field: string) => (problem && problem.path.startsWith(field) ? problem.message : undefined);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const saved = await deploymentsApi.update(deployment.name, settingsOf(form));
      setForm(formOf(saved));
      onChange(saved);
      toast("success", "Saved the settings");
    } catch (err) {
      setProblem({ path: err instanceof ApiError && err.path ? err.path : "", message: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="deploy-section" aria-labelledby="settings-title">
      <h2 id="settings-title" className="section-title">
        Settings
      </h2>
      <form className="deploy-settings" aria-label="Settings" onSubmit={(e) => void save(e)} noValidate>
        <fieldset disabled={!!readOnly || busy}>
          <div className="field">
            <label htmlFor="settings-description">Description</label>
            <textarea id="settings-description" className="input" rows={2} value={form.description} onChange={(e) => set({ description: e.target.value })} />
          </div>
          <Field
            id="settings-callback"
            label="Callback URL"
            hint="Receives each run's result, signed like the other webhooks. Empty: none."
            placeholder="https://example.com/tandem-callback"
            error={errorOf("callbackUrl")}
            value={form.callbackUrl}
            onChange={(e) => set({ callbackUrl: e.target.value })}
          />
          <div className="field">
            <label htmlFor="settings-origins">Allowed origins</label>
            <textarea
              id="settings-origins"
              className="input mono"
              rows={2}
              placeholder="https://example.com"
              aria-invalid={errorOf("allowedOrigins") ? true : undefined}
              aria-describedby="settings-origins-hint"
              value={form.origins}
              onChange={(e) => set({ origins: e.target.value })}
            />
            <p id="settings-origins-hint" className="field-hint">
              Sites that may embed the hosted page or call the endpoint from a browser, one per line. Empty: none.
            </p>
            {errorOf("allowedOrigins") && <p className="field-error">{errorOf("allowedOrigins")}</p>}
          </div>
          <label className="field-check">
            <input type="checkbox" checked={form.pageEnabled} onChange={(e) => set({ pageEnabled: e.target.checked })} /> Hosted page on (anyone with its link can run the flow)
          </label>
          <div className="field-row">
            <Field id="settings-rate" label="Runs per minute" type="number" min={1} error={errorOf("limits.runsPerMinute")} value={form.runsPerMinute} onChange={(e) => set({ runsPerMinute: e.target.value })} />
            <Field id="settings-body" label="Largest request (bytes)" type="number" min={1} error={errorOf("limits.bodyBytes")} value={form.bodyBytes} onChange={(e) => set({ bodyBytes: e.target.value })} />
          </div>
          <Field
            id="settings-budget"
            label="Budget per run (US $)"
            hint="A run that has spent this much on model calls stops to ask a person to raise it or stop. Empty: the flow's budget."
            type="number"
            min={0}
            step="any"
            error={errorOf("budgetUsd")}
            value={form.budget}
            onChange={(e) => set({ budget: e.target.value })}
          />
          {problem && !["callbackUrl", "allowedOrigins", "limits.", "budgetUsd"].some((f) => problem.path.startsWith(f)) && (
            <div className="alert alert-error" role="alert">
              <div className="alert-body">{problem.message}</div>
            </div>
          )}
          {!readOnly && (
            <div className="btn-row">
              <button type="submit" className="btn btn-primary">
                {busy ? "Saving…" : "Save settings"}
              </button>
            </div>
          )}
        </fieldset>
      </form>
      {readOnly && (
        <p className="muted small" role="note">
          {readOnly}
        </p>
      )}
    </section>
  );
}
