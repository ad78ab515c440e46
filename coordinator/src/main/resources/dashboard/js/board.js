// The board: tickets by state, live; the approvals queue; the submit form; the live feed.
import {api} from './api.js';
import {clear, describe, h, time, toast} from './dom.js';

const COLUMNS = [
  ['Queued', ['SUBMITTED', 'PLANNING']],
  ['Approval', ['AWAITING_APPROVAL']],
  ['Working', ['IMPLEMENTING', 'REVIEWING', 'CHANGES_REQUESTED', 'DELIVERING']],
  ['Blocked', ['BLOCKED_BUDGET', 'HALTED']],
  ['Delivered', ['DELIVERED']],
  ['Failed / cancelled', ['FAILED', 'CANCELLED']],
];
export const TERMINAL = new Set(['DELIVERED', 'FAILED', 'CANCELLED']);
const FEED_TYPES = new Set(['HandoffEvent', 'BudgetEvent', 'ControlCommand']);
const FEED_MAX = 200;

export class Board {
  constructor(app) {
    this.app = app;
    this.tickets = new Map();
    this.timers = new Map();
    this.reasons = new Map();
    this.approvalKey = null;
    document.getElementById('submit-form').addEventListener('submit', (e) => this.submit(e));
  }

  async load() {
    const {tickets} = await api('GET', '/api/tickets?limit=200');
    this.tickets = new Map(tickets.map((t) => [t.id, t]));
    this.render();
  }

  onEvent(envelope) {
    if (FEED_TYPES.has(envelope.type)) this.feed(envelope);
    if (envelope.type !== 'HandoffEvent') return;
    const p = envelope.payload;
    const known = this.tickets.get(p.ticketId) || {id: p.ticketId, title: '…', createdAt: envelope.occurredAt};
    this.tickets.set(p.ticketId, {...known, state: p.to, reason: p.reason, flash: true});
    this.render();
    this.refresh(p.ticketId);
  }

  /** Re-reads one ticket's summary shortly after its events settle. */
  refresh(id) {
    clearTimeout(this.timers.get(id));
    this.timers.set(id, setTimeout(async () => {
      try {
        const t = await api('GET', '/api/tickets/' + encodeURIComponent(id));
        delete t.record;
        this.tickets.set(id, {...t, flash: false});
        this.render();
      } catch (e) { /* the next event retries */ }
    }, 250));
  }

  render() {
    const board = clear(document.getElementById('board'));
    const sorted = [...this.tickets.values()].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
    for (const [name, states] of COLUMNS) {
      const cards = sorted.filter((t) => states.includes(t.state)).map((t) => this.card(t));
      board.append(h('div', {class: 'column', dataset: {column: name}}, h('h3', {}, `${name} (${cards.length})`), cards));
    }
    this.renderApprovals(sorted.filter((t) => t.state === 'AWAITING_APPROVAL'));
  }

  card(t) {
    const el = h('div', {class: 'card' + (t.flash ? ' flash' : ''), dataset: {ticket: t.id, state: t.state}},
      h('div', {class: 'row'}, h('span', {class: 'id mono'}, t.id), h('span', {class: `state ${t.state}`}, t.state)),
      h('a', {class: 'title', href: '#/ticket/' + encodeURIComponent(t.id)}, t.title),
      t.task ? h('div', {class: 'meta'}, `${t.task.id} · round ${t.round}`) : null,
      t.reason ? h('div', {class: 'meta'}, t.reason) : null,
      TERMINAL.has(t.state) ? null : h('div', {class: 'row'}, h('span'),
        h('button', {class: 'quiet cancel', onclick: () => this.app.cancel(t.id)}, 'Cancel')));
    if (t.flash) setTimeout(() => el.classList.remove('flash'), 800);
    return el;
  }

  /** Re-renders the queue only when it changed, so a reason being typed is not lost. */
  renderApprovals(waiting) {
    const key = waiting.map((t) => t.id + '|' + t.reason).join('\n');
    if (key === this.approvalKey) return;
    this.approvalKey = key;
    const list = clear(document.getElementById('approvals'));
    if (!waiting.length) list.append(h('li', {class: 'empty'}, 'nothing awaits approval'));
    for (const t of waiting) {
      const reason = h('input', {class: 'reason', placeholder: 'reason (required to reject)',
        value: this.reasons.get(t.id) || '', oninput: (e) => this.reasons.set(t.id, e.target.value)});
      list.append(h('li', {dataset: {ticket: t.id}},
        h('a', {href: '#/ticket/' + encodeURIComponent(t.id)}, t.title), h('div', {class: 'meta'}, t.reason || ''),
        reason,
        h('div', {class: 'actions'},
          h('button', {class: 'ok approve', onclick: () => this.app.decide(t.id, 'approve', reason.value)}, 'Approve'),
          h('button', {class: 'danger reject', onclick: () => this.app.decide(t.id, 'reject', reason.value)}, 'Reject'))));
    }
  }

  feed(envelope) {
    const list = document.getElementById('feed');
    const ticket = envelope.ticketId;
    list.prepend(h('li', {dataset: {ticket, type: envelope.type, id: envelope.id}},
      h('span', {class: 'when'}, time(envelope.occurredAt) + ' '),
      ticket === 'fleet' ? 'fleet' : h('a', {href: '#/ticket/' + encodeURIComponent(ticket)}, ticket),
      ': ' + describe(envelope)));
    while (list.children.length > FEED_MAX) list.lastChild.remove();
  }

  async submit(event) {
    event.preventDefault();
    const value = (id) => document.getElementById(id).value.trim();
    const body = {repo: value('submit-repo'), title: value('submit-title'), description: value('submit-description'),
      submittedBy: this.app.operator()};
    if (value('submit-base')) body.baseRef = value('submit-base');
    try {
      const answer = await api('POST', '/api/tickets', body);
      toast(`submitted ${answer.ticketId}`);
      document.getElementById('submit-title').value = '';
      document.getElementById('submit-description').value = '';
    } catch (e) {
      this.app.failed(e);
    }
  }
}
