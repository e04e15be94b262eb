export {
  type AgentCandidate,
  type AgentResult,
  CoherenceAgent,
  type CoherenceAgentOptions,
} from './agent.js';
export type { AgentModel, StreamingLanguageModel, TextGenerator } from './model.js';
