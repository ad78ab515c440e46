// One ticket: its plan and criteria, commits with recorded evidence, reviews, cost and the live timeline.
import {api, download} from './api.js';
import {Budgets} from './budgets.js';
import {TERMINAL} from './board.js';
import {clear, describe, h, time, usd} from './dom.js';

export class TicketPage {
  constructor(app, id, root) {
    this.app = app;
    this.id = id;
    this.root = root;
    this.seen = new Set();
    this.modelCalls = [];
    this.timer = null;
  }

  async load() {
    const [ticket, timeline] = await Promise.all([
      api('GET', '/api/tickets/' + encodeURIComponent(this.id)),
      api('GET', '/api/tickets/' + encodeURIComponent(this.id) + '/events')]);
    this.ticket = ticket;
    this.render();
    timeline.events.forEach((e) => this.addEvent(e));
    await this.budgets.load(this.id);
  }

  onEvent(envelope) {
    if (envelope.ticketId !== this.id) return;
    this.addEvent(envelope);
    if (['ModelCall', 'BudgetEvent'].includes(envelope.type)) this.budgets.changed();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.reload(), 300);
  }

  async reload() {
    try {
      this.ticket = await api('GET', '/api/tickets/' + encodeURIComponent(this.id));
      const events = [...this.root.querySelectorAll('#timeline > li')];
      this.render();
      this.root.querySelector('#timeline').append(...events);
      this.totals();
    } catch (e) { /* the next event retries */ }
  }

  render() {
    const t = this.ticket;
    const record = t.record;
    clear(this.root).append(
      h('div', {class: 'panel ticket-head'},
        h('div', {},
          h('h1', {}, t.title),
          h('div', {class: 'meta'}, h('span', {class: 'mono'}, t.id), ' · ', h('span', {id: 'ticket-state',
            class: `state ${t.state}`, dataset: {state: t.state}}, t.state), ' · branch ', h('code', {}, t.branch),
            ' of ', h('code', {}, t.repo), ' · by ', t.submittedBy),
          t.reason ? h('div', {class: 'meta'}, t.reason) : null,
          h('div', {class: 'meta', id: 'cost'}, `cost ${usd(t.cost.totalUsd)} (`,
            Object.entries(t.cost.byRole).map(([r, v]) => `${r} ${usd(v)}`).join(', '), ')')),
        this.actions(t)),
      h('div', {class: 'ticket-grid'},
        h('div', {}, this.plan(record), this.commits(record), this.reviews(record)),
        h('div', {},
          h('section', {class: 'panel'}, h('h2', {}, 'Budgets (this ticket)'), h('div', {id: 'ticket-budgets'})),
          h('section', {class: 'panel'}, h('h2', {}, 'Model calls'), h('div', {id: 'model-totals', class: 'meta'})),
          h('section', {class: 'panel'}, h('h2', {}, 'Timeline'), h('ol', {id: 'timeline', class: 'timeline'})))));
    const container = this.root.querySelector('#ticket-budgets');
    if (!this.budgets) this.budgets = new Budgets(this.app, container);
    else { this.budgets.container = container; this.budgets.load(this.id).catch(() => {}); }
  }

  actions(t) {
    const reason = h('input', {id: 'decision-reason', placeholder: 'reason'});
    return h('div', {class: 'stack'},
      t.state === 'AWAITING_APPROVAL' ? [reason,
        h('button', {class: 'ok', id: 'approve', onclick: () => this.app.decide(t.id, 'approve', reason.value)}, 'Approve'),
        h('button', {class: 'danger', id: 'reject', onclick: () => this.app.decide(t.id, 'reject', reason.value)}, 'Reject')]
        : null,
      TERMINAL.has(t.state) ? null : h('button', {class: 'danger', id: 'cancel', onclick: () => this.app.cancel(t.id)}, 'Cancel'),
      h('button', {class: 'quiet', id: 'export', onclick: () => download(`/api/tickets/${encodeURIComponent(t.id)}/export`,
        `baton-${t.id}.jsonl`).catch((e) => this.app.failed(e))}, 'Export (JSON lines)'));
  }

  plan(record) {
    if (!record.plan) return h('section', {class: 'panel'}, h('h2', {}, 'Plan'), h('p', {class: 'empty'}, 'not planned yet'));
    return h('section', {class: 'panel', id: 'plan'}, h('h2', {}, 'Plan'), h('p', {}, record.plan.summary),
      record.plan.tasks.map((task, i) => h('div', {class: 'task', dataset: {task: task.id}},
        h('h3', {}, `${task.id}: ${task.title}`, i === record.taskIndex && !TERMINAL.has(record.state) ? ' (current)' : ''),
        task.description ? h('p', {}, task.description) : null,
        task.files.length ? h('div', {class: 'meta'}, 'files: ', task.files.join(', ')) : null,
        task.testCommand ? h('div', {class: 'meta'}, 'test: ', h('code', {}, task.testCommand)) : null,
        h('ul', {class: 'criteria'}, task.acceptanceCriteria.map((c) => h('li', {}, c))))));
  }

  commits(record) {
    return h('section', {class: 'panel', id: 'commits'}, h('h2', {}, 'Commits and evidence'),
      record.commits.length ? null : h('p', {class: 'empty'}, 'no commit yet'),
      record.commits.map((c) => h('div', {class: 'commit', dataset: {sha: c.sha}},
        h('h3', {}, h('code', {}, c.sha.slice(0, 12)), ` ${c.taskId} round ${c.round}`),
        c.files && c.files.length ? h('div', {class: 'meta'}, 'changed: ', c.files.join(', ')) : null,
        c.diff ? h('details', {class: 'diff', open: true}, h('summary', {}, 'diff'), diffView(c.diff)) : null,
        c.evidence.length ? h('table', {}, h('tr', {}, h('th', {}, 'command'), h('th', {}, 'exit'), h('th', {}, 'ms'),
          h('th', {}, 'output')), c.evidence.map((e) => h('tr', {},
          h('td', {}, h('code', {}, e.command)), h('td', {class: e.exitCode === 0 ? 'exit-0' : 'exit-bad'}, e.exitCode),
          h('td', {}, e.durationMs), h('td', {}, h('details', {}, h('summary', {}, 'output'), h('pre', {}, e.output)))))) : null)));
  }

  reviews(record) {
    return h('section', {class: 'panel', id: 'reviews'}, h('h2', {}, 'Reviews'),
      record.reviews.length ? null : h('p', {class: 'empty'}, 'no review yet'),
      record.reviews.map((r) => h('div', {class: 'review', dataset: {decision: r.verdict.decision}},
        h('h3', {}, `${r.taskId} round ${r.round}: `, h('span', {class: 'state ' + (r.verdict.decision === 'APPROVED'
          ? 'DELIVERED' : 'FAILED')}, r.verdict.decision), ' at ', h('code', {}, (r.commit || '').slice(0, 12))),
        h('ul', {class: 'criteria'}, r.verdict.criteria.map((c) => h('li', {class: c.met ? 'met' : 'unmet'},
          c.criterion, c.reason ? ` — ${c.reason}` : '', c.change ? ` (change: ${c.change})` : ''))),
        r.verdict.summary ? h('p', {}, r.verdict.summary) : null)));
  }

  addEvent(envelope) {
    if (this.seen.has(envelope.id)) return;
    this.seen.add(envelope.id);
    const p = envelope.payload || {};
    if (envelope.type === 'ModelCall') this.modelCalls.push(p);
    const detail = envelope.type === 'ToolCall' ? h('details', {}, h('summary', {}, 'arguments and output'),
      h('pre', {}, p.arguments || ''), h('pre', {}, p.output || ''))
      : envelope.type === 'HandoffEvent' && p.plan ? planOutline(p.plan)
      : envelope.type === 'StageSummary' ? this.transcript(p) : null;
    this.root.querySelector('#timeline').append(h('li', {dataset: {type: envelope.type, id: envelope.id}},
      h('span', {class: 'when'}, time(envelope.occurredAt)), describe(envelope),
      envelope.type === 'ToolCall' && p.exitCode !== null && p.exitCode !== undefined
        ? h('span', {class: p.exitCode === 0 ? ' exit-0' : ' exit-bad'}, ` exit ${p.exitCode}`) : null, detail));
    this.totals();
  }

  /** A button that loads the stage's transcript from the path its summary links to. */
  transcript(summary) {
    const out = h('pre', {class: 'transcript', hidden: true});
    const load = async () => {
      try {
        const t = await api('GET', summary.transcriptPath);
        out.textContent = t.messages.map((m) => `[${m.role}] ${m.content || JSON.stringify(m.tool_calls || '')}`)
          .join('\n\n');
      } catch (e) { out.textContent = e.message; }
      out.hidden = false;
    };
    return h('div', {}, h('button', {class: 'quiet', onclick: load}, 'transcript'), out);
  }

  totals() {
    const sum = (f) => this.modelCalls.reduce((n, c) => n + Number(c[f] || 0), 0);
    const el = this.root.querySelector('#model-totals');
    if (el) {
      el.textContent = `${this.modelCalls.length} call(s), ${sum('tokensIn')} tokens in, ${sum('tokensOut')} out, `
        + usd(sum('costUsd'));
    }
  }
}

/** The plan a PM handoff carries: each task's id, title, criteria and files. */
function planOutline(plan) {
  return h('details', {class: 'plan-outline', open: true}, h('summary', {}, `plan: ${plan.tasks.length} task(s)`
      + (plan.omittedTasks ? ` (+${plan.omittedTasks} not shown)` : '')),
    plan.tasks.map((t) => h('div', {dataset: {task: t.id}}, h('strong', {}, `${t.id}: ${t.title}`),
      t.files.length ? h('div', {class: 'meta'}, 'files: ', t.files.join(', ')) : null,
      h('ul', {class: 'criteria'}, t.criteria.map((c) => h('li', {}, c))))));
}

/** A unified diff, its added, removed and hunk lines marked. */
function diffView(diff) {
  const kind = (line) => line.startsWith('+++') || line.startsWith('---') ? 'file'
    : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : null;
  return h('pre', {class: 'diff'}, diff.replace(/\n$/, '').split('\n').map((line) => h('span', {class: kind(line)}, line + '\n')));
}
