// Journey: a QA agent with an output schema. From the "QA reviewer + sign-off" template, run
// offline: the QA agent's reply shows as an object and the run routes on verdict == "pass" to
// the sign-off. In the inspector, the schema's form and its raw JSON are two views of one schema.
import type { Locator, Page } from "@playwright/test";
import { expect, node, test } from "../support/fixtures.js";
import { humanCard, messagesOf, runStatus } from "../support/runs.js";

async function newFromTemplate(page: Page): Promise<string> {
  await page.goto("/");
  await page.getByRole("button", { name: "New flow from template QA reviewer + sign-off" }).click();
  await expect(page).toHaveURL(/#\/flows\/[^/]+$/);
  return decodeURIComponent(page.url().split("#/flows/")[1]!);
}

/** The form's rows are these fields, in this order. */
async function expectFields(section: Locator, names: string[]) {
  const boxes = section.getByRole("textbox", { name: "Field name" });
  await expect(boxes).toHaveCount(names.length);
  for (const [i, name] of names.entries()) await expect(boxes.nth(i)).toHaveValue(name);
}

test("the QA agent's structured reply shows as an object and routes the run to the sign-off", async ({ page }) => {
  await newFromTemplate(page);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByRole("textbox", { name: "Run input" }).fill("How do I start Tandem?");
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/);

  // verdict == "pass": the run goes to the person who signs off, not back to the author.
  await expect(humanCard(page, "sign_off")).toBeVisible();
  await expect(runStatus(page)).toHaveText("Needs a person");
  await expect(messagesOf(page, "author")).toHaveCount(1);
  const reply = messagesOf(page, "qa");
  await expect(reply).toHaveCount(1);
  const object = reply.getByLabel("Structured reply");
  await expect(object.getByRole("term")).toHaveText(["verdict", "notes"]);
  await expect(object.getByRole("definition")).toHaveText(["pass", "The answer is correct and complete."]);
  // Shown as fields, not as the JSON text.
  await expect(reply).not.toContainText('{"verdict"');
});

test("the output schema's form and raw JSON show each other's edits; problems show under the field", async ({ page }) => {
  await newFromTemplate(page);
  await node(page, "qa").click();
  const section = page.locator("details.output-schema");
  await expect(section.locator("summary")).toHaveText("Output schema");

  // The form: one row per field.
  await expectFields(section, ["verdict", "notes"]);
  await expect(section.getByRole("textbox", { name: "Allowed values of verdict" })).toHaveValue("pass, fail");

  // Form → JSON: a new allowed value and a new numeric field.
  await section.getByRole("textbox", { name: "Allowed values of verdict" }).fill("pass, fail, unsure");
  await section.getByRole("button", { name: "Add field" }).click();
  await section.getByRole("textbox", { name: "Field name" }).nth(2).fill("score");
  await section.getByRole("combobox", { name: "Type of score" }).selectOption("number");
  await section.getByRole("button", { name: "Show JSON" }).click();
  const json = section.getByRole("textbox", { name: "Output schema (JSON)" });
  const shown = JSON.parse(await json.inputValue()) as { properties: Record<string, unknown>; required: string[] };
  expect(shown.properties.verdict).toEqual({ type: "string", enum: ["pass", "fail", "unsure"] });
  expect(shown.properties.score).toEqual({ type: "number" });
  expect(shown.required).toEqual(["verdict", "notes", "score"]);

  // Text that is not JSON is not applied; the error says why.
  await json.fill('{ "type": "object", ');
  await expect(section.locator(".field-error")).toContainText("not JSON");

  // JSON → form: a field made optional with a description, and one the validator refuses.
  const next = {
    type: "object",
    properties: {
      verdict: { type: "string", enum: ["pass", "fail"], description: "pass or fail" },
      notes: { type: "text" },
    },
    required: ["verdict"],
    additionalProperties: false,
  };
  await json.fill(JSON.stringify(next, null, 2));
  await expect(section.locator(".field-error")).toContainText('properties.notes.type: expected one of object, array, string');
  await section.getByRole("button", { name: "Show form" }).click();
  await expect(section).toContainText("The form shows flat fields only");
  await section.getByRole("button", { name: "Edit it as JSON" }).click();
  await json.fill(JSON.stringify({ ...next, properties: { ...next.properties, notes: { type: "string" } } }, null, 2));
  await expect(section.locator(".field-error")).toHaveCount(0);
  await section.getByRole("button", { name: "Show form" }).click();
  await expectFields(section, ["verdict", "notes"]);
  await expect(section.getByRole("textbox", { name: "Description of verdict" })).toHaveValue("pass or fail");
  await expect(section.getByRole("textbox", { name: "Allowed values of verdict" })).toHaveValue("pass, fail");
  await expect(section.getByRole("listitem", { name: "Field notes" }).getByRole("checkbox")).not.toBeChecked();
  await expect(section.getByRole("listitem", { name: "Field verdict" }).getByRole("checkbox")).toBeChecked();
});
