// Who a question or a tool approval is for: roles and people as chips, added by picking from the
// server's people and roles (GET /api/people, /api/roles) or by typing ("legal", "@ana") where
// the server has none to offer (no accounts): names are checked when people sign in.
import type { Assignment } from "@tandem/shared";
import { useId, useState } from "react";
import { useDirectory } from "../api/people.js";
import { parseAssignees } from "../flow/people.js";
import { PlusIcon } from "../ui/icons.js";

interface Props {
  label: string;
  value: Assignment | undefined;
  onChange: (next: Assignment | undefined) => void;
  hint: string;
  error?: string;
}

/** Everyone either assignment names. */
function merged(a: Assignment | undefined, b: Assignment): Assignment {
  const union = (x: readonly string[] = [], y: readonly string[]) => [...new Set([...x, ...y])];
  return { users: union(a?.users, b.users), roles: union(a?.roles, b.roles) };
}

function without(a: Assignment, kind: "users" | "roles", name: string): Assignment | undefined {
  const next = { ...a, [kind]: a[kind].filter((x) => x !== name) };
  return next.users.length || next.roles.length ? next : undefined;
}

export function AssigneesEditor({ label, value, onChange, hint, error }: Props) {
  const id = useId();
  const directory = useDirectory();
  const [text, setText] = useState("");
  const read = parseAssignees(text);
  const problem = "error" in read ? read.error : error;
  const offline = directory.people.length === 0 && directory.roles.length === 0;
  const add = () => {
    if (!("value" in read) || !read.value) return;
    onChange(merged(value, read.value));
    setText("");
  };
  const chips = [...(value?.roles ?? []).map((name) => ({ kind: "roles" as const, name, text: name })), ...(value?.users ?? []).map((name) => ({ kind: "users" as const, name, text: `@${name}` }))];
  return (
    <div className={problem ? "field has-error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {chips.length > 0 && (
        <ul className="assignee-chips" aria-label={label}>
          {chips.map((c) => (
            <li key={c.text} className={c.kind === "roles" ? "chip chip-role" : "chip chip-person"}>
              {c.text}
              <button type="button" className="chip-remove" aria-label={`Remove ${c.text}`} onClick={() => onChange(without(value!, c.kind, c.name))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="assignee-add">
        <input
          id={id}
          className="input"
          value={text}
          list={`${id}-list`}
          placeholder={offline ? "type a role, or @username" : "pick or type a role, or @username"}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-note`}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== "Enter") return;
            e.preventDefault();
            add();
          }}
        />
        <button type="button" className="btn btn-sm" disabled={!("value" in read && read.value)} onClick={add} aria-label={`Add to ${label.toLowerCase()}`}>
          <PlusIcon size={14} /> Add
        </button>
        <datalist id={`${id}-list`}>
          {directory.roles.map((r) => (
            <option key={r.name} value={r.name} label={r.description || "role"} />
          ))}
          {directory.people.map((p) => (
            <option key={p.username} value={`@${p.username}`} label={p.name} />
          ))}
        </datalist>
      </div>
      <p id={`${id}-note`} className={problem ? "field-error" : "field-hint"}>
        {problem ?? (offline ? `${hint} This server has no accounts: type the names, they are checked once people sign in.` : hint)}
      </p>
    </div>
  );
}
