// The dashboard: login with the operator token, the board or one ticket, budgets, fleet switch, live events.
import {api, auth, followEvents, Unauthorized} from './api.js';
import {Board} from './board.js';
import {Budgets} from './budgets.js';
import {toast} from './dom.js';
import {TicketPage} from './ticket.js';

const $ = (id) => document.getElementById(id);

class App {
  constructor() {
    this.board = new Board(this);
    this.budgets = new Budgets(this, $('budgets'));
    this.page = null;
    this.halted = false;
    this.stopStream = null;
    this.operatorName = 'operator';
    $('login-form').addEventListener('submit', (e) => { e.preventDefault(); auth.set($('token-input').value.trim()); this.open(); });
    $('logout').addEventListener('click', () => this.logout());
    $('fleet-toggle').addEventListener('click', () => this.toggleFleet());
    window.addEventListener('hashchange', () => this.route());
  }

  start() {
    if (auth.token()) this.open(); else this.showLogin('');
  }

  async open() {
    try {
      await this.board.load();
    } catch (e) {
      this.showLogin(e instanceof Unauthorized ? 'The token was refused.' : e.message);
      return;
    }
    $('login').hidden = true;
    $('app').hidden = false;
    $('logout').hidden = false;
    $('fleet-toggle').hidden = false;
    this.whoami();
    this.budgets.load().catch((e) => this.failed(e));
    this.fleet();
    this.stopStream = followEvents({
      onEvent: (e) => this.onEvent(e),
      onState: (s) => { $('stream-status').textContent = s; $('stream-status').className = 'pill ' + s; },
      onReconnect: () => { this.board.load().catch(() => {}); if (this.page) this.page.reload(); },
    });
    this.route();
  }

  showLogin(message) {
    $('app').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message;
    $('token-input').focus();
  }

  logout() {
    auth.forget();
    if (this.stopStream) this.stopStream();
    this.showLogin('');
  }

  route() {
    const match = location.hash.match(/^#\/ticket\/(.+)$/);
    $('board-view').hidden = !!match;
    $('ticket-view').hidden = !match;
    this.page = null;
    if (match) {
      this.page = new TicketPage(this, decodeURIComponent(match[1]), $('ticket-view'));
      this.page.load().catch((e) => this.failed(e));
    }
  }

  onEvent(envelope) {
    this.board.onEvent(envelope);
    if (this.page) this.page.onEvent(envelope);
    if (envelope.type === 'BudgetEvent' || envelope.type === 'ModelCall') this.budgets.changed();
    if (envelope.type === 'ControlCommand' && envelope.ticketId === 'fleet') setTimeout(() => this.fleet(), 500);
  }

  // The operator is who the token names, as the coordinator says; the dashboard never chooses a name.
  operator() {
    return this.operatorName;
  }

  async whoami() {
    try {
      this.operatorName = (await api('GET', '/api/operator')).operator;
      $('operator-name').textContent = this.operatorName;
    } catch (e) { this.failed(e); }
  }

  async fleet() {
    try {
      const fleet = await api('GET', '/api/fleet');
      this.halted = fleet.halted;
      $('fleet-status').textContent = fleet.halted ? `HALTED${fleet.who ? ' by ' + fleet.who : ''}` : 'fleet running';
      $('fleet-status').className = 'pill' + (fleet.halted ? ' halted' : ' live');
      $('fleet-toggle').textContent = fleet.halted ? 'Resume fleet' : 'Halt fleet';
      $('fleet-toggle').className = fleet.halted ? 'ok' : 'danger';
    } catch (e) { this.failed(e); }
  }

  async toggleFleet() {
    const action = this.halted ? 'resume' : 'halt';
    if (action === 'halt' && !confirm('Halt the whole fleet? Running work stops and every task token is revoked.')) return;
    await this.send(`/api/fleet/${action}`, {}, `fleet ${action} sent`);
    setTimeout(() => this.fleet(), 500);
  }

  cancel(id) {
    if (!confirm(`Cancel ticket ${id}?`)) return;
    this.send(`/api/tickets/${encodeURIComponent(id)}/cancel`, {}, `cancel of ${id} sent`);
  }

  decide(id, action, reason) {
    this.send(`/api/tickets/${encodeURIComponent(id)}/${action}`, reason ? {reason} : {}, `${action} of ${id} sent`);
  }

  async send(path, body, done) {
    try {
      await api('POST', path, body);
      toast(done);
    } catch (e) { this.failed(e); }
  }

  notify(message) {
    toast(message);
  }

  failed(error) {
    if (error instanceof Unauthorized) { this.logout(); this.showLogin('The token was refused.'); return; }
    toast(error.message, true);
  }
}

new App().start();
