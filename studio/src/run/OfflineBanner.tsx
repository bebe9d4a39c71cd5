// Says, calmly, when no model provider is configured: the scripted model answers, and what to
// set for a real one (each provider's own setup line). Dismissed once per browser.
import { useState } from "react";
import { useModels } from "../api/useModels.js";

const KEY = "tandem.offlineBannerDismissed";

export function OfflineBanner() {
  const models = useModels();
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(KEY) === "1");
  if (!models?.offline || dismissed) return null;
  return (
    <div className="offline-banner" role="note">
      <div>
        <p>
          <strong>Offline:</strong> Tandem's scripted model answers. For a real model, restart the server with one of these set:
        </p>
        <ul>
          {models.providers.map((p) => (
            <li key={p.id}>
              {p.label}: {p.setup}
            </li>
          ))}
        </ul>
      </div>
      <button
        type="button"
        className="icon-btn"
        aria-label="Dismiss the offline notice"
        onClick={() => {
          localStorage.setItem(KEY, "1");
          setDismissed(true);
        }}
      >
        ×
      </button>
    </div>
  );
}
