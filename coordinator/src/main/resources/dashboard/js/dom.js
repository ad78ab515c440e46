// Small DOM helpers. Text always goes in as text nodes, never as HTML.

/** h('div', {class: 'x', onclick: fn}, 'text', child) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'});
}

export function usd(value) {
  if (value === null || value === undefined) return '—';
  const n = Number(value);
  return '$' + (n < 0.01 && n > 0 ? n.toFixed(6) : n.toFixed(2));
}

let toastTimer;
export function toast(message, bad = false) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = 'toast' + (bad ? ' bad' : '');
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, bad ? 8000 : 3000);
}

/** Describes one event envelope in a line, for the live feed and the timeline. */
// Who decided: `who`, or `by` in records written before it was renamed.
function who(payload) {
  return payload.who || payload.by || '';
}

export function describe(envelope) {
  const p = envelope.payload || {};
  switch (envelope.type) {
    case 'HandoffEvent': {
      const roles = p.fromRole || p.toRole ? ` [${p.fromRole || 'coordinator'} → ${p.toRole || 'coordinator'}]` : '';
      return `${p.from || '(new)'} → ${p.to}${roles}${p.reason ? ' — ' + p.reason : ''}`;
    }
    case 'StageSummary':
      return `${p.role} ${p.taskId} round ${p.round}: ${p.outcome} after ${p.steps} step(s), `
        + `${p.tokensIn} in / ${p.tokensOut} out, ${Math.round(p.wallMs / 1000)} s`
        + `${p.stopReason ? ' — ' + p.stopReason : ''}`;
    case 'ToolCall':
      return `${p.role} ran ${p.tool}${p.exitCode === null || p.exitCode === undefined ? '' : ' (exit ' + p.exitCode + ')'}`
        + (p.refused ? ' REFUSED' : '');
    case 'ModelCall':
      return `${p.role} called ${p.model}: ${p.tokensIn} in / ${p.tokensOut} out, ${usd(p.costUsd)}, HTTP ${p.status}`;
    case 'BudgetEvent':
      return `budget ${p.action} ${p.scope}${p.limitUsd !== null && p.limitUsd !== undefined ? ' to ' + usd(p.limitUsd) : ''}`
        + (who(p) ? ' by ' + who(p) : '');
    case 'ControlCommand':
      return `${p.action} by ${who(p)}${p.reason ? ': ' + p.reason : ''}`;
    default:
      return envelope.type;
  }
}
