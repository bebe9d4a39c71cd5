// The answer page an answer link opens: the task (instructions, the message under review, the
// outcome buttons, a reply box) as one small server-rendered HTML page: no script, no style
// sheet, nothing from elsewhere, so the server's strict Content-Security-Policy holds as it is.
import type { RunEvent, Task } from "@tandem/shared";
import { html } from "hono/html";

const page = (title: string, body: ReturnType<typeof html>) => html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>${title} · Tandem</title>
  </head>
  <body>
    <main>${body}</main>
  </body>
</html>`;

/** The task, for `name` to answer. The form posts back to the page's own address. */
export function answerPage(task: Task, name: string, reviewed?: string) {
  const approval = task.approval;
  const buttons = approval ? ["approve", "reject"] : task.outcomes.map((o) => o.name);
  const reply = approval ? "Reason (when rejecting)" : "Reply";
  const message = approval ? JSON.stringify(approval.arguments, null, 2) : reviewed;
  return page(
    task.nodeName,
    html`<h1>${task.flowName}: ${task.nodeName}</h1>
      <p>For ${name}. This link answers once.</p>
      <h2>What is asked</h2>
      <p>${task.instructions}</p>
      ${approval ? html`<p>${approval.said}</p><h2>The call: ${approval.tool}</h2>` : ""}
      ${message ? html`<h2>Under review</h2><pre>${message}</pre>` : ""}
      <form method="post">
        ${task.allowText || approval ? html`<p><label>${reply}<br /><textarea name="text" rows="5" cols="60"></textarea></label></p>` : ""}
        <p>
          ${buttons.length
            ? buttons.map((b) => html`<button type="submit" name="outcome" value="${b}">${b}</button> `)
            : html`<button type="submit">Send</button>`}
        </p>
      </form>`,
  );
}

export function answeredPage(event: RunEvent) {
  const what = "outcome" in event && event.outcome ? `“${event.outcome}”` : event.type === "tool.rejected" ? "rejected" : event.type === "tool.approved" ? "approved" : "your reply";
  return page("Answered", html`<h1>Thank you</h1><p>Answered: ${what}, recorded as ${"by" in event ? event.by : ""}, via this link.</p><p>You can close this page.</p>`);
}

export function refusedPage(message: string) {
  return page("Cannot answer", html`<h1>This link cannot answer</h1><p>${message}</p>`);
}
