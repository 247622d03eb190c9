// What both pages share: calling the services, turning their problem details into sentences, signing in.

/** Calls a service; never throws: network failures come back as status 0. */
export async function call(url, { method = 'GET', token, body, headers = {} } = {}) {
  const request = { method, headers: { Accept: 'application/json, application/problem+json', ...headers } };
  if (token) request.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    request.headers['Content-Type'] = 'application/json';
    request.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, request);
  } catch (error) {
    return { ok: false, status: 0, data: null, headers: new Headers() };
  }
  let data = null;
  const text = await response.text();
  if (text) {
    try { data = JSON.parse(text); } catch (error) { data = { detail: text }; }
  }
  return { ok: response.ok, status: response.status, data, headers: response.headers };
}

/** A sentence a person can act on, from a failed call to `service`. */
export function explain(result, service) {
  if (result.status === 0) {
    return `${service} cannot be reached. It may be starting or stopped; try again in a moment.`;
  }
  const detail = result.data && (result.data.detail || result.data.title);
  switch (result.status) {
    case 401: return 'Your sign-in is no longer valid. Sign in again.';
    case 403: return detail ? `Not allowed: ${detail}` : 'Your sign-in does not allow this.';
    case 429: {
      const wait = result.headers.get('Retry-After');
      return `You are ordering too fast. Try again${wait ? ` in ${wait} s` : ' shortly'}.`;
    }
    case 503: return `${service} is unavailable right now${detail ? ` (${detail})` : ''}. Try again shortly.`;
    default:
      if (result.status >= 500) return `${service} failed (${result.status}). Try again shortly.`;
      return detail || `${service} refused the request (${result.status}).`;
  }
}

export function showAlert(message) {
  const alert = document.getElementById('alert');
  alert.textContent = message;
  alert.hidden = !message;
}

/** Replaces an element's children; strings become text, never HTML. */
export function fill(element, ...children) {
  element.replaceChildren(...children.map((child) => (typeof child === 'string' ? document.createTextNode(child) : child)));
  return element;
}

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  return fill(node, ...children.filter((child) => child !== undefined && child !== null));
}

export function row(...cells) {
  return element('tr', {}, ...cells.map((cell) => element('td', {}, cell === null || cell === undefined ? '' : String(cell))));
}

export function time(instant) {
  return instant ? new Date(instant).toLocaleString() : '';
}

// One sign-in per browser tab: the token lives in sessionStorage, never in a cookie or a URL.
const SESSION_KEY = 'ticketing.session';

export function session() {
  try { return JSON.parse(sessionStorage.getItem(SESSION_KEY)); } catch (error) { return null; }
}

export function saveSession(value) {
  if (value) sessionStorage.setItem(SESSION_KEY, JSON.stringify(value));
  else sessionStorage.removeItem(SESSION_KEY);
}

/** The claims of a pasted token (not checked here: the services check every request). */
export function claims(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload));
  } catch (error) {
    return null;
  }
}

/** The page's settings from order-service; null, with the reason shown, when it cannot be reached. */
export async function pageSettings() {
  const result = await call('/page-settings');
  if (result.ok) return result.data;
  showAlert(explain(result, 'order-service'));
  return null;
}

/** Shows who is signed in, with a button to sign out. */
export function showSignedIn(label, onSignOut) {
  const who = document.getElementById('who');
  if (!label) { fill(who); return; }
  const button = element('button', { type: 'button', class: 'link' }, 'Sign out');
  button.addEventListener('click', () => { saveSession(null); onSignOut(); });
  fill(who, `Signed in as ${label} `, button);
}
