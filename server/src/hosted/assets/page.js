// The hosted page's script: sends the form (or the message) to start a run, then shows the run
// as it goes from its event stream: the agents' words as they are written, who it waits for,
// and how it ended. Text is only ever set as text, never as HTML.
// @ts-check

const api = document.body.dataset.api;
const form = /** @type {HTMLFormElement} */ (document.getElementById("ask"));
const fieldset = /** @type {HTMLFieldSetElement} */ (form.querySelector("fieldset"));
const send = /** @type {HTMLButtonElement} */ (form.querySelector("button.send"));
const conversation = /** @type {HTMLElement} */ (document.querySelector(".conversation"));
const messages = /** @type {HTMLOListElement} */ (document.getElementById("messages"));
const status = /** @type {HTMLElement} */ (document.getElementById("status"));
const formError = /** @type {HTMLElement} */ (document.getElementById("form-error"));
const chat = form.dataset.mode === "chat";

/** @param {string} text @param {"" | "working" | "waiting" | "done" | "failed"} kind */
function setStatus(text, kind) {
  status.textContent = text;
  status.dataset.kind = kind;
  status.hidden = text === "";
}

/** A message in the conversation; returns its text element. @param {string} who @param {"you" | "agent" | "answer"} kind */
function bubble(who, kind) {
  conversation.hidden = false;
  const li = document.createElement("li");
  li.className = `msg ${kind}`;
  const name = document.createElement("p");
  name.className = "who";
  name.textContent = who;
  const text = document.createElement("p");
  text.className = "text";
  li.append(name, text);
  messages.append(li);
  li.scrollIntoView({ block: "nearest" });
  return text;
}

function showError(/** @type {string} */ field, /** @type {string} */ message) {
  const el = document.getElementById(`err-${field}`);
  const input = document.getElementById(`f-${field}`);
  if (!el || !input) {
    formError.textContent = message;
    formError.hidden = false;
    return;
  }
  el.textContent = message;
  el.hidden = false;
  input.setAttribute("aria-invalid", "true");
  input.focus();
}

function clearErrors() {
  formError.hidden = true;
  for (const el of form.querySelectorAll(".field-error")) /** @type {HTMLElement} */ (el).hidden = true;
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}

function busy(/** @type {boolean} */ on) {
  fieldset.disabled = on;
  send.disabled = on;
  send.textContent = on ? "Working…" : "Send";
}

/** The form's values, typed as the fields declare; empty optional fields are left out. */
function values() {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const el of form.querySelectorAll("[data-type]")) {
    const input = /** @type {HTMLInputElement} */ (el);
    const type = input.dataset.type;
    if (type === "boolean") out[input.name] = input.checked;
    else if (input.value.trim() === "") continue;
    else if (type === "number" || type === "integer") out[input.name] = Number(input.value);
    else out[input.name] = input.value;
  }
  return out;
}

/** What "you" sent, as one line. */
function summary(/** @type {Record<string, unknown>} */ v) {
  const label = (/** @type {string} */ k) => /** @type {HTMLElement | null} */ (document.getElementById(`f-${k}`))?.dataset.label ?? k;
  return Object.entries(v)
    .map(([k, x]) => `${label(k)}: ${x === true ? "yes" : x === false ? "no" : x}`)
    .join(" · ");
}

function follow(/** @type {string} */ runId) {
  const events = new EventSource(`${api}/runs/${encodeURIComponent(runId)}/events`);
  /** @type {{ name: string, text: HTMLElement } | null} */
  let streaming = null;
  let last = "";
  setStatus("Working on it…", "working");
  events.onmessage = (m) => {
    const e = JSON.parse(m.data);
    if (e.type === "delta") {
      if (!streaming || streaming.name !== e.name) {
        streaming = { name: e.name, text: bubble(e.name, "agent") };
        streaming.text.parentElement?.setAttribute("aria-busy", "true");
      }
      streaming.text.textContent += e.text;
      setStatus(`${e.name} is writing…`, "working");
    } else if (e.type === "message") {
      const text = streaming && streaming.name === e.name ? streaming.text : bubble(e.name, "agent");
      text.textContent = e.text;
      text.parentElement?.removeAttribute("aria-busy");
      streaming = null;
      last = e.text;
    } else if (e.type === "waiting") {
      setStatus(`Waiting for ${e.for}. This page goes on by itself once they answer.`, "waiting");
    } else if (e.type === "resumed") {
      setStatus("Answered: going on…", "working");
    } else if (e.type === "finished") {
      events.close();
      if (e.output && e.output !== last) bubble("Answer", "answer").textContent = e.output;
      else if (e.output) messages.lastElementChild?.classList.add("answer");
      setStatus(e.error ?? "Done.", e.error ? "failed" : "done");
      busy(false);
    }
  };
  events.onerror = () => {
    // The browser reconnects by itself unless the server refused the stream.
    if (events.readyState === EventSource.CLOSED) {
      setStatus("This request can no longer be followed here. Reload the page to start again.", "failed");
      busy(false);
    } else setStatus("The connection dropped: reconnecting…", "working");
  };
}

/** The server's refusal in words. @param {Response} res */
async function refusal(res) {
  const body = await res.json().catch(() => null);
  if (res.status === 429) return { message: `Too many requests right now: please try again in ${res.headers.get("retry-after") ?? "a few"} seconds.` };
  if (res.status === 413) return { message: "That is too long to send: please shorten it." };
  const error = body && body.error;
  const field = typeof error?.path === "string" ? error.path.replace(/^values\./, "") : "";
  return { field, message: error?.message ?? `The request was refused (${res.status}).` };
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors();
  const v = chat ? { input: /** @type {HTMLTextAreaElement} */ (form.elements.namedItem("input")).value.trim() } : { values: values() };
  if ("input" in v && v.input === "") return showError("input", "Write a message first.");
  busy(true);
  let res;
  try {
    res = await fetch(`${api}/runs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(v) });
  } catch {
    busy(false);
    return showError("", "The server could not be reached: check your connection and try again.");
  }
  if (res.status !== 201) {
    busy(false);
    const { field, message } = await refusal(res);
    return showError(field ?? "", message);
  }
  const { runId } = await res.json();
  bubble("You", "you").textContent = "input" in v ? v.input : summary(v.values);
  if ("input" in v) form.reset();
  follow(runId);
});
