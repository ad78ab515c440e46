// The coordinator API with the operator token from sessionStorage, and the live event stream.

const TOKEN = 'baton.operatorToken';

export class Unauthorized extends Error {}

export const auth = {
  token: () => sessionStorage.getItem(TOKEN),
  set: (token) => sessionStorage.setItem(TOKEN, token),
  forget: () => sessionStorage.removeItem(TOKEN),
};

/** Calls the API; resolves to the parsed JSON, rejects with the API's error message. */
export async function api(method, path, body) {
  const headers = {Authorization: 'Bearer ' + auth.token()};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  if (res.status === 401) throw new Unauthorized('the operator token was refused');
  const text = await res.text();
  const json = text ? JSON.parse(text) : {};
  if (!res.ok) throw new Error(json.error ? json.error.message : `HTTP ${res.status}`);
  return json;
}

export async function download(path, filename) {
  const res = await fetch(path, {headers: {Authorization: 'Bearer ' + auth.token()}});
  if (!res.ok) throw new Error(`export failed: HTTP ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), {href: url, download: filename});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * Follows /api/events/stream (server-sent events read with fetch, so the token goes in a header, never in the URL)
 * and reconnects with backoff. onEvent gets each envelope, onState 'live' or 'offline'; onReconnect runs after a
 * reconnect so the caller can reload what it may have missed.
 */
export function followEvents({onEvent, onState, onReconnect}) {
  let stopped = false;
  let attempt = 0;
  const controller = new AbortController();
  (async function loop() {
    while (!stopped) {
      try {
        const res = await fetch('/api/events/stream', {headers: {Authorization: 'Bearer ' + auth.token()},
          signal: controller.signal});
        if (res.status === 401) throw new Unauthorized();
        if (!res.ok) throw new Error('HTTP ' + res.status);
        onState('live');
        if (attempt++ > 0) onReconnect();
        await readEvents(res.body, onEvent);
      } catch (e) {
        if (e instanceof Unauthorized || stopped) { onState('offline'); return; }
      }
      onState('offline');
      await new Promise((r) => setTimeout(r, Math.min(10000, 500 * 2 ** Math.min(attempt, 5))));
    }
  })();
  return () => { stopped = true; controller.abort(); };
}

async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const {value, done} = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      if (data) {
        try { onEvent(JSON.parse(data)); } catch (e) { console.warn('bad event', e); }
      }
    }
  }
}
