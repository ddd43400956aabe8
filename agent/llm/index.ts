// The model policy and what it is made of: config, client, prompt, set-of-marks, reply parsing.
export { modelConfig, modelNamed, policyModelConfig, type ModelConfig, type ModelFlags } from './config.js';
export { createModelClient, type ChatMessage, type ModelClient, type ModelReply } from './client.js';
export { actionList, buildMessages, systemPrompt, type PromptOptions } from './prompt.js';
export { markElements } from './marks.js';
export { parseModelAction, ModelReplyError } from './parse.js';
export { createLlmPolicy, type LlmPolicyOptions } from './policy.js';
