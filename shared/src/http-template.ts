// HTTP tool templates: reading their {{placeholders}}, filling them from a call's arguments and
// checking them. Pure, so the request the server makes, flow validation and the studio's preview agree.
import { valueAt } from "./field-ops.js";
import type { HttpTool } from "./tools.js";

/** {{path}}: an argument (a dotted path into the call's arguments); {{secret.NAME}}: a secret of the server's configuration. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;
const SECRET = /^secret\.([A-Za-z0-9_-]+)$/;

/** A header name as HTTP allows it (a token). */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// What Node (and the Fetch standard) accept in a header value: no line breaks, no control characters.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export type Placeholder = { kind: "argument"; path: string; text: string } | { kind: "secret"; name: string; text: string };

/** Where a template goes, which decides how a value is written into it. */
export type TemplatePlace = "url" | "header" | "body";

/** A template that cannot be filled: `field` is the tool's field ("url", "headers.Authorization", "body"). */
export class TemplateError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "TemplateError";
  }
}

export function placeholdersOf(template: string): Placeholder[] {
  return [...template.matchAll(PLACEHOLDER)].map(([text, inner]) => {
    const secret = SECRET.exec(inner!);
    return secret ? { kind: "secret", name: secret[1]!, text } : { kind: "argument", path: inner!, text };
  });
}

/**
 * Fills a template: an argument is percent-encoded in the URL, JSON-encoded in the body and
 * written as it is in a header; a secret (headers only) comes from `secret`.
 */
export function fillTemplate(template: string, place: TemplatePlace, field: string, args: unknown, secret: (name: string) => string): string {
  return template.replace(PLACEHOLDER, (text) => {
    const placeholder = placeholdersOf(text)[0]!;
    if (placeholder.kind === "secret") {
      if (place !== "header") throw new TemplateError(field, misplacedSecret(text, place));
      return secret(placeholder.name);
    }
    const value = valueAt(args, placeholder.path);
    if (value === undefined) throw new TemplateError(field, `the argument "${placeholder.path}" is missing (the ${place} uses it)`);
    if (place === "body") return JSON.stringify(value);
    const plain = typeof value === "string" ? value : JSON.stringify(value);
    if (place === "url") return encodeURIComponent(plain);
    if (!HEADER_VALUE.test(plain)) {
      throw new TemplateError(field, `the argument "${placeholder.path}" holds a line break or another character a header cannot carry`);
    }
    return plain;
  });
}

/** An HTTP tool's request for one call. */
export interface HttpRequestText {
  method: HttpTool["method"];
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The request a call makes; throws TemplateError naming the field that cannot be filled. */
export function fillHttpRequest(def: HttpTool, args: unknown, secret: (name: string) => string): HttpRequestText {
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(def.headers)) headers[name] = fillTemplate(template, "header", `headers.${name}`, args, secret);
  return {
    method: def.method,
    url: fillTemplate(def.url, "url", "url", args, secret),
    headers,
    ...(def.body !== undefined ? { body: fillTemplate(def.body, "body", "body", args, secret) } : {}),
  };
}

/** The request as people may see it (the studio's preview, a report of the call): secrets shown as [secret NAME]. */
export function previewHttpRequest(def: HttpTool, args: unknown): HttpRequestText {
  return fillHttpRequest(def, args, secretMark);
}

export function secretMark(name: string): string {
  return `[secret ${name}]`;
}

export interface TemplateProblem {
  /** The tool's field: "url", "body", "headers.<name>". */
  field: string;
  message: string;
  severity: "error" | "warning";
}

/** What is wrong with an HTTP tool's templates themselves, whatever the arguments. */
export function templateProblems(def: HttpTool): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const error = (field: string, message: string) => problems.push({ field, message, severity: "error" });
  for (const [field, template] of [["url", def.url], ["body", def.body ?? ""]] as const) {
    for (const p of placeholdersOf(template)) {
      if (p.kind === "secret") error(field, misplacedSecret(p.text, field));
    }
  }
  // Every argument stands for some text: "x" is enough to see the URL's shape.
  const sample = def.url.replace(PLACEHOLDER, "x");
  if (!URL.canParse(sample) || !["http:", "https:"].includes(new URL(sample).protocol)) {
    error("url", "expected an http:// or https:// URL, e.g. https://api.example.com/orders/{{order_id}}");
  }
  for (const name of Object.keys(def.headers)) {
    if (!HEADER_NAME.test(name)) error(`headers.${name}`, `"${name}" is not a header name (letters, digits and - are)`);
  }
  // A placeholder is filled with JSON, quotes included: one written inside quotes breaks the body.
  if (def.body?.trim() && !isJson(def.body.replace(PLACEHOLDER, '""'))) {
    problems.push({
      field: "body",
      message: 'the body is not JSON once filled: {{x}} is written as JSON, quotes included, so write "note": {{note}}, not "note": "{{note}}"',
      severity: "warning",
    });
  }
  return problems;
}

function misplacedSecret(text: string, place: string): string {
  return `${text} is a secret: secrets go in headers only, never in the ${place}`;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
