// The hosted page as HTML: a form made from the flow's input fields (or a message box when the
// flow declares none) and the place where the answer streams in. Everything it does is in
// /d/assets/page.js and its look in /d/assets/page.css: no inline script or style, so the
// strict Content-Security-Policy holds. `embed` leaves out the page's own header and footer.
import type { InputField } from "@tandem/shared";
import { html } from "hono/html";

export interface HostedPageProps {
  token: string;
  title: string;
  description: string;
  /** The form's fields; null: a message box. */
  fields: InputField[] | null;
  embed: boolean;
}

const hint = (f: InputField) => (f.description ? html`<p class="hint" id="hint-${f.name}">${f.description}</p>` : "");
const described = (f: InputField) => [f.description ? `hint-${f.name}` : "", `err-${f.name}`].filter(Boolean).join(" ");

function control(f: InputField) {
  const id = `f-${f.name}`;
  if (f.type === "boolean") {
    return html`<label class="check" for="${id}"><input type="checkbox" id="${id}" name="${f.name}" data-type="boolean" data-label="${f.label}" aria-describedby="${described(f)}" />
      <span>${f.label}</span></label>`;
  }
  if (f.choices) {
    return html`<select id="${id}" name="${f.name}" data-type="string" data-label="${f.label}" ${f.required ? "required" : ""} aria-describedby="${described(f)}">
      <option value="">${f.required ? "Choose…" : "(none)"}</option>
      ${f.choices.map((c) => html`<option value="${c}">${c}</option>`)}
    </select>`;
  }
  const number = f.type === "number" || f.type === "integer";
  return html`<input
    id="${id}"
    name="${f.name}"
    type="${number ? "number" : "text"}"
    ${number ? html`step="${f.type === "integer" ? "1" : "any"}" inputmode="${f.type === "integer" ? "numeric" : "decimal"}"` : ""}
    data-type="${f.type}"
    data-label="${f.label}"
    ${f.required ? "required" : ""}
    aria-describedby="${described(f)}"
  />`;
}

function field(f: InputField) {
  const label =
    f.type === "boolean"
      ? ""
      : html`<label for="f-${f.name}">${f.label}${f.required ? html` <span class="req" aria-hidden="true">*</span>` : html` <span class="opt">(optional)</span>`}</label>`;
  return html`<div class="field">
    ${label} ${control(f)} ${hint(f)}
    <p class="field-error" id="err-${f.name}" hidden></p>
  </div>`;
}

const chatBox = html`<div class="field">
  <label for="f-input">Your message</label>
  <textarea id="f-input" name="input" rows="3" required aria-describedby="err-input" placeholder="Type your message…"></textarea>
  <p class="field-error" id="err-input" hidden></p>
</div>`;

/** The document around a page's content: its head, the style sheet, the script when it has one. */
function shell(title: string, body: ReturnType<typeof html>, script: boolean) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>${title}</title>
    <link rel="stylesheet" href="/d/assets/page.css" />
    ${script ? html`<script type="module" src="/d/assets/page.js"></script>` : ""}
  </head>
  ${body}
</html>`;
}

export function hostedPage(p: HostedPageProps) {
  return shell(
    p.title,
    html`<body class="${p.embed ? "hosted embed" : "hosted"}" data-api="/d/${p.token}/api">
    <main class="card">
      ${p.embed ? "" : html`<header class="head"><h1>${p.title}</h1>${p.description ? html`<p class="lede">${p.description}</p>` : ""}</header>`}
      <section class="conversation" aria-label="Conversation" hidden>
        <ol class="messages" id="messages"></ol>
      </section>
      <p class="status" id="status" role="status" hidden></p>
      <form id="ask" data-mode="${p.fields ? "form" : "chat"}" novalidate>
        <fieldset>
          <legend class="sr-only">${p.fields ? "Your request" : "Your message"}</legend>
          ${p.fields ? p.fields.map(field) : chatBox}
        </fieldset>
        <p class="form-error" id="form-error" role="alert" hidden></p>
        <div class="actions"><button type="submit" class="send">Send</button></div>
      </form>
      ${p.embed ? "" : html`<footer class="foot">Runs on Tandem · what you send is kept with the run</footer>`}
    </main>
  </body>`,
    true,
  );
}

/** The answer for an unknown link or a page that is off: the same for both. */
export function pageNotFound() {
  return shell(
    "Page not found",
    html`<body class="hosted">
    <main class="card"><header class="head"><h1>This page is not available</h1><p class="lede">The link may be mistyped, or the page has been turned off.</p></header></main>
  </body>`,
    false,
  );
}
