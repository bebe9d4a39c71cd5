// An agent's reply in the transcript: a JSON object (structured output) as a formatted object,
// field by field, so that "verdict: pass" reads at a glance; any other reply as Markdown.
import { memo } from "react";
import { Markdown } from "./Markdown.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function objectIn(text: string): Record<string, Json> | undefined {
  if (!text.trimStart().startsWith("{")) return undefined;
  try {
    const value = JSON.parse(text) as Json;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export const AgentReply = memo(function AgentReply({ text }: { text: string }) {
  const value = objectIn(text);
  return value ? <StructuredReply value={value} /> : <Markdown text={text} />;
});

export function StructuredReply({ value }: { value: Record<string, Json> }) {
  return (
    <dl className="structured-reply" aria-label="Structured reply">
      {Object.entries(value).map(([key, v]) => (
        <div key={key} className="structured-field">
          <dt>{key}</dt>
          <dd>
            <JsonValue value={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function JsonValue({ value }: { value: Json }) {
  if (typeof value === "string") return <span className="structured-text">{value}</span>;
  if (Array.isArray(value)) {
    return value.length === 0 ? (
      <span className="structured-scalar">[]</span>
    ) : (
      <ol className="structured-list">
        {value.map((item, i) => (
          <li key={i}>
            <JsonValue value={item} />
          </li>
        ))}
      </ol>
    );
  }
  if (value !== null && typeof value === "object") return <StructuredReply value={value} />;
  return <span className="structured-scalar">{JSON.stringify(value)}</span>;
}
