// The buyer's page: sign in, browse the catalogue, buy a ticket, follow it to "Continue watching".
import {
  call, claims, element, explain, fill, pageSettings, row, saveSession, session, showAlert, showSignedIn, time,
} from './common.js';

let settings;
let contents = [];
let category = 'all';

// How the link appears: the page asks notification-service for the user's latest purchase every 250 ms after an
// order, until it names that order (a short poll, not server-sent events: a browser's EventSource cannot send the
// Authorization header, and a token in a URL ends up in access logs). Redis is read a few times per purchase.
const POLL_EVERY_MS = 250;
const POLL_FOR_MS = 20000;

document.addEventListener('DOMContentLoaded', start);

async function start() {
  settings = await pageSettings();
  if (!settings) return;
  await loadCatalogue();
  const current = session();
  if (current && current.userId) await enterShop(current); else showSignIn();
}

async function loadCatalogue() {
  const result = await call('/contents');
  if (!result.ok) { showAlert(explain(result, 'order-service')); return; }
  contents = result.data;
}

function showSignIn() {
  showSignedIn(null);
  document.getElementById('shop').hidden = true;
  document.getElementById('sign-in').hidden = false;
  const demo = document.getElementById('demo-sign-in');
  const pasted = document.getElementById('token-sign-in');
  if (settings.demoSignIn) {
    demo.hidden = false;
    pasted.hidden = true;
    fillSampleUsers();
    demo.onsubmit = async (event) => {
      event.preventDefault();
      const userId = Number(document.getElementById('demo-user').value);
      const result = await call('/demo/sign-in', { method: 'POST', body: { userId } });
      if (!result.ok) { showAlert(explain(result, 'order-service')); return; }
      await enterShop({ token: result.data.token, userId: result.data.userId, nickname: result.data.nickname });
    };
  } else {
    demo.hidden = true;
    pasted.hidden = false;
    pasted.onsubmit = async (event) => {
      event.preventDefault();
      const token = document.getElementById('token').value.trim();
      const subject = claims(token)?.sub;
      if (!/^[1-9][0-9]*$/.test(subject || '')) {
        showAlert('That is not a user\'s token: its subject must be a user id. (An operator uses the operator view.)');
        return;
      }
      await enterShop({ token, userId: Number(subject) });
    };
  }
}

async function fillSampleUsers() {
  const select = document.getElementById('demo-user');
  if (select.options.length) return;
  const result = await call('/demo/users');
  if (!result.ok) { showAlert(explain(result, 'order-service')); return; }
  fill(select, ...result.data.map((user) => element('option', { value: user.id }, `${user.nickname} (user ${user.id})`)));
}

async function enterShop(current) {
  saveSession(current);
  showAlert('');
  document.getElementById('sign-in').hidden = true;
  document.getElementById('shop').hidden = false;
  showSignedIn(current.nickname ? `${current.nickname} (user ${current.userId})` : `user ${current.userId}`, () => {
    fill(document.getElementById('purchase-status'));
    document.getElementById('continue-watching').hidden = true;
    showSignIn();
  });
  renderCategories();
  renderContents();
  await Promise.all([showLatestPurchase(), showHistory()]);
}

function renderCategories() {
  const names = ['all', ...new Set(contents.map((content) => content.category))];
  fill(document.getElementById('categories'), ...names.map((name) => {
    const id = `category-${name}`;
    const input = element('input', { type: 'radio', name: 'category', id, value: name, checked: name === category });
    input.addEventListener('change', () => { category = name; renderContents(); });
    return element('span', { class: 'choice' }, input, element('label', { for: id }, name));
  }));
}

function renderContents() {
  const shown = contents.filter((content) => category === 'all' || content.category === category);
  fill(document.getElementById('contents'), ...shown.map((content) => {
    const button = element('button', { type: 'button', 'data-content-id': content.id }, 'Buy ticket');
    button.addEventListener('click', () => buy(content, button));
    return element('li', { class: 'content' },
      element('h3', {}, content.title),
      element('p', { class: 'category' }, content.category),
      button);
  }));
}

async function buy(content, button) {
  // One purchase attempt, one Idempotency-Key: a second click while it is under way does nothing, and a retry of
  // the same attempt (the answer lost on the way back) replays the same order instead of buying twice.
  if (button.disabled) return;
  button.disabled = true;
  const status = document.getElementById('purchase-status');
  fill(status, `Buying a ticket for ${content.title}…`);
  showAlert('');
  const key = crypto.randomUUID();
  const current = session();
  let result = await placeOrder(content, key, current);
  if (result.status === 0) result = await placeOrder(content, key, current);
  button.disabled = false;
  if (!result.ok) {
    fill(status);
    if (result.status === 401) { saveSession(null); showSignIn(); }
    showAlert(explain(result, 'order-service'));
    return;
  }
  const order = result.data;
  fill(status, `Order ${order.id} placed: ${content.title}. Waiting for it to reach your purchases…`);
  showHistory();
  await followPurchase(order, content, current);
}

function placeOrder(content, key, current) {
  return call('/orders', {
    method: 'POST', token: current.token, body: { contentId: content.id }, headers: { 'Idempotency-Key': key },
  });
}

async function followPurchase(order, content, current) {
  const deadline = Date.now() + POLL_FOR_MS;
  let last;
  while (Date.now() < deadline) {
    last = await lastPurchase(current);
    if (last.ok && String(last.data.orderId) === String(order.id)) {
      fill(document.getElementById('purchase-status'), `Order ${order.id} placed: ${content.title}.`);
      showContinueWatching(last.data);
      return;
    }
    if (session()?.token !== current.token) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
  fill(document.getElementById('purchase-status'), `Order ${order.id} is placed.`);
  showAlert(last && !last.ok && last.status !== 404
    ? `Your order is placed, but the link to it cannot be shown yet: ${explain(last, 'notification-service')}`
    : 'Your order is placed; its link is taking longer than usual to appear. Reload the page in a moment.');
}

function lastPurchase(current) {
  return call(`${settings.notificationServiceUrl}/users/${current.userId}/last-purchase`, { token: current.token });
}

async function showLatestPurchase() {
  const current = session();
  const result = await lastPurchase(current);
  if (result.ok) showContinueWatching(result.data);
  else if (result.status !== 404) showAlert(explain(result, 'notification-service'));
}

function showContinueWatching(purchase) {
  const link = document.getElementById('continue-link');
  link.href = purchase.streamingUrl;
  fill(document.getElementById('continue-title-text'), purchase.title || `content ${purchase.contentId}`);
  document.getElementById('continue-watching').hidden = false;
}

async function showHistory() {
  const current = session();
  const result = await call('/orders?size=10', { token: current.token });
  if (!result.ok) { showAlert(explain(result, 'order-service')); return; }
  const orders = result.data.content;
  const titles = new Map(contents.map((content) => [content.id, content.title]));
  document.getElementById('history-empty').hidden = orders.length > 0;
  const table = document.getElementById('history');
  table.hidden = orders.length === 0;
  fill(table.tBodies[0], ...orders.map((order) =>
    row(order.id, titles.get(order.contentId) || `content ${order.contentId}`, time(order.createdAt))));
}
