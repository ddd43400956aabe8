// The policies a run may name (`--policy`); policies.ts makes them. Apart from it, so that the
// CLI offers the names without loading the policies.
export const POLICIES = ['auto', 'replay', 'llm', 'search'] as const;
export type PolicyName = (typeof POLICIES)[number];
