// The cue words and phrases the offline judge reads a reply by, in English and a little French,
// German and Spanish. Each group says what its cues mean, how strongly, and the phrase a person
// reads in the transcript. Words are written as tokens() makes them: lower case, no accents.

/** What a reply can mean, whatever the node calls its outcomes. */
export type Intent = "approve" | "revise" | "reject" | "escalate";
/** A cue's meaning: an intent; hesitation, which only lowers confidence; or "=name", an outcome named in the reply. */
export type Signal = Intent | "hedge" | `=${string}`;
export const INTENTS: readonly Intent[] = ["approve", "revise", "reject", "escalate"];

export interface Cue { words: readonly string[]; signal: Signal; weight: number; gist: string; softReject?: boolean }

interface Group { signal: Signal; weight: number; gist: string; softReject?: boolean; cues: string }

const GROUPS: Group[] = [
  // Approval.
  { signal: "approve", weight: 1, gist: "approves", cues: "approve|approved|approves|approving|approval|accept|accepted|accepts|acceptable|lgtm|sgtm|gtg|looks good|look good|looking good|looks great|looks fine|looks perfect|looks solid|good to go|ship it|shipit|ship|go ahead|go for it|green light|greenlight|greenlit|all good|sounds good|sounds great|perfect|excellent|great|works for me|fine by me|fine with me|publish|publish it|merge|merge it|send it|send this|send it out|okie dokie|sign off|signed off|sign-off|love it|like it|well done|good job|great job|nailed it|thumbs up|no objections|no objection|no issues|no issue|no problem|no problems|no complaints|not bad|can't complain|can't wait|couldn't be better|as is|ready to go|ready to ship|good as is|confirm|confirmed|pass|passes|passed|release it|go live|go out|goes out|let's go|lets go|move forward|move ahead|👍|✅|🚀|👌|💯|👏|🙌|+1|approuve|approuver|valide|validee|parfait|c est bon|d accord|ca marche|ca me va|genehmigt|genehmige|freigegeben|einverstanden|passt|in ordnung|sieht gut aus|aprobado|aprobada|apruebo|perfecto|de acuerdo|listo|me gusta|adelante" },
  { signal: "approve", weight: 0.7, gist: "approves", cues: "yes|yep|yeah|yup|ok|okay|k|fine|good|nice|agreed|agree|sure|done|ready|🎉|oui|ja|si|vale|bien|gut" },
  // Changes asked for, by kind, so the transcript says what was asked.
  { signal: "revise", weight: 1.2, gist: "asks for a shorter version", cues: "shorter|shorten|shortened|too long|cut|trim|trimmed|condense|tighten|tighter|more concise|kurzer|kurzen|raccourcir|plus court|acortar|mas corto" },
  { signal: "revise", weight: 1.2, gist: "asks for a longer version", cues: "longer|expand|too short|more detail|more details|elaborate|flesh out|plus long|langer|mas largo" },
  { signal: "revise", weight: 1.2, gist: "asks for a rewrite", cues: "rewrite|rewritten|redo|re-do|start over|from scratch|drawing board|send it back|send back|back to the writer|rework|reworked|rephrase|reword|another draft|new draft|reecrire|refaire|neu schreiben|reescribir|rehacer" },
  { signal: "revise", weight: 1.2, gist: "asks for a fix", cues: "fix|fixed|fixes|fixing|typo|typos|mistake|mistakes|error|errors|wrong|incorrect|broken|misspelled|spelling|grammar|corriger|korrigieren|corregir|falsch|faute|fautes" },
  { signal: "revise", weight: 1, gist: "asks for changes", cues: "change|changes|changed|edit|edits|revise|revised|revision|revisions|tweak|tweaks|adjust|adjustments|update|amend|improve|improvements|polish|clarify|simplify|remove|delete|add|replace|rename|move|swap|tone down|needs work|needs some work|needs more|needs a|i'd like|i would like|another pass|one more pass|not quite|not yet|not there yet|with changes|with one change|few changes|small changes|minor changes|a few things|see comments|my comments|feedback|suggest|suggestion|not good enough|modifier|modifie|changer|revoir|ameliorer|ajouter|supprimer|andern|anderung|anderungen|uberarbeiten|anpassen|cambiar|cambios|cambia|cambialo|corrigelo|acortalo|revisar|mejorar|quitar|anadir|✏️|✏" },
  { signal: "revise", weight: 0.7, gist: "asks for changes", cues: "make it|make the|needs to|has to be|must be|should be more|could be|would be better|try again|almost|nearly|close but|make sure" },
  // Turned down.
  { signal: "reject", weight: 1.3, gist: "turns it down", cues: "reject|rejected|rejects|rejecting|decline|declined|declining|deny|denied|refuse|refused|turn down|turned down|turning down|turn it down|turning it down|turn this down|turning this down|turned this down|vetoing|no way|not happening|absolutely not|hard no|veto|vetoed|kill it|scrap it|scrapped|scrap|bin it|drop it|forget it|cancel|cancelled|canceled|abandon|won't fly|will not fly|dead on arrival|non-starter|nonstarter|unacceptable|disapprove|disapproved|fail|fails|failed|failing|i'll pass|we'll pass|pass on this|pass on it|stop|stop it|don't do this|don't do it|rejete|rejetee|abgelehnt|ablehnen|lehne|rechazado|rechazada|rechazo|rechazar|denegado|👎|❌|🚫|⛔" },
  { signal: "reject", weight: 0.7, gist: "says no", softReject: true, cues: "nope|nah|no|non|nein|no thanks|no thank you" },
  // Judgements, not decisions: with changes asked for they mean "redo it".
  { signal: "reject", weight: 0.9, gist: "finds it bad", softReject: true, cues: "bad|terrible|awful|horrible|garbage|rubbish|trash|crap|meh|not convinced|unconvinced|mauvais|nul|schlecht|malo|fatal" },
  // Someone else must decide.
  { signal: "escalate", weight: 1.4, gist: "hands it to someone else", cues: "escalate|escalated|escalating|escalation|manager|managers|my boss|the boss|boss|supervisor|legal|lawyer|lawyers|counsel|compliance|director|leadership|management|higher up|higher-up|higher ups|above my pay grade|not my call|not my decision|not up to me|someone else|somebody else|someone senior|loop in|not the one who decides|not the right person|not for me to decide|not mine to decide|someone who can decide|run it by|run this by|check with|second opinion|cfo|ceo|cto|vp|security team|hr|finance|finance team|reviewed by|approval from|sign-off from|sign off from|the board|defer|out of my depth|chef|juridique|vorgesetzte|vorgesetzten|rechtsabteilung|eskalieren|jefe|jefa|gerente|legales|escalar|juridico" },
  // Hesitation: no outcome, less confidence.
  { signal: "hedge", weight: 0.8, gist: "hesitates", cues: "hmm|hmmm|hm|wait|hold on|not sure|unsure|dunno|don't know|idk|no idea|maybe|perhaps|on the fence|torn|can't decide|i wonder|i guess|🤔|bof|je sais pas|keine ahnung|weiss nicht|no se|quizas" },
];

export const CUES: readonly Cue[] = GROUPS.flatMap(({ cues, ...group }) =>
  cues.split("|").map((cue) => ({ ...group, words: cue.split(" ") })),
);

/** Words that turn what follows (within a few words) around: "don't approve", "no changes". */
export const NEGATORS = new Set([
  "not", "no", "never", "none", "nothing", "without", "neither", "nor", "hardly", "barely", "cannot",
  "dont", "cant", "wont", "isnt", "arent", "wasnt", "doesnt", "didnt", "wouldnt", "shouldnt", "couldnt", "aint", "havent",
  "ne", "n", "pas", "jamais", "aucun", "aucune", "sans", "nicht", "kein", "keine", "keinen", "nie", "ohne", "nunca", "ni", "sin",
]);
/** Negators that also reach back, as German and French put them after the verb ("passt nicht"). */
export const POST_NEGATORS = new Set(["nicht", "pas", "jamais", "nie"]);
/** Words that start a clause which outweighs the one before it ("approved, but cut the intro"). */
export const CONTRASTS = new Set(["but", "however", "though", "although", "except", "mais", "aber", "doch", "pero", "sauf"]);
/** Real words one letter away from a cue, which are not typos of it. */
export const NOT_TYPOS = new Set(["chance", "charge", "managed", "manages", "regal", "legally", "expect", "except", "faster", "later", "letter", "latter", "fixture", "faut"]);
/** Words that open a question back when the clause has no question mark. */
export const QUESTION_WORDS = new Set(["why", "what", "how", "where", "when", "who", "which", "pourquoi", "comment", "warum", "wieso", "wie"]);
