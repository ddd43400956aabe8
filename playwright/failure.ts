// Why a step failed, as a test's error says it: the episode's reason, where a replay lost its
// trail and who took over, what the critics blocked (search's tries included: they run for
// real and are vetted too), and where the trace is.
import type { Pipeline } from '../critics/index.js';
import type { EpisodeResult } from '../agent/episode.js';

const SHOWN_BLOCKS = 3;

/** The pipeline, noting each action it did not approve (in the critic's words). */
export function notingBlocks(pipeline: Pipeline): { pipeline: Pipeline; blocked: string[] } {
  const blocked: string[] = [];
  return {
    blocked,
    pipeline: {
      critics: pipeline.critics,
      irreversible: pipeline.irreversible,
      async vet(ctx, proposal) {
        const out = await pipeline.vet(ctx, proposal);
        const { decision, critic, reason } = out.verdict;
        // The reason names the element already; its id differs from try to try.
        if (decision !== 'approve') blocked.push(`${decision} by the ${critic} critic on ${new URL(ctx.obs.location, 'about:blank').pathname}: ${reason.replace(/\[\d+\] /g, '')}`);
        return out;
      },
    },
  };
}

export function failureMessage(what: string, result: EpisodeResult, blocked: string[], trace?: string): string {
  const lines = [`cairn: ${what} ${result.status === 'errored' ? 'broke' : 'failed'}: ${result.reason}`];
  const h = result.handover;
  const note = result.prepare?.note && !result.reason.includes(result.prepare.note) ? ` (${result.prepare.note})` : '';
  lines.push(`  policy: ${h ? `${h.from}, then ${h.to}` : result.policy}${note}, ${result.steps} steps, ${result.model_calls} model calls`);
  if (h) lines.push(`  the ${h.from} lost its trail at step ${h.at_step + 1}: ${h.why}; ${h.to} took over${h.restarted ? ' from a restart' : ''}`);
  const unique = [...new Set(blocked)];
  if (unique.length) {
    lines.push(`  critics stopped ${blocked.length} action${blocked.length === 1 ? '' : 's'}:`);
    for (const b of unique.slice(0, SHOWN_BLOCKS)) lines.push(`    - ${b}`);
    if (unique.length > SHOWN_BLOCKS) lines.push(`    - and ${unique.length - SHOWN_BLOCKS} more (see the trace)`);
    if (blocked.some((b) => /irreversible/i.test(b))) lines.push('  (a step that may do irreversible things says so: agent.act(goal, { done, allowIrreversible: true }))');
  }
  if (trace) lines.push(`  trace: ${trace}`);
  return lines.join('\n');
}
