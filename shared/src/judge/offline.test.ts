// The offline judge against the labelled reviewer replies, and on nodes with other outcomes.
import { describe, expect, it } from "vitest";
import replies from "../../test/reviewer-replies.json";
import { CONFIDENT } from "./intent.js";
import { readOffline } from "./offline.js";
import type { Outcome } from "../flow.js";

const REVIEW: Outcome[] = [
  { name: "approve", description: "the draft is accepted as it is" },
  { name: "revise", description: "changes are needed" },
  { name: "reject", description: "the request is turned down" },
  { name: "escalate", description: "someone else must decide" },
];
const QA: Outcome[] = [
  { name: "pass", description: "the draft meets the bar" },
  { name: "fail", description: "the draft does not meet the bar" },
];
const LABELS = ["approve", "revise", "reject", "escalate"];

describe("the labelled replies", () => {
  it("are at least 300, each labelled with a review outcome, about a third held out", () => {
    expect(replies.length).toBeGreaterThanOrEqual(300);
    for (const reply of replies) expect(LABELS, reply.text).toContain(reply.outcome);
    expect(replies.filter((r) => r.tags.includes("heldout")).length).toBeGreaterThanOrEqual(100);
    expect(new Set(replies.map((r) => r.text)).size).toBe(replies.length);
  });

  it("are read as labelled at least 95 % of the time", () => {
    const wrong = replies.filter((r) => readOffline(r.text, REVIEW).outcome !== r.outcome);
    expect(1 - wrong.length / replies.length, wrong.map((r) => r.text).join("\n")).toBeGreaterThanOrEqual(0.95);
  });

  it("never read a negated reply that is not an approval as approve", () => {
    const negated = replies.filter((r) => r.tags.includes("negation") && r.outcome !== "approve");
    expect(negated.length).toBeGreaterThan(20);
    expect(negated.filter((r) => readOffline(r.text, REVIEW).outcome === "approve").map((r) => r.text)).toEqual([]);
  });

  it("read an outcome only with confidence, and confidence stays in [0, 1]", () => {
    for (const { text } of replies) {
      const reading = readOffline(text, REVIEW);
      expect(reading.confidence, text).toBeGreaterThanOrEqual(0);
      expect(reading.confidence, text).toBeLessThanOrEqual(1);
      if (reading.outcome !== null) expect(reading.confidence, text).toBeGreaterThanOrEqual(CONFIDENT);
    }
  });
});

describe("readOffline", () => {
  it("never reads a negated approval as approve, whatever the words around it", () => {
    const approvals = ["approve this", "approve it", "sign off on this", "accept it", "publish this", "ship it", "say it looks good"];
    const negations = ["I don't", "I do not", "I can't", "we won't", "I would never", "Please don't", "No, I don't"];
    for (const negation of negations)
      for (const approval of approvals) {
        const text = `${negation} ${approval}`;
        expect(readOffline(text, REVIEW).outcome, text).not.toBe("approve");
      }
    expect(readOffline("Not approved.", REVIEW).outcome).toBe("reject");
    expect(readOffline("LGTM. Actually no, don't approve it.", REVIEW).outcome).not.toBe("approve");
  });

  it("reads a negated request for changes as approval", () => {
    expect(readOffline("No changes needed.", REVIEW)).toMatchObject({ outcome: "approve", reason: 'sees nothing to change ("No changes")' });
    expect(readOffline("Nothing to fix here", REVIEW).outcome).toBe("approve");
  });

  it("weighs clauses: an approval that asks for changes is a revision, an approval after \"but\" outweighs a negation", () => {
    expect(readOffline("approved, but cut the intro", REVIEW)).toMatchObject({ outcome: "revise", reason: 'approves with changes: asks for a shorter version ("cut")' });
    expect(readOffline("I don't approve this, make it shorter", REVIEW)).toMatchObject({
      outcome: "revise",
      reason: 'asks for a shorter version ("shorter"); negated approval ("don\'t approve")',
    });
    expect(readOffline("It's not perfect, but approve it", REVIEW).outcome).toBe("approve");
  });

  it("names the cue it went by in the reason", () => {
    expect(readOffline("LGTM", REVIEW)).toEqual({ outcome: "approve", reason: 'approves ("LGTM")', confidence: 1 });
    expect(readOffline("Ask legal first.", REVIEW)).toMatchObject({ outcome: "escalate", reason: 'hands it to someone else ("legal")' });
    expect(readOffline("Why is the price so high?", REVIEW)).toMatchObject({ outcome: "revise", reason: 'asks a question back ("Why is the price so high")' });
  });

  it("forgives one slip in a long cue word, not in a short one", () => {
    expect(readOffline("aproved", REVIEW)).toMatchObject({ outcome: "approve", reason: 'approves ("aproved")' });
    expect(readOffline("rejcted", REVIEW).outcome).toBe("reject");
    expect(readOffline("god", REVIEW).outcome).toBeNull(); // "good" has four letters: no typo allowed
  });

  it("maps the intent to other outcome names by their names and descriptions", () => {
    expect(readOffline("looks good", QA).outcome).toBe("pass");
    expect(readOffline("fails the style check", QA).outcome).toBe("fail");
    const publishing: Outcome[] = [
      { name: "publish", description: "it goes out now" },
      { name: "hold", description: "it waits for next week" },
    ];
    expect(readOffline("Ship it", publishing).outcome).toBe("publish");
    expect(readOffline("hold it until Monday", publishing)).toMatchObject({ outcome: "hold", reason: 'names "hold" ("hold")' });
    const described: Outcome[] = [
      { name: "a", description: "accepted as it is" },
      { name: "b", description: "needs rework" },
    ];
    expect(readOffline("LGTM", described).outcome).toBe("a");
    expect(readOffline("shorten the intro", described).outcome).toBe("b");
  });

  it("sends a refusal to the revise outcome when the node has no reject outcome, and a change request to fail on a pass/fail node", () => {
    const twoWay = REVIEW.slice(0, 2);
    expect(readOffline("Rejected.", twoWay)).toMatchObject({ outcome: "revise", reason: 'turns it down ("Rejected"); no reject outcome here' });
    expect(readOffline("fix the typo", QA).outcome).toBe("fail");
  });

  it("reads no outcome when it cannot tell, or when no outcome means what was said", () => {
    for (const text of ["hmm", "", "?", "   ", "yes and no", "ok, I dunno", "we talked about it on Tuesday"]) {
      const reading = readOffline(text, REVIEW);
      expect(reading.outcome, text).toBeNull();
      expect(reading.reason, text).not.toBe("");
    }
    expect(readOffline("hmm", REVIEW).reason).toBe('hesitates ("hmm")');
    expect(readOffline("Ask my manager.", QA)).toMatchObject({ outcome: null, reason: 'hands it to someone else ("manager"), which no outcome here means' });
    const twins: Outcome[] = [
      { name: "ok", description: "fine" },
      { name: "accept", description: "accepted" },
    ];
    expect(readOffline("LGTM", twins).outcome).toBeNull();
  });
});
