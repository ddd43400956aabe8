// The report's one script. It runs IN THE BROWSER, serialised by build.ts: self-contained,
// referencing nothing outside its own body. Two views on the hash: the overview with the
// episode list (#, with filters), and one episode (#e<n>, its file loaded on demand).

/* eslint-disable @typescript-eslint/no-explicit-any */
export function reportApp(): void {
  const data = (window as any).CAIRN as { summary: any; rows: any[] };
  const main = document.getElementById('main')!;
  const episodes = new Map<number, any>();
  const filters = { status: '', task: '', tag: '', policy: '', q: '' };

  const esc = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const card = (label: string, value: string, id = '') => `<div class="card"${id ? ` id="${id}"` : ''}><b>${value}</b>${esc(label)}</div>`;
  const table = (head: string[], rows: string[][]) =>
    `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</table>`;
  const td = (v: unknown) => `<td>${esc(v)}</td>`;
  const order: Record<string, number> = { errored: 0, failed: 1, success: 2 };

  (window as any).cairnEpisode = (n: number, detail: unknown) => { episodes.set(n, detail); render(); };

  function overview(): string {
    const s = data.summary;
    const critics = Object.entries(s.interventions ?? {}).flatMap(([critic, byDecision]: [string, any]) =>
      Object.entries(byDecision).filter(([d]) => d !== 'approve').map(([d, rules]: [string, any]) => `${critic} ${d}: ${Object.values(rules).reduce((a: number, b: any) => a + b, 0)}`));
    const memory = Object.entries(s.by_policy ?? {}).map(([p, k]) => `${p} ${k}`).concat(s.handed_over ? [`handed over ${s.handed_over}`] : []);
    const stop = s.stopped;
    const stopped = stop ? `<p class="stopped" id="stopped"><b>Stopped early:</b> ${esc(stop.reason)}; ${stop.not_run} episode${stop.not_run === 1 ? '' : 's'} not run${stop.cut_short ? `, ${stop.cut_short} stopped at their next step` : ''}.</p>` : '';
    const usd = (x: number) => `$${x < 1 ? x.toFixed(4) : x.toFixed(2)}`;
    return `${stopped}<div class="cards">
      ${card(`success (95% CI ${pct(s.success_ci95[0])}–${pct(s.success_ci95[1])})`, pct(s.success_rate), 'success-rate')}
      ${card('episodes: ok / failed / errored', `${s.succeeded} / ${s.failed} / ${s.errored}`, 'counts')}
      ${card('model calls', String(s.model_calls), 'model-calls')}
      ${card(s.tokens.cached ? `tokens in / out (${s.tokens.cached} cached)` : 'tokens in / out', `${s.tokens.prompt} / ${s.tokens.completion}`, 'tokens')}
      ${s.cost_usd !== undefined ? card('cost', usd(s.cost_usd), 'cost') : ''}
      ${card('step overhead p50 / p95', `${s.step_overhead_ms.p50} / ${s.step_overhead_ms.p95} ms`)}
      ${card('wall time', `${s.wall_s} s`)}
      ${card('memory: episodes by policy', esc(memory.join(', ') || '—'), 'memory')}
      ${card('critic interventions', esc(critics.join(', ') || 'none'), 'critics')}
    </div>
    <h3>By task</h3>${table(['task', 'episodes', 'succeeded', 'mean steps'], Object.entries(s.by_task).map(([t, v]: [string, any]) => [td(t), td(v.episodes), td(v.succeeded), td(v.mean_steps)]))}`;
  }

  function options(name: keyof typeof filters, values: string[]): string {
    const opts = [...new Set(values)].sort().map((v) => `<option${filters[name] === v ? ' selected' : ''}>${esc(v)}</option>`).join('');
    return `<select data-filter="${name}" aria-label="${name}"><option value="">any ${name}</option>${opts}</select>`;
  }

  function list(): string {
    const q = filters.q.toLowerCase();
    const rows = data.rows
      .filter((r) => (!filters.status || r.status === filters.status) && (!filters.task || r.task_id === filters.task)
        && (!filters.tag || r.tags.includes(filters.tag)) && (!filters.policy || r.policy === filters.policy)
        && (!q || `${r.instance} ${r.reason} ${r.policy}`.toLowerCase().includes(q)))
      .sort((a, b) => order[a.status]! - order[b.status]! || a.n - b.n);
    const shown = rows.slice(0, 500);
    const priced = data.summary.cost_usd !== undefined;
    return `<h3>Episodes</h3><div class="filters">
      ${options('status', data.rows.map((r) => r.status))}${options('task', data.rows.map((r) => r.task_id))}
      ${options('tag', data.rows.flatMap((r) => r.tags))}${options('policy', data.rows.map((r) => r.policy))}
      <input type="search" data-filter="q" placeholder="search" aria-label="search" value="${esc(filters.q)}">
      <span class="muted" id="shown">${rows.length} of ${data.rows.length}</span></div>
      <table id="episodes"><tr><th>episode</th><th>status</th><th>policy</th><th>steps</th><th>model calls</th>${priced ? '<th>cost</th>' : ''}<th>wall</th><th>reason</th></tr>
      ${shown.map((r) => `<tr class="row" data-n="${r.n}"><td><a href="#e${r.n}">${esc(r.instance)}${r.episode > 1 ? ` (${r.episode})` : ''}</a></td>
        <td class="${r.status}">${r.status}</td>${td(r.policy)}${td(r.steps)}${td(r.model_calls)}${priced ? td(r.cost_usd !== undefined ? `$${r.cost_usd}` : '') : ''}${td(`${(r.wall_ms / 1000).toFixed(1)} s`)}${td(r.reason)}</tr>`).join('')}</table>
      ${rows.length > shown.length ? `<p class="muted">${rows.length - shown.length} more: narrow the filters.</p>` : ''}`;
  }

  function box(step: any): string {
    const t = step.target?.bbox;
    if (!t || !step.size) return '';
    const { width, height } = step.size;
    return `<div class="box" style="left:${(100 * t.x) / width}%;top:${(100 * t.y) / height}%;width:${(100 * t.w) / width}%;height:${(100 * t.h) / height}%"></div>`;
  }

  function steps(list: any[]): string {
    return list.map((s) => `<div class="step">
      ${s.shot ? `<div class="shot"><img loading="lazy" src="${esc(s.shot)}" alt="screen before step ${s.index + 1}">${box(s)}</div>` : ''}
      <div><b>${s.index + 1}. <code>${esc(JSON.stringify(s.action))}</code></b> ${s.ok ? '' : `<span class="failed">failed: ${esc(s.error)}</span>`}
      ${s.target ? `<div>on ${esc(s.target.role)} “${esc(s.target.name)}”</div>` : ''}
      ${s.thought ? `<div class="muted">thought: ${esc(s.thought)}</div>` : ''}
      <div class="muted">${esc(s.screen ?? '')} · ${esc(s.location)}</div>
      ${(s.verdicts ?? []).map((v: any) => `<div class="verdict ${esc(v.decision)}">${esc(v.critic)} ${esc(v.decision)}${v.rule ? ` (${esc(v.rule)})` : ''}: ${esc(v.reason)}</div>`).join('')}
      ${s.timings ? `<div class="muted">${Object.entries(s.timings).map(([k, v]) => `${esc(k)} ${esc(v)}`).join(' · ')}</div>` : ''}
      ${s.tokens ? `<div class="muted tokens">${s.model_calls} model call${s.model_calls === 1 ? '' : 's'} · tokens ${s.tokens.prompt} in${s.tokens.cached ? ` (${s.tokens.cached} cached)` : ''} / ${s.tokens.completion} out</div>` : ''}
      </div></div>`).join('');
  }

  function episode(n: number): string {
    const row = data.rows[n];
    const d = episodes.get(n);
    if (!row) return '<p>No such episode.</p>';
    if (!d) {
      const s = document.createElement('script');
      s.src = `episodes/${n}.js`;
      document.body.appendChild(s);
      return `<p>Loading ${esc(row.instance)}…</p>`;
    }
    const r = d.result;
    const params = Object.entries(d.params).map(([k, v]) => `${esc(k)} = ${esc(v)}`).join(', ');
    const recalled = r.recalled ? `<p id="recalled">memory: replayed record <code>${esc(r.recalled.id)}</code>, similarity ${Number(r.recalled.similarity).toFixed(2)}</p>` : '';
    const handover = r.handover ? `<p>handed over from ${esc(r.handover.from)} to ${esc(r.handover.to)} at step ${r.handover.at_step + 1}: ${esc(r.handover.why)}</p>` : '';
    const prepare = r.prepare?.note ? `<p>prepare: ${esc(r.prepare.note)}</p>` : '';
    return `<p><a href="#">← all episodes</a></p><h2>${esc(row.instance)} <span class="${r.status}">${esc(r.status)}</span></h2>
      <p><b>goal:</b> ${esc(d.goal)}</p>${params ? `<p><b>params:</b> ${params}</p>` : ''}
      <p><b>reason:</b> ${esc(r.reason)}${r.answer !== undefined ? ` · answer ${esc(r.answer)}` : ''}</p>
      <p class="muted">policy ${esc(row.policy)} · ${r.steps} steps · ${r.model_calls} model calls${r.model_calls ? ` · tokens ${r.tokens.prompt} / ${r.tokens.completion}` : ''}${r.cost_usd !== undefined ? ` · $${r.cost_usd}` : ''} · ${(r.wall_ms / 1000).toFixed(1)} s · <a href="${esc(d.trace)}">trace.json</a></p>
      ${recalled}${handover}${prepare}
      <h3>Steps</h3>${steps(d.steps) || '<p class="muted">none</p>'}
      ${d.abandoned.length ? `<h3>Abandoned (before the handover)</h3>${steps(d.abandoned)}` : ''}
      <h3>Checks</h3>${table(['check', 'held', 'evidence'], d.checks.map((c: any) => [td(c.kind), `<td class="${c.ok ? 'success' : 'failed'}">${c.ok ? 'yes' : 'no'}</td>`, td(c.evidence)]))}`;
  }

  function render(): void {
    const m = /^#e(\d+)$/.exec(location.hash);
    main.innerHTML = m ? episode(Number(m[1])) : overview() + list();
    window.scrollTo(0, 0);
  }

  main.addEventListener('change', (e) => {
    const el = e.target as HTMLSelectElement;
    if (el.dataset.filter) { (filters as any)[el.dataset.filter] = el.value; render(); }
  });
  main.addEventListener('input', (e) => {
    const el = e.target as HTMLInputElement;
    if (el.dataset.filter === 'q') {
      filters.q = el.value;
      render();
      const again = main.querySelector<HTMLInputElement>('input[data-filter=q]')!;
      again.focus();
      again.setSelectionRange(again.value.length, again.value.length);
    }
  });
  main.addEventListener('click', (e) => {
    const row = (e.target as Element).closest<HTMLElement>('tr.row');
    if (row && !(e.target as Element).closest('a')) location.hash = `#e${row.dataset.n}`;
  });
  window.addEventListener('hashchange', render);
  render();
}
