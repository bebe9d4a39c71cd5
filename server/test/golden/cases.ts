// The golden runs: example flows with the people's answers, recorded with the offline
// scripted model by `node --import tsx server/test/golden/record.ts` into *.run.json.
import { readFileSync } from "node:fs";
import { templateById, type HumanAnswer } from "@tandem/shared";

const seed = JSON.parse(readFileSync(new URL("../../../examples/hitl-review.flow.json", import.meta.url), "utf8"));
const template = (id: string) => templateById(id)!.flow;

export interface GoldenCase {
  name: string;
  flow: unknown;
  input: string;
  /** Answers for the human requests, in order (a request about a reading takes its default outcome). */
  answers: HumanAnswer[];
  /** The outcomes picked for requests about a reading, in order (a correction when it differs); past the list, the reading is taken. */
  readings?: string[];
}

export const goldenCases: GoldenCase[] = [
  { name: "seed-approve", flow: seed, input: "Write a summary of the history of the internet.", answers: [{ text: "Looks good, approve." }] },
  {
    name: "seed-revise-then-approve",
    flow: seed,
    input: "Write a summary of the history of the internet.",
    answers: [{ text: "Make it shorter" }, { text: "Approve." }],
  },
  {
    name: "seed-negated-approval",
    flow: seed,
    input: "Write a summary of the history of the internet.",
    answers: [{ text: "I don't approve this, make it shorter" }, { text: "LGTM" }],
  },
  {
    name: "seed-corrected-reading",
    flow: seed,
    input: "Write a summary of the history of the internet.",
    answers: [{ text: "Make it shorter" }],
    readings: ["approve"],
  },
  {
    name: "writer-review-edit",
    flow: template("writer-review"),
    input: "A note to the team about Friday's release.",
    answers: [{ outcome: "revise", text: "Mention the rollback plan." }, { outcome: "approve", edit: "Friday's release ships at 10:00; rollback plan attached." }],
  },
  { name: "qa-review", flow: template("qa-review"), input: "Explain our refund policy in two sentences.", answers: [{ outcome: "approve" }] },
  { name: "fallback", flow: template("fallback"), input: "Fix the flaky login test.", answers: [{ text: "I'll take it from here." }] },
];
