// The operator's live view: what a read_committed consumer sees in ticket-order, suspicious users, the lake, the
// dead letters; each read from analytics-service every two seconds, each section with its own error.
import {
  call, claims, explain, fill, pageSettings, row, saveSession, session, showAlert, showSignedIn, time,
} from './common.js';

const REFRESH_EVERY_MS = 2000;

let settings;
let timer;

document.addEventListener('DOMContentLoaded', start);

async function start() {
  settings = await pageSettings();
  if (!settings) return;
  const current = session();
  if (current && current.operator) enter(current); else showSignIn();
}

function showSignIn() {
  clearTimeout(timer);
  showSignedIn(null);
  document.getElementById('views').hidden = true;
  document.getElementById('sign-in').hidden = false;
  const demo = document.getElementById('demo-sign-in');
  const pasted = document.getElementById('token-sign-in');
  demo.hidden = !settings.demoSignIn;
  pasted.hidden = settings.demoSignIn;
  demo.onsubmit = async (event) => {
    event.preventDefault();
    const result = await call('/demo/sign-in', { method: 'POST', body: { operator: true } });
    if (!result.ok) { showAlert(explain(result, 'order-service')); return; }
    enter({ token: result.data.token, operator: true });
  };
  pasted.onsubmit = (event) => {
    event.preventDefault();
    const token = document.getElementById('token').value.trim();
    if (!(claims(token)?.roles || []).includes('operator')) {
      showAlert('That token does not carry the operator role.');
      return;
    }
    enter({ token, operator: true });
  };
}

function enter(current) {
  saveSession(current);
  showAlert('');
  document.getElementById('sign-in').hidden = true;
  document.getElementById('views').hidden = false;
  showSignedIn('the operator', showSignIn);
  refresh();
}

async function refresh() {
  const current = session();
  if (!current) return;
  await Promise.all([orders(current), suspicious(current), lake(current), deadLetters(current)]);
  fill(document.getElementById('refreshed'), `Last refreshed ${new Date().toLocaleTimeString()}.`);
  timer = setTimeout(refresh, REFRESH_EVERY_MS);
}

/** Reads one section's data; on failure shows why in the section and keeps what it showed before. */
async function section(current, path, errorId, render) {
  const result = await call(`${settings.analyticsServiceUrl}${path}`, { token: current.token });
  const error = document.getElementById(errorId);
  if (result.status === 401 || result.status === 403) {
    saveSession(null);
    showSignIn();
    showAlert(explain(result, 'analytics-service'));
    return;
  }
  error.hidden = result.ok;
  fill(error, result.ok ? '' : explain(result, 'analytics-service'));
  if (result.ok) render(result.data);
}

function orders(current) {
  return section(current, '/operator/orders?limit=20', 'orders-error', (seen) => {
    fill(document.querySelector('#orders tbody'), ...seen.map((order) => row(
      order.orderId ?? `(${order.invalid})`, order.userId,
      order.title ? `${order.title} (${order.category})` : order.contentId, `${order.partition} / ${order.offset}`,
      time(order.timestamp))));
  });
}

function suspicious(current) {
  return section(current, '/operator/suspicious-users?limit=20', 'suspicious-error', (users) => {
    document.getElementById('suspicious-empty').hidden = users.length > 0;
    document.getElementById('suspicious').hidden = users.length === 0;
    fill(document.querySelector('#suspicious tbody'),
      ...users.map((user) => row(user.userId, user.orders, time(user.windowStart))));
  });
}

function lake(current) {
  return section(current, '/lake/summary', 'lake-error', (summary) => {
    fill(document.getElementById('lake-total'),
      `${summary.records} records in ${summary.objects} objects, in s3://${summary.bucket}/${summary.prefix}`);
    fill(document.querySelector('#lake tbody'),
      ...summary.dates.slice().reverse().map((date) => row(date.date, date.objects, date.records)));
  });
}

function deadLetters(current) {
  return section(current, '/operator/dead-letters?limit=20', 'dead-error', (letters) => {
    document.getElementById('dead-empty').hidden = letters.length > 0;
    document.getElementById('dead').hidden = letters.length === 0;
    fill(document.querySelector('#dead tbody'), ...letters.map((letter) => row(
      letter.reason, letter.consumerGroup || 'Kafka Streams', letter.key, letter.value, time(letter.timestamp))));
  });
}
