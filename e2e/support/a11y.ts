// What every page must be: no serious or critical axe-core violation, and every visible control
// reached by Tab with a focus ring.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { tabTour, type Tour } from "./keyboard.js";

export async function expectNoSeriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious, "serious or critical axe violations").toEqual([]);
}

/** No serious or critical axe violation; Tab reaches every visible control, each with a ring. */
export async function expectAccessible(page: Page): Promise<Tour> {
  await expectNoSeriousViolations(page);
  const tour = await tabTour(page);
  expect(tour.unreached, "visible controls that Tab never reached").toEqual([]);
  expect(tour.ringless, "elements that look the same with and without focus").toEqual([]);
  return tour;
}
