// Per-role budget bars (spent against the caps), each cap editable in place.
import {api} from './api.js';
import {clear, h, usd} from './dom.js';

const CAPS = [['ticketUsd', 'ticket'], ['dayUsd', 'day'], ['monthUsd', 'month']];

export class Budgets {
  constructor(app, container) {
    this.app = app;
    this.container = container;
    this.ticket = null;
    this.timer = null;
  }

  /** Loads the budgets; with a ticket id the ticket bar shows that ticket's spend. */
  async load(ticket = this.ticket) {
    this.ticket = ticket;
    const query = ticket ? '?ticket=' + encodeURIComponent(ticket) : '';
    const {budgets} = await api('GET', '/api/budgets' + query);
    if (this.container.querySelector('.cap-input')) return; // keep an edit in progress
    clear(this.container).append(...budgets.map((b) => this.role(b)));
  }

  /** Reloads soon, at most once a second, after spend or caps changed. */
  changed() {
    if (this.timer) return;
    this.timer = setTimeout(() => { this.timer = null; this.load().catch(() => {}); }, 1000);
  }

  role(budget) {
    const rows = CAPS.map(([field, label]) => {
      const cap = budget.caps[field];
      const spent = field === 'dayUsd' ? budget.spent.dayUsd : field === 'monthUsd' ? budget.spent.monthUsd
        : budget.spent.ticketUsd;
      return h('div', {class: 'bar-row'}, h('span', {}, label),
        this.bar(spent, cap), h('span', {}, spent === undefined ? '' : usd(spent) + ' / ', this.capButton(budget.role, field, cap)));
    });
    rows.push(h('div', {class: 'bar-row'}, h('span', {}, 'tokens'), h('span', {class: 'meta'}, 'max output per call'),
      this.capButton(budget.role, 'callTokens', budget.caps.callTokens)));
    return h('div', {class: 'budget', dataset: {role: budget.role}}, h('h3', {}, budget.role), rows);
  }

  bar(spent, cap) {
    const ratio = cap === null || cap === undefined || spent === undefined ? 0
      : Number(cap) === 0 ? 1 : Math.min(1, Number(spent) / Number(cap));
    const el = h('div', {class: 'bar' + (ratio >= 1 ? ' over' : ratio >= 0.7 ? ' warn' : '')},
      h('span', {style: `width:${Math.round(ratio * 100)}%`}));
    return el;
  }

  capButton(role, field, value) {
    const text = value === null || value === undefined ? 'no cap' : field === 'callTokens' ? String(value) : usd(value);
    return h('button', {class: 'cap', dataset: {cap: field}, title: 'click to change, Enter saves',
      onclick: (e) => this.edit(e.currentTarget, role, field, value)}, text);
  }

  edit(button, role, field, value) {
    const input = h('input', {class: 'cap-input', type: 'number', min: '0', step: field === 'callTokens' ? '1' : '0.01',
      value: value === null || value === undefined ? '' : value, placeholder: 'no cap', dataset: {cap: field},
      title: 'Enter saves (empty removes the cap), Esc cancels'});
    let done = false;
    const finish = async (save) => {
      if (done) return;
      done = true;
      if (save) await this.save(role, field, input.value.trim());
      input.remove();
      this.load().catch((e) => this.app.failed(e));
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') finish(true);
      if (e.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(false)); // only Enter changes a budget
    button.replaceWith(input);
    input.focus();
    input.select();
  }

  async save(role, field, text) {
    const body = {[field]: text === '' ? null : Number(text)};
    try {
      const answer = await api('PUT', '/api/budgets/' + role, body);
      this.app.notify(`${role} ${field} ${text === '' ? 'removed' : 'set to ' + text}`
        + (answer.unblocked ? '; blocked tickets resume' : ''));
    } catch (e) {
      this.app.failed(e);
    }
  }
}
