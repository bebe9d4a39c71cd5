// A keyboard-only tour of a page: Tab from where the focus is until it comes back around, noting
// every element reached and whether it looked different while focused (a focus ring).
import type { Locator, Page } from "@playwright/test";

/** What a focus ring is made of: the styles compared on an element and everything inside it. */
const RING_STYLES = ["outline-style", "outline-width", "outline-color", "box-shadow", "stroke", "stroke-width"] as const;
const TABS_PER_LOOK = 8;

export interface Tour {
  /** Visible, enabled controls that Tab never reached, described. */
  unreached: string[];
  /** Elements reached whose look did not change with focus, described. */
  ringless: string[];
  /** Whether the tour reached the element and showed a ring on it. */
  reachedWithRing(locator: Locator): Promise<boolean>;
}

interface TourState {
  reached: WeakSet<Element>;
  ring: WeakSet<Element>;
  ringless: Set<Element>;
  focused: Map<Element, string>;
  /** Where the tour began (the first element reached, when it began on the page itself). */
  start?: Element;
  away: boolean;
  back: boolean;
  done: boolean;
  /** Removes this tour's listeners when the next tour of the page begins. */
  listening: AbortController;
}

type TourWindow = Window & { __tour?: TourState };

/** Tabs through the whole page once (at most `limit` presses) and reports what it found. */
export async function tabTour(page: Page, limit = 300): Promise<Tour> {
  await page.evaluate((styles) => {
    const look = (el: Element) => [el, ...Array.from(el.querySelectorAll("*")).slice(0, 60)].map((e) => styles.map((s) => getComputedStyle(e).getPropertyValue(s)).join("|")).join("\n");
    (window as TourWindow).__tour?.listening.abort();
    const listening = new AbortController();
    const state: TourState = { reached: new WeakSet(), ring: new WeakSet(), ringless: new Set(), focused: new Map(), away: false, back: false, done: false, listening };
    const at = document.activeElement;
    if (at && at !== document.body) state.start = at;
    (window as TourWindow).__tour = state;
    document.addEventListener("focusin", (e) => {
      const el = e.target as Element;
      state.reached.add(el);
      state.focused.set(el, look(el));
      // Done once the focus has gone around, come back to the start and left it again.
      if (!state.start) state.start = el;
      else if (el === state.start) state.back = state.away;
      else if (state.back) state.done = true;
      else state.away = true;
    }, listening);
    // Chromium has already taken the focus away when focusout fires, so this is the unfocused look.
    document.addEventListener("focusout", (e) => {
      const el = e.target as Element;
      const focused = state.focused.get(el);
      if (focused === undefined) return;
      state.focused.delete(el);
      if (focused !== look(el)) state.ring.add(el);
      else if (!state.ring.has(el)) state.ringless.add(el);
    }, listening);
  }, RING_STYLES);

  // Round trips are what a busy machine makes slow, so Tab is pressed a few times between looks.
  for (let presses = 0; !(await page.evaluate(() => (window as TourWindow).__tour!.done)); presses += TABS_PER_LOOK) {
    if (presses >= limit) throw new Error(`Tab did not come back around in ${limit} presses (at ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))})`);
    for (let i = 0; i < TABS_PER_LOOK; i++) await page.keyboard.press("Tab");
  }

  const found = await page.evaluate(() => {
    const state = (window as TourWindow).__tour!;
    const describe = (el: Element) => {
      const name = el.getAttribute("aria-label") ?? el.getAttribute("title") ?? el.textContent?.trim().slice(0, 40) ?? "";
      return `<${el.tagName.toLowerCase()}${el.getAttribute("role") ? ` role=${el.getAttribute("role")}` : ""}> ${name}`.trim();
    };
    const controls = document.querySelectorAll(
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"]), [role="button"], [role="link"], [role="tab"], [role="slider"], [role="checkbox"], [contenteditable="true"]',
    );
    const unreached = Array.from(controls)
      // tabindex="-1" takes an element out of the order on purpose (a file chooser behind its button).
      .filter((el) => !(el as HTMLButtonElement).disabled && el.getAttribute("tabindex") !== "-1" && !el.closest("[inert]") && el.checkVisibility({ visibilityProperty: true }))
      .filter((el) => !state.reached.has(el))
      .map(describe);
    return { unreached, ringless: [...state.ringless].map(describe) };
  });
  return {
    ...found,
    reachedWithRing: (locator) => locator.evaluate((el) => (window as TourWindow).__tour!.ring.has(el)),
  };
}

/** Presses Tab until `target` has the focus, as someone without a mouse would get there. */
export async function tabTo(page: Page, target: Locator, limit = 150) {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab did not reach ${target} in ${limit} presses`);
}
