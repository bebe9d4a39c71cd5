// Says, calmly, when no model provider is configured: the scripted model answers, and how
// to use a real one. Dismissed once per browser.
import { useState } from "react";
import { useModels } from "../api/useModels.js";

const KEY = "tandem.offlineBannerDismissed";

export function OfflineBanner() {
  const models = useModels();
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(KEY) === "1");
  if (!models?.offline || dismissed) return null;
  return (
    <div className="offline-banner" role="note">
      <p>
        <strong>Offline:</strong> Tandem's scripted model answers. For a real model, restart the server with <code>OPENAI_API_KEY</code> set, or{" "}
        <code>OPENAI_BASE_URL</code> for an OpenAI-compatible server (Ollama, vLLM, LM Studio).
      </p>
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
