// HTTP tool templates: how each place writes an argument, secrets only in headers, and the checks of a tool's templates.
import { describe, expect, it } from "vitest";
import { fillHttpRequest, fillTemplate, placeholdersOf, previewHttpRequest, templateProblems } from "./http-template.js";
import { HttpTool } from "./tools.js";

const noSecrets = (name: string): string => {
  throw new Error(`no secret expected, asked for ${name}`);
};

/** Matches the TemplateError a fill throws, by its field and message. */
const templateError = (field: string, message: string | RegExp) =>
  expect.objectContaining({ name: "TemplateError", field, message: typeof message === "string" ? message : expect.stringMatching(message) });

const refund = HttpTool.parse({
  name: "refund",
  method: "POST",
  url: "https://api.example.com/orders/{{order_id}}/refunds?note={{ note }}",
  headers: { Authorization: "Bearer {{secret.PAYMENTS_KEY}}", "X-Customer": "{{customer.name}}" },
  body: '{"amount": {{amount}}, "note": {{note}}, "customer": {{customer}}}',
  parameters: {
    type: "object",
    properties: { order_id: { type: "string" }, amount: { type: "number" }, note: { type: "string" }, customer: { type: "object" } },
  },
});
const args = { order_id: "A 1/2?x=1", amount: 250, note: 'too "big" & late', customer: { name: "Zoë Ng", tier: 2 } };

describe("placeholdersOf", () => {
  it("tells arguments (dotted paths) from secrets, spaces inside the braces allowed", () => {
    expect(placeholdersOf("{{a}} {{ b.c }} {{secret.KEY_1}} {{secret}} {{ not one }} {a}")).toEqual([
      { kind: "argument", path: "a", text: "{{a}}" },
      { kind: "argument", path: "b.c", text: "{{ b.c }}" },
      { kind: "secret", name: "KEY_1", text: "{{secret.KEY_1}}" },
      { kind: "argument", path: "secret", text: "{{secret}}" },
    ]);
  });
});

describe("fillHttpRequest", () => {
  it("percent-encodes arguments in the URL, JSON-encodes them in the body, writes them plainly in headers", () => {
    const request = fillHttpRequest(refund, args, (name) => `value-of-${name}`);
    expect(request).toEqual({
      method: "POST",
      url: "https://api.example.com/orders/A%201%2F2%3Fx%3D1/refunds?note=too%20%22big%22%20%26%20late",
      headers: { Authorization: "Bearer value-of-PAYMENTS_KEY", "X-Customer": "Zoë Ng" },
      body: '{"amount": 250, "note": "too \\"big\\" & late", "customer": {"name":"Zoë Ng","tier":2}}',
    });
    // The URL's path keeps the argument in one segment, and the body reads back as the arguments.
    expect(decodeURIComponent(new URL(request.url).pathname.split("/")[2]!)).toBe(args.order_id);
    expect(JSON.parse(request.body!)).toEqual({ amount: 250, note: args.note, customer: args.customer });
  });

  it("writes numbers, booleans and objects in the URL and headers as their JSON text", () => {
    expect(fillTemplate("/x/{{n}}/{{b}}?o={{o}}", "url", "url", { n: 2.5, b: false, o: { k: 1 } }, noSecrets)).toBe("/x/2.5/false?o=%7B%22k%22%3A1%7D");
    expect(fillTemplate("{{n}}-{{b}}", "header", "headers.X", { n: 7, b: true }, noSecrets)).toBe("7-true");
    expect(fillTemplate("{{v}}", "body", "body", { v: null }, noSecrets)).toBe("null");
  });

  it("sends no body when the tool has none", () => {
    const get = HttpTool.parse({ name: "get", method: "GET", url: "https://api.example.com/x" });
    expect(fillHttpRequest(get, {}, noSecrets)).toEqual({ method: "GET", url: "https://api.example.com/x", headers: {} });
  });

  it("refuses a missing argument, naming it and the field", () => {
    expect(() => fillHttpRequest(refund, { ...args, order_id: undefined }, () => "k")).toThrow(
      templateError("url", 'the argument "order_id" is missing (the url uses it)'),
    );
    expect(() => fillTemplate("{{a.b}}", "body", "body", { a: {} }, noSecrets)).toThrow(templateError("body", /"a\.b" is missing/));
  });

  it("refuses an argument that would break a header (a line break smuggling another header)", () => {
    expect(() => fillHttpRequest(refund, { ...args, customer: { name: "x\r\nX-Admin: 1" } }, () => "k")).toThrow(
      templateError("headers.X-Customer", /^the argument "customer\.name" holds a line break/),
    );
  });

  it("refuses a secret in the URL or the body and never asks for its value", () => {
    const asked: string[] = [];
    const secret = (name: string) => (asked.push(name), "v");
    expect(() => fillTemplate("https://x.test/?k={{secret.K}}", "url", "url", {}, secret)).toThrow(
      templateError("url", "{{secret.K}} is a secret: secrets go in headers only, never in the url"),
    );
    expect(() => fillTemplate('{"k": {{ secret.K }}}', "body", "body", {}, secret)).toThrow(
      templateError("body", "{{ secret.K }} is a secret: secrets go in headers only, never in the body"),
    );
    expect(asked).toEqual([]);
  });

  it("previews the request with each secret shown by name, never its value", () => {
    expect(previewHttpRequest(refund, args).headers).toEqual({ Authorization: "Bearer [secret PAYMENTS_KEY]", "X-Customer": "Zoë Ng" });
  });
});

describe("templateProblems", () => {
  const tool = (over: Record<string, unknown>) => HttpTool.parse({ name: "t", method: "POST", url: "https://api.example.com/{{id}}", ...over });

  it("finds nothing wrong with a well-formed tool", () => {
    expect(templateProblems(refund)).toEqual([]);
    expect(templateProblems(tool({ body: "  " }))).toEqual([]);
  });

  it("a secret in the URL or the body is an error naming the field", () => {
    expect(templateProblems(tool({ url: "https://x.test/?key={{secret.K}}", body: '{"k": {{secret.K}}}' }))).toEqual([
      { field: "url", message: "{{secret.K}} is a secret: secrets go in headers only, never in the url", severity: "error" },
      { field: "body", message: "{{secret.K}} is a secret: secrets go in headers only, never in the body", severity: "error" },
    ]);
  });

  it("a URL that is not http(s) is an error", () => {
    for (const url of ["ftp://x.test/{{id}}", "api.example.com/{{id}}", "file:///etc/passwd"]) {
      expect(templateProblems(tool({ url })), url).toEqual([
        { field: "url", message: expect.stringContaining("expected an http:// or https:// URL"), severity: "error" },
      ]);
    }
    expect(templateProblems(tool({ url: "https://{{host}}.example.com/a" }))).toEqual([]);
  });

  it("a header name HTTP does not allow is an error", () => {
    expect(templateProblems(tool({ headers: { "X Bad:": "1", "X-Good": "2" } }))).toEqual([
      { field: "headers.X Bad:", message: '"X Bad:" is not a header name (letters, digits and - are)', severity: "error" },
    ]);
  });

  it("warns when the body is not JSON once filled (a placeholder inside quotes)", () => {
    expect(templateProblems(tool({ body: '{"note": "{{note}}"}' }))).toEqual([
      { field: "body", message: expect.stringContaining("the body is not JSON once filled"), severity: "warning" },
    ]);
  });
});
