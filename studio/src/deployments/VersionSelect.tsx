// A pick among a flow's saved versions (newest first), with when the picked one was saved.
import { api } from "../api/client.js";
import { TimeAgo } from "../ui/TimeAgo.js";
import { versionsUpTo } from "./format.js";
import { useAnswer } from "./useAnswer.js";

interface Props {
  id: string;
  label: string;
  flowId: string;
  latest: number;
  value: number;
  onChange: (version: number) => void;
  /** Versions not to offer (the one already running). */
  except?: number;
}

export function VersionSelect({ id, label, flowId, latest, value, onChange, except }: Props) {
  const savedAt = useAnswer(`${flowId}@${value}`, async () => (await api.getFlow(flowId, value)).savedAt);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="input" value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {versionsUpTo(latest)
          .filter((v) => v !== except)
          .map((v) => (
            <option key={v} value={v}>
              Version {v}
              {v === latest ? " (latest)" : ""}
            </option>
          ))}
      </select>
      <p className="field-hint" aria-live="polite">
        {savedAt !== null && (
          <>
            Saved <TimeAgo at={savedAt} />
          </>
        )}
      </p>
    </div>
  );
}
