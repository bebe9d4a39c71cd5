import { templates, type Flow } from "@tandem/shared";
import { AgentIcon, PersonIcon, PlusIcon } from "../ui/icons.js";

interface Props {
  busy: boolean;
  onBlank: () => void;
  onTemplate: (flow: Flow) => void;
}

/** New flows: blank, or one of the shared templates. */
export function TemplateGallery({ busy, onBlank, onTemplate }: Props) {
  return (
    <section className="templates" aria-labelledby="templates-title">
      <h2 id="templates-title" className="section-title">
        Start a new flow
      </h2>
      <ul className="template-grid">
        <li>
          <button type="button" className="template-card template-blank" disabled={busy} onClick={onBlank} aria-label="New blank flow">
            <span className="template-icon">
              <PlusIcon size={18} />
            </span>
            <span className="template-title">Blank flow</span>
            <span className="template-text">An empty canvas: drag nodes from the palette.</span>
          </button>
        </li>
        {templates.map((t) => {
          const agents = t.flow.nodes.filter((n) => n.type === "agent").length;
          const people = t.flow.nodes.filter((n) => n.type === "human").length;
          return (
            <li key={t.id}>
              <button type="button" className="template-card" disabled={busy} onClick={() => onTemplate(t.flow)} aria-label={`New flow from template ${t.title}`}>
                <span className="template-title">{t.title}</span>
                <span className="template-text">{t.description}</span>
                <span className="template-meta">
                  <span>
                    <AgentIcon size={13} /> {agents} agent{agents === 1 ? "" : "s"}
                  </span>
                  <span className="template-people">
                    <PersonIcon size={13} /> {people} {people === 1 ? "person" : "people"}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
