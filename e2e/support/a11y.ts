// What every page must be: no serious or critical axe-core violation, no moderate one either on
// the page's structure (one main landmark, content in landmarks, headings that skip no level),
// and every visible control reached by Tab with a focus ring.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { tabTour, type Tour } from "./keyboard.js";

/** axe's rules on landmarks and headings: a screen reader user moves by them. */
const STRUCTURE = /^(landmark-.+|region|heading-order|page-has-heading-one|empty-heading)$/;

export async function expectNoSeriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const described = (list: typeof violations) => list.map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(described(serious), "serious or critical axe violations").toEqual([]);
  const structure = violations.filter((v) => STRUCTURE.test(v.id) && v.impact === "moderate");
  expect(described(structure), "moderate axe violations of landmarks and headings").toEqual([]);
}

/** No serious or critical axe violation; Tab reaches every visible control, each with a ring. */
export async function expectAccessible(page: Page): Promise<Tour> {
  await expectNoSeriousViolations(page);
  const tour = await tabTour(page);
  expect(tour.unreached, "visible controls that Tab never reached").toEqual([]);
  expect(tour.ringless, "elements that look the same with and without focus").toEqual([]);
  return tour;
}
