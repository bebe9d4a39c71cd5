// Starting points offered by the studio (and used by tests and the server): plain flow data.
// Agents carry `script` replies so that each template runs sensibly offline with the scripted model;
// the tool templates name the demo MCP servers of the repository's tandem.tools.json.
import type { Flow } from "./flow.js";

export interface FlowTemplate {
  id: string;
  title: string;
  description: string;
  flow: Flow;
}

const MODEL = "openai/gpt-4o-mini";

const writerReview: Flow = {
  schemaVersion: 2,
  name: "Writer with a human reviewer",
  description: "A writer drafts; a person approves or asks for a revision with feedback.",
  maxSteps: 40,
  nodes: [
    { id: "user", type: "start", position: { x: 0, y: 100 }, data: { name: "user" } },
    {
      id: "writer",
      type: "agent",
      position: { x: 240, y: 100 },
      data: {
        name: "writer",
        model: MODEL,
        systemMessage:
          "You write a short, clear draft for the user's request. When a reviewer gives feedback, revise the draft to address it and return the whole new draft.",
        temperature: 0.7,
        maxVisits: 6,
        // No script: offline, the scripted model answers what was asked and the reviewer's feedback.
      },
    },
    {
      id: "reviewer",
      type: "human",
      position: { x: 530, y: 100 },
      data: {
        name: "reviewer",
        instructions: "Read the draft. Approve it, or say what to change.",
        outcomes: [
          { name: "approve", description: "the draft is accepted as it is" },
          { name: "revise", description: "changes are needed; the reply says what to change" },
        ],
        allowText: true,
        allowEdit: true,
      },
    },
    { id: "end", type: "end", position: { x: 870, y: 100 }, data: { name: "end" } },
  ],
  edges: [
    { id: "e_user_writer", source: "user", target: "writer", data: {} },
    { id: "e_writer_reviewer", source: "writer", target: "reviewer", data: {} },
    { id: "e_reviewer_end", source: "reviewer", target: "end", data: { when: { kind: "outcome", value: "approve" } } },
    { id: "e_reviewer_writer", source: "reviewer", target: "writer", data: { when: { kind: "otherwise" } } },
  ],
};

const qaReview: Flow = {
  schemaVersion: 2,
  name: "QA reviewer with human sign-off",
  description: "An agent answers, a QA agent checks the answer, and a person signs it off.",
  maxSteps: 40,
  nodes: [
    { id: "user", type: "start", position: { x: 0, y: 100 }, data: { name: "user" } },
    {
      id: "author",
      type: "agent",
      position: { x: 240, y: 100 },
      data: {
        name: "author",
        model: MODEL,
        systemMessage: "Answer the user's request accurately. If QA or a person sends it back, fix what they point out.",
        maxVisits: 4,
        script: [
          "Answer: run `tandem serve`, open the studio, and start a flow from a template.",
          "Corrected answer: run `pnpm start`, open http://127.0.0.1:8787/, and start a flow from a template.",
        ],
      },
    },
    {
      id: "qa",
      type: "agent",
      position: { x: 530, y: 100 },
      data: {
        name: "qa",
        model: MODEL,
        systemMessage:
          "You are a QA reviewer. Check the author's last answer for mistakes. Give the verdict pass if it is correct; otherwise fail, with notes on what must change.",
        temperature: 0,
        maxVisits: 4,
        outputSchema: {
          type: "object",
          properties: {
            verdict: { type: "string", enum: ["pass", "fail"] },
            notes: { type: "string" },
          },
          required: ["verdict", "notes"],
          additionalProperties: false,
        },
        script: ['{"verdict":"pass","notes":"The answer is correct and complete."}'],
      },
    },
    {
      id: "signoff",
      type: "human",
      position: { x: 820, y: 100 },
      data: {
        name: "sign_off",
        instructions: "QA passed this answer. Sign it off, or send it back with a note.",
        outcomes: [
          { name: "approve", description: "the answer is signed off" },
          { name: "send back", description: "the answer needs another change; the reply says what" },
        ],
        allowText: true,
        allowEdit: false,
      },
    },
    { id: "end", type: "end", position: { x: 1150, y: 100 }, data: { name: "end" } },
  ],
  edges: [
    { id: "e_user_author", source: "user", target: "author", data: {} },
    { id: "e_author_qa", source: "author", target: "qa", data: {} },
    { id: "e_qa_signoff", source: "qa", target: "signoff", data: { when: { kind: "field", path: "verdict", op: "==", value: "pass" } } },
    { id: "e_qa_author", source: "qa", target: "author", data: { when: { kind: "otherwise" } } },
    { id: "e_signoff_end", source: "signoff", target: "end", data: { when: { kind: "outcome", value: "approve" } } },
    { id: "e_signoff_author", source: "signoff", target: "author", data: { when: { kind: "otherwise" } } },
  ],
};

const escalation: Flow = {
  schemaVersion: 2,
  name: "Escalate to a person when unsure",
  description: "An agent answers; when it says it is unsure, a person gives guidance and the agent answers again.",
  maxSteps: 20,
  nodes: [
    { id: "user", type: "start", position: { x: 0, y: 100 }, data: { name: "user" } },
    {
      id: "assistant",
      type: "agent",
      position: { x: 240, y: 100 },
      data: {
        name: "assistant",
        model: MODEL,
        systemMessage:
          "Answer the user's question. If you are not confident, begin your reply with the word unsure and say what you would need to know. If an expert has replied, use their guidance.",
        temperature: 0.2,
        maxVisits: 3,
        script: [
          "unsure: the refund policy for orders older than 30 days is not in my notes. Could someone confirm it?",
          "With the expert's guidance: orders older than 30 days can be refunded as store credit.",
        ],
      },
    },
    {
      id: "expert",
      type: "human",
      position: { x: 560, y: 300 },
      data: {
        name: "expert",
        instructions: "The assistant is unsure. Write the guidance it needs to answer.",
        outcomes: [],
        allowText: true,
        allowEdit: false,
        maxVisits: 2,
      },
    },
    { id: "end", type: "end", position: { x: 580, y: 0 }, data: { name: "end" } },
  ],
  edges: [
    { id: "e_user_assistant", source: "user", target: "assistant", data: {} },
    { id: "e_assistant_expert", source: "assistant", target: "expert", data: { when: { kind: "contains", value: "unsure" } } },
    { id: "e_assistant_end", source: "assistant", target: "end", data: { when: { kind: "otherwise" } } },
    { id: "e_expert_assistant", source: "expert", target: "assistant", data: {} },
  ],
};

const fallbackWhenStuck: Flow = {
  schemaVersion: 2,
  name: "Hand over to a person when stuck",
  description:
    "A worker and a checker loop; once the worker has used its 3 visits, routing passes over the loop edge and the next edge hands the run to a person.",
  maxSteps: 30,
  nodes: [
    { id: "user", type: "start", position: { x: 0, y: 100 }, data: { name: "user" } },
    {
      id: "worker",
      type: "agent",
      position: { x: 240, y: 100 },
      data: {
        name: "worker",
        model: MODEL,
        systemMessage: "Solve the user's task. If the checker rejects your attempt, try again taking its notes into account.",
        maxVisits: 3,
        script: [
          "Attempt 1: the total is 41.",
          "Attempt 2: the total is 43.",
          "Attempt 3: the total is 40.",
        ],
      },
    },
    {
      id: "checker",
      type: "agent",
      position: { x: 530, y: 100 },
      data: {
        name: "checker",
        model: MODEL,
        systemMessage: "Check the worker's last attempt. Reply \"verdict: pass\" if it is right, otherwise \"verdict: fail\" and why.",
        temperature: 0,
        script: [
          "verdict: fail — the items add up to 42.",
          "verdict: fail — still not 42.",
          "verdict: fail — the worker keeps missing one item.",
        ],
      },
    },
    {
      id: "operator",
      type: "human",
      position: { x: 820, y: 290 },
      data: {
        name: "operator",
        instructions: "The worker is stuck. Edit the last answer into the right one, or write it yourself.",
        outcomes: [],
        allowText: true,
        allowEdit: true,
      },
    },
    { id: "end", type: "end", position: { x: 1150, y: 100 }, data: { name: "end" } },
  ],
  edges: [
    { id: "e_user_worker", source: "user", target: "worker", data: {} },
    { id: "e_worker_checker", source: "worker", target: "checker", data: {} },
    { id: "e_checker_end", source: "checker", target: "end", data: { when: { kind: "contains", value: "verdict: pass" } } },
    // Taken while the worker has visits left; then passed over, so the next edge hands over.
    { id: "e_checker_worker", source: "checker", target: "worker", data: { when: { kind: "otherwise" } } },
    { id: "e_checker_operator", source: "checker", target: "operator", data: { when: { kind: "otherwise" } } },
    { id: "e_operator_end", source: "operator", target: "end", data: {} },
  ],
};

const DAY = 86_400;

const escalateToManager: Flow = {
  schemaVersion: 2,
  name: "Escalate to a manager",
  description:
    "A clerk sums up an expense claim for finance to approve; unanswered, finance is reminded after a day, the claim goes to a manager after two, and it is rejected after three.",
  maxSteps: 10,
  nodes: [
    { id: "employee", type: "start", position: { x: 0, y: 100 }, data: { name: "employee" } },
    {
      id: "clerk",
      type: "agent",
      position: { x: 240, y: 100 },
      data: {
        name: "clerk",
        model: MODEL,
        systemMessage: "Sum up the expense claim for the approver: who, what for, the total, and anything unusual.",
        temperature: 0,
        script: ["Expense claim: train tickets and two nights in Lyon for the customer workshop, $420 in all. Receipts attached; nothing unusual."],
      },
    },
    {
      id: "approver",
      type: "human",
      position: { x: 530, y: 100 },
      data: {
        name: "approver",
        instructions: "Approve or reject this expense claim.",
        outcomes: [
          { name: "approve", description: "the claim is paid" },
          { name: "reject", description: "the claim is not paid; the reply says why" },
        ],
        allowText: true,
        allowEdit: false,
        assignees: { users: [], roles: ["finance"] },
        escalation: [
          { action: "remind", afterSeconds: DAY },
          { action: "reassign", afterSeconds: 2 * DAY, assignees: { users: [], roles: ["manager"] } },
          { action: "default", afterSeconds: 3 * DAY },
        ],
        defaultOutcome: "reject",
      },
    },
    { id: "end", type: "end", position: { x: 870, y: 100 }, data: { name: "end" } },
  ],
  edges: [
    { id: "e_employee_clerk", source: "employee", target: "clerk", data: {} },
    { id: "e_clerk_approver", source: "clerk", target: "approver", data: {} },
    { id: "e_approver_paid", source: "approver", target: "end", data: { when: { kind: "outcome", value: "approve" } } },
    { id: "e_approver_rejected", source: "approver", target: "end", data: { when: { kind: "outcome", value: "reject" } } },
  ],
};

const refundWithApproval: Flow = {
  schemaVersion: 2,
  name: "Refund with approval",
  description: "A support agent looks an order up and refunds it; a person approves every refund over $100 before it is made.",
  maxSteps: 20,
  nodes: [
    { id: "customer", type: "start", position: { x: 0, y: 100 }, data: { name: "customer" } },
    {
      id: "support",
      type: "agent",
      position: { x: 240, y: 100 },
      data: {
        name: "support",
        model: MODEL,
        systemMessage:
          "You handle refund requests. Look the order up with get_order, then refund it with refund (order_id, amount in dollars, reason). Tell the customer what was done; if a refund was refused, say why.",
        temperature: 0,
        maxVisits: 2,
        tools: [
          { ref: "mcp:payments/get_order", approval: { mode: "never" } },
          { ref: "mcp:payments/refund", approval: { mode: "when", path: "amount", op: ">", value: 100 } },
        ],
        maxToolCalls: 4,
        // One turn with both calls: the lookup runs at once, the $250 refund waits for a person.
        script: [
          {
            calls: [
              { tool: "get_order", arguments: { order_id: "A-1001" } },
              { tool: "refund", arguments: { order_id: "A-1001", amount: 250, reason: "The blender arrived broken." } },
            ],
            reply: "Order A-1001, refund of $250: {{result}}",
          },
        ],
      },
    },
    { id: "end", type: "end", position: { x: 540, y: 100 }, data: { name: "end" } },
  ],
  edges: [
    { id: "e_customer_support", source: "customer", target: "support", data: {} },
    { id: "e_support_end", source: "support", target: "end", data: {} },
  ],
};

const researchReadOnly: Flow = {
  schemaVersion: 2,
  name: "Research with a read-only tool",
  description: "A researcher searches a library and answers from what it found; reading needs no approval.",
  maxSteps: 10,
  nodes: [
    { id: "user", type: "start", position: { x: 0, y: 100 }, data: { name: "user" } },
    {
      id: "researcher",
      type: "agent",
      position: { x: 240, y: 100 },
      data: {
        name: "researcher",
        model: MODEL,
        systemMessage: "Answer the user's question from the library: search it first, then answer in a few sentences and say which notes you used.",
        temperature: 0.2,
        tools: [{ ref: "mcp:library/search", approval: { mode: "never" } }],
        maxToolCalls: 3,
        script: [
          {
            calls: [{ tool: "search", arguments: { query: "people approving agent actions" } }],
            reply: "From the library:\n\n{{result}}",
          },
        ],
      },
    },
    { id: "end", type: "end", position: { x: 540, y: 100 }, data: { name: "end" } },
  ],
  edges: [
    { id: "e_user_researcher", source: "user", target: "researcher", data: {} },
    { id: "e_researcher_end", source: "researcher", target: "end", data: {} },
  ],
};

export const templates: readonly FlowTemplate[] = [
  { id: "writer-review", title: "Writer + human reviewer", description: writerReview.description!, flow: writerReview },
  { id: "qa-review", title: "QA reviewer + sign-off", description: qaReview.description!, flow: qaReview },
  { id: "escalation", title: "Escalate when unsure", description: escalation.description!, flow: escalation },
  { id: "fallback", title: "Fallback when stuck", description: fallbackWhenStuck.description!, flow: fallbackWhenStuck },
  { id: "escalate-manager", title: "Escalate to a manager", description: escalateToManager.description!, flow: escalateToManager },
  { id: "refund-approval", title: "Refund with approval", description: refundWithApproval.description!, flow: refundWithApproval },
  { id: "research-tool", title: "Research with a read-only tool", description: researchReadOnly.description!, flow: researchReadOnly },
];

export function templateById(id: string): FlowTemplate | undefined {
  return templates.find((t) => t.id === id);
}
