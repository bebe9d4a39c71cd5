// A list page's header: its title, a line on what it is for, and its buttons.
import type { ReactNode } from "react";

export function PageHeader({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1 className="page-title">{title}</h1>
        <p className="muted">{description}</p>
      </div>
      <div className="btn-row">{children}</div>
    </header>
  );
}
