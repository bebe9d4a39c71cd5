// A checkbox per role, for the roles a person holds: built-in roles first, each with what it lets
// one do; reviewer roles after.
import type { RoleInfo } from "@tandem/shared";
import { useId } from "react";

interface Props {
  legend: string;
  roles: RoleInfo[];
  value: string[];
  onChange: (roles: string[]) => void;
  error?: string;
}

export function RoleChecks({ legend, roles, value, onChange, error }: Props) {
  const id = useId();
  const toggle = (name: string, on: boolean) => onChange(on ? [...value, name] : value.filter((r) => r !== name));
  return (
    <fieldset className="field role-checks" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <div className="role-check-list">
        {roles.map((role) => (
          <label key={role.name} className="role-check" title={role.description}>
            <input type="checkbox" checked={value.includes(role.name)} onChange={(e) => toggle(role.name, e.target.checked)} />
            {role.name}
          </label>
        ))}
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
