/** What a decision letter says, stored with the decision so the letter never changes afterwards. */
export type { DecisionLetter as DecisionLetterData } from '../documents/decision-letter.js';
