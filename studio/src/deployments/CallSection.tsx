// How to use a deployment: its endpoint with a curl call to copy, and its hosted page's link with
// the one line that embeds it in another site.
import { embedSnippet, type Deployment } from "@tandem/shared";
import { curlExample, endpointUrl } from "./format.js";

export function CallSection({ deployment }: { deployment: Deployment }) {
  const origin = location.origin;
  return (
    <section className="deploy-section" aria-labelledby="call-title">
      <h2 id="call-title" className="section-title">
        Use it
      </h2>
      <div className="field">
        <label htmlFor="call-endpoint">Endpoint</label>
        <input id="call-endpoint" className="input mono" readOnly value={endpointUrl(origin, deployment.name)} onFocus={(e) => e.target.select()} />
      </div>
      <div className="field">
        <label htmlFor="call-curl">Call it with curl (wait=true: the answer holds the result)</label>
        <textarea id="call-curl" className="input mono deploy-code" readOnly rows={5} value={curlExample(origin, deployment.name)} onFocus={(e) => e.target.select()} />
      </div>
      {deployment.pagePath ? (
        <>
          <p>
            Hosted page:{" "}
            <a href={deployment.pagePath} target="_blank" rel="noreferrer" className="mono">
              {origin}
              {deployment.pagePath}
            </a>
          </p>
          <div className="field">
            <label htmlFor="call-embed">Embed it in another site (allow that site's origin in the settings)</label>
            <textarea id="call-embed" className="input mono deploy-code" readOnly rows={3} value={embedSnippet(origin, deployment.pagePath, deployment.flowName)} onFocus={(e) => e.target.select()} />
          </div>
        </>
      ) : (
        <p className="muted small">The hosted page is off: turn it on in the settings to get its link and an embed snippet.</p>
      )}
    </section>
  );
}
