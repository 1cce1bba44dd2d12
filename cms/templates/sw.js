{% load static %}/* The handbook's service worker (issue 11), written by hand: served by cms/pwa.py at /sw.js.

   What it does, and nothing more:
   - keeps the member's "sea pack" (the list from {% url 'members:offline_pack' %}, computed on the
     server with the visibility rule) in one cache per account, fetched with the background header
     so that filling it records no read;
   - answers every same-origin GET from the network first; only when the network fails, from the
     pack, with the offline banner shown, or with the offline page for a navigation;
   - queues the pack items opened offline and reports them when the link returns;
   - sends the opinions written with no link (kept in IndexedDB by static/js/app.js) when a page asks
     and, where the browser has Background Sync, when the browser wakes it with the link back;
   - never keeps /admin/, accounts pages, POST responses or anything outside the pack, and drops
     every pack when the member logs out.
   The pages work without it: it only adds. */
'use strict';

const PACK_URL = '{% url "members:offline_pack" %}';
const READS_URL = '{% url "members:offline_reads" %}';
const OFFLINE_URL = '{% url "offline" %}';
const LOGOUT_URL = '{% url "logout" %}';
const BACKGROUND_HEADER = '{{ background_header }}';
const REFRESH_MS = {{ refresh_seconds }} * 1000;
const MAX_REPORTED = {{ max_reported }};
const PACK_PREFIX = 'handbook-pack-';  // + the account key: a second account never reads the first one's
const META_CACHE = 'handbook-meta';  // the current account, the last refresh, the files kept on request
const META_KEY = '/__handbook/meta';
// Never answered from or put into a cache, whatever the pack says.
const NEVER = [/^\/admin(\/|$)/, /^\/accounts\//, /^\/me\/offline\//, /^\/sw\.js$/, /^\/i18n\//];

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/* ---- Small stores: metadata in the Cache API, the offline reads in IndexedDB. ---- */

async function readMeta() {
  const response = await (await caches.open(META_CACHE)).match(META_KEY);
  return response ? response.json() : { account: null, refreshedAt: 0, kept: [] };
}

async function writeMeta(meta) {
  await (await caches.open(META_CACHE)).put(META_KEY, new Response(JSON.stringify(meta)));
}

function openDatabase() {
  return new Promise((resolve, reject) => {
    // Shared with static/js/app.js, which keeps the opinions written offline in 'comments'.
    const request = indexedDB.open('handbook', 2);
    request.onupgradeneeded = () => {
      const names = request.result.objectStoreNames;
      if (!names.contains('reads')) request.result.createObjectStore('reads', { autoIncrement: true });
      if (!names.contains('comments')) request.result.createObjectStore('comments', { keyPath: 'token' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function reads(mode) {
  return (await openDatabase()).transaction('reads', mode).objectStore('reads');
}

// Copies keep the server's headers, less those that described the encoded body on the wire.
function copyHeaders(response) {
  const headers = new Headers(response.headers);
  headers.delete('Content-Encoding');
  headers.delete('Content-Length');
  return headers;
}

/* ---- The pack ---- */

function background(url) {
  return fetch(url, { headers: { [BACKGROUND_HEADER]: '1' }, credentials: 'same-origin', cache: 'no-store' });
}

// Kept copies carry when they were saved and which item they are, for the banner and the reports.
async function keep(cache, item) {
  const response = await background(item.url);
  if (!response.ok || response.redirected) return false;
  const headers = copyHeaders(response);
  headers.set('X-Handbook-Saved-At', String(Date.now()));
  headers.set('X-Handbook-Item', item.item);
  headers.set('X-Handbook-Version', item.version || '');
  await cache.put(item.url, new Response(await response.blob(), { status: response.status, headers }));
  return true;
}

async function dropOtherAccounts(account) {
  for (const name of await caches.keys()) {
    if (name.startsWith(PACK_PREFIX) && name !== PACK_PREFIX + account) await caches.delete(name);
  }
}

async function clearEverything() {
  for (const name of await caches.keys()) {
    if (name.startsWith(PACK_PREFIX) || name === META_CACHE) await caches.delete(name);
  }
  await reads('readwrite').then((store) => done(store.clear())).catch(() => null);
}

async function refresh(force) {
  const meta = await readMeta();
  if (!force && meta.account && Date.now() - meta.refreshedAt < REFRESH_MS) return null;
  const response = await background(PACK_URL);
  if (!response.ok || response.redirected) return null;  // logged out: keep nothing new
  const pack = await response.json();
  if (pack.account !== meta.account) {
    await dropOtherAccounts(pack.account);
    meta.kept = [];
  }
  const cache = await caches.open(PACK_PREFIX + pack.account);
  const kept = new Set(meta.kept);
  const wanted = new Map(pack.items.filter((item) => !item.large || kept.has(item.url)).map((item) => [item.url, item]));
  for (const request of await cache.keys()) {
    if (!wanted.has(new URL(request.url).pathname)) await cache.delete(request);  // left the pack
  }
  let saved = 0;
  for (const item of wanted.values()) {
    const copy = await cache.match(item.url);
    if (copy && item.version && copy.headers.get('X-Handbook-Version') === item.version) { saved++; continue; }
    try { if (await keep(cache, item)) saved++; } catch (error) { /* the link dropped: next time */ }
  }
  await writeMeta({ account: pack.account, refreshedAt: Date.now(), kept: meta.kept.filter((url) => wanted.has(url)) });
  return { saved, total: wanted.size };
}

// A file above the size limit, kept because the member tapped "save to read offline".
async function keepLarge(url) {
  const meta = await readMeta();
  if (!meta.account) return false;
  const cache = await caches.open(PACK_PREFIX + meta.account);
  const item = (await (await background(PACK_URL)).json()).items.find((entry) => entry.url === url);
  if (!item || !(await keep(cache, item))) return false;
  meta.kept = [...new Set([...meta.kept, url])];
  await writeMeta(meta);
  return true;
}

/* ---- Reads made offline, reported when the link returns ---- */

async function reportReads(csrfToken) {
  const store = await reads('readonly');
  const [keys, values] = await Promise.all([done(store.getAllKeys()), done(store.getAll())]);
  if (!values.length || !csrfToken) return;
  const batch = values.slice(0, MAX_REPORTED);
  const response = await fetch(READS_URL, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrfToken },
    body: JSON.stringify({ reads: batch }),
  });
  // Kept on the phone until the server has them; sending one twice records it once.
  if (response.ok) {
    const writable = await reads('readwrite');
    await Promise.all(keys.slice(0, batch.length).map((key) => done(writable.delete(key))));
  }
}

/* ---- Opinions written with no link ---- */

const SYNC_TAG = 'send-opinions';

async function comments(mode) {
  return (await openDatabase()).transaction('comments', mode).objectStore('comments');
}

async function tellPages(message) {
  for (const client of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) client.postMessage(message);
}

// 'sent', 'refused' (kept with the server's reason), 'later' (no link) or 'logged-out' (kept until a login).
async function sendOpinion(entry, csrfToken) {
  const data = new FormData();
  data.append('csrfmiddlewaretoken', csrfToken);
  data.append('client_token', entry.token);
  data.append('body', entry.body);
  data.append('written_at', String(entry.writtenAt));
  let response;
  try {
    response = await fetch(entry.action, {
      method: 'POST', body: data, credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRFToken': csrfToken },
    });
  } catch (networkError) {
    return 'later';
  }
  if (!(response.headers.get('Content-Type') || '').startsWith('application/json')) return 'logged-out';
  const answer = await response.json();
  const store = await comments('readwrite');
  if (response.ok) {
    await done(store.delete(entry.token));
    await tellPages({ type: 'opinion-sent', entry, answer });
    return 'sent';
  }
  entry.error = answer.error;
  await done(store.put(entry));
  await tellPages({ type: 'opinion-waiting', entry });
  return 'refused';
}

// One at a time, in the order written. A page's token is the freshest (it changes at login); with no
// page open (Background Sync), the one saved with the opinion. Runs queue behind each other, so that
// a page load and the online event at once do not send (and announce) an opinion twice.
let sending = Promise.resolve();
function sendOpinions(csrfToken) {
  const run = sending.then(async () => {
    const waiting = await done((await comments('readonly')).getAll());
    const outcomes = [];
    for (const entry of waiting.sort((a, b) => a.writtenAt - b.writtenAt)) {
      outcomes.push(await sendOpinion(entry, csrfToken || entry.csrf || ''));
    }
    return outcomes;
  });
  sending = run.catch(() => null);
  return run;
}

self.addEventListener('sync', (event) => {
  if (event.tag !== SYNC_TAG) return;
  // Failing the event makes the browser try again later, which only helps while the link is down.
  event.waitUntil(sendOpinions(null).then((outcomes) => {
    if (outcomes.includes('later')) throw new Error('no link yet');
  }));
});

/* ---- Answering requests ---- */

function pad(number) { return String(number).padStart(2, '0'); }

// The page holds the banner hidden, its text already translated with "HH:MM DD/MM" to fill in.
async function withBanner(copy) {
  const saved = new Date(Number(copy.headers.get('X-Handbook-Saved-At')));
  const stamp = `${pad(saved.getHours())}:${pad(saved.getMinutes())} ${pad(saved.getDate())}/${pad(saved.getMonth() + 1)}`;
  const html = (await copy.text())
    .replace('data-offline-banner hidden', 'data-offline-banner')
    .replace('HH:MM DD/MM', stamp);
  const headers = new Headers(copy.headers);
  headers.delete('Content-Length');
  return new Response(html, { status: 200, headers });
}

async function fromPack(request) {
  const meta = await readMeta();
  if (!meta.account) return null;
  const cache = await caches.open(PACK_PREFIX + meta.account);
  return (await cache.match(request, { ignoreSearch: false, ignoreVary: true })) || null;
}

async function answer(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    // A page of the pack opened with the link up: its fresh copy replaces the kept one.
    if (response.ok && !response.redirected && request.mode === 'navigate') {
      event.waitUntil(freshen(request, response.clone()));
    }
    return response;
  } catch (networkError) {
    const copy = await fromPack(request);
    if (copy) {
      const item = copy.headers.get('X-Handbook-Item');
      if (item && (request.mode === 'navigate' || request.destination === '')) {
        event.waitUntil(reads('readwrite').then((store) => done(store.add({ item, at: Date.now() }))));
      }
      const type = copy.headers.get('Content-Type') || '';
      return type.startsWith('text/html') ? withBanner(copy) : copy;
    }
    if (request.mode === 'navigate') {
      const offline = await fromPack(new Request(OFFLINE_URL));
      if (offline) return withBanner(offline);
    }
    throw networkError;
  }
}

async function freshen(request, response) {
  const meta = await readMeta();
  if (!meta.account) return;
  const cache = await caches.open(PACK_PREFIX + meta.account);
  const copy = await cache.match(request);
  if (!copy) return;  // not in the pack: never kept
  const headers = copyHeaders(response);
  for (const name of ['X-Handbook-Item', 'X-Handbook-Version']) headers.set(name, copy.headers.get(name) || '');
  headers.set('X-Handbook-Saved-At', String(Date.now()));
  await cache.put(request, new Response(await response.blob(), { status: response.status, headers }));
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    // Logging out on a shared phone: nothing of this account stays (the server also sends Clear-Site-Data).
    if (request.method === 'POST' && url.pathname === LOGOUT_URL) event.waitUntil(clearEverything());
    return;
  }
  if (NEVER.some((pattern) => pattern.test(url.pathname))) return;
  event.respondWith(answer(event));
});

/* ---- Messages from the pages (static/js/app.js) ---- */

self.addEventListener('message', (event) => {
  const message = event.data || {};
  const reply = (data) => event.source && event.source.postMessage(data);
  let work = Promise.resolve();
  if (message.type === 'refresh') {
    work = reportReads(message.csrf).catch(() => null)
      .then(() => refresh(Boolean(message.force)))
      .then((result) => reply({ type: 'pack', result }))
      .catch(() => reply({ type: 'pack', result: null }));
  } else if (message.type === 'keep') {
    work = keepLarge(message.url).then((ok) => reply({ type: 'kept', url: message.url, ok })).catch(() => reply({ type: 'kept', url: message.url, ok: false }));
  } else if (message.type === 'send-opinions') {
    work = sendOpinions(message.csrf).catch(() => null);
  } else if (message.type === 'clear') {
    work = clearEverything().then(() => reply({ type: 'cleared' }));
  }
  event.waitUntil(work);
});
