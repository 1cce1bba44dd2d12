/* The offline web app's page side (issue 11): registers the service worker (/sw.js), asks it to fill
   the member's pack, shows the phone's storage use on /me/, and offers to keep large files.
   Every page works without this script; it only adds. */
(function () {
  'use strict';
  if (!('serviceWorker' in navigator)) return;
  var root = document.documentElement;
  var body = document.body;
  navigator.serviceWorker.register(body.dataset.serviceWorker, { scope: '/' });

  function csrfToken() {
    var input = document.querySelector('input[name=csrfmiddlewaretoken]');
    return input ? input.value : '';
  }

  function send(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }

  // Only a logged-in member's pages carry data-offline-pack; visitors have no pack.
  var member = body.dataset.offlinePack === 'member';
  function refresh(force) { if (navigator.onLine) send({ type: 'refresh', csrf: csrfToken(), force: force }); }
  if (member) {
    refresh(false);
    window.addEventListener('online', function () { refresh(true); });
  }

  // Logging out on a shared phone: the worker drops the pack (the server's Clear-Site-Data does too).
  document.querySelectorAll('form[data-logout]').forEach(function (form) {
    form.addEventListener('submit', function () { send({ type: 'clear' }); });
  });

  // The phone's storage, on /me/.
  var storage = document.getElementById('offline-storage');
  function showStorage() {
    if (!storage || !navigator.storage || !navigator.storage.estimate) return;
    navigator.storage.estimate().then(function (estimate) {
      var megabytes = (estimate.usage || 0) / (1024 * 1024);
      storage.querySelector('[data-storage-use]').textContent = megabytes.toFixed(1) + ' MB';
      storage.hidden = false;
    });
  }
  showStorage();
  if (storage) {
    storage.querySelector('[data-clear-offline]').addEventListener('click', function () {
      send({ type: 'clear' });
    });
  }

  // Files above the pack's size limit: kept only when the member asks.
  document.querySelectorAll('[data-keep-offline]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      button.disabled = true;
      send({ type: 'keep', url: button.dataset.keepOffline });
    });
  });

  /* Opinions written with no link: kept in IndexedDB (shared with the worker) until the server has
     them. The worker sends them with their client token, so a resend is stored once: when a page
     loads, when the link returns, and, where the browser has Background Sync, even with every page
     closed. A session that has ended leaves them waiting until the member logs in again. */
  var SYNC_TAG = 'send-opinions';
  function openDatabase() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open('handbook', 2);
      request.onupgradeneeded = function () {
        var names = request.result.objectStoreNames;
        if (!names.contains('reads')) request.result.createObjectStore('reads', { autoIncrement: true });
        if (!names.contains('comments')) request.result.createObjectStore('comments', { keyPath: 'token' });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function done(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function waiting(mode) {
    return openDatabase().then(function (database) {
      return database.transaction('comments', mode).objectStore('comments');
    });
  }

  var forms = Array.prototype.slice.call(document.querySelectorAll('form.comment-form'));
  function formFor(entry) {
    return forms.filter(function (form) { return form.getAttribute('action') === entry.action; })[0];
  }

  function showWaiting(entry) {
    var form = formFor(entry);
    if (!form) return;
    var shown = document.querySelector('[data-waiting-token="' + entry.token + '"]');
    if (!shown) {
      shown = document.createElement('div');
      shown.className = 'card comment comment-waiting';
      shown.dataset.waitingToken = entry.token;
      shown.innerHTML = '<p class="meta"><strong class="tag"></strong> <span></span></p><p class="comment-body"></p>';
      shown.querySelector('.comment-body').textContent = entry.body;
      form.parentNode.insertBefore(shown, form);
    }
    shown.querySelector('.tag').textContent = form.dataset.waitingText;
    shown.querySelector('span').textContent = entry.error || '';
    return shown;
  }

  function arrived(entry, answer) {
    var target = new URL(answer.url, location.href);
    if (target.pathname === location.pathname) {
      location.hash = target.hash;
      location.reload();  // its real status, and the confirmation beside it
    } else {
      var shown = showWaiting(entry);
      if (shown) shown.querySelector('.tag').textContent = formFor(entry).dataset.sentText;
    }
  }

  function sendWaiting() {
    if (navigator.onLine) send({ type: 'send-opinions', csrf: csrfToken() });
  }

  function showAllWaiting() {
    if (!window.indexedDB) return;
    waiting('readonly').then(function (store) { return done(store.getAll()); }).then(function (entries) {
      entries.forEach(showWaiting);
      if (entries.length) sendWaiting();
    }).catch(function () { /* no IndexedDB here: the forms post as usual */ });
  }

  // Where the browser has Background Sync, it wakes the worker to send once the link is back.
  function askForSync() {
    return navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register(SYNC_TAG);
    }).catch(function () { /* refused (private window): page loads and the online event still send */ });
  }

  forms.forEach(function (form) {
    form.addEventListener('submit', function (event) {
      var body = form.elements.body.value;
      // Only a page the worker controls hands opinions to it; elsewhere the form posts as usual.
      if (!navigator.serviceWorker.controller || !window.indexedDB || !body.trim() || !window.crypto || !crypto.randomUUID) return;
      event.preventDefault();
      var entry = {
        token: form.elements.client_token.value, action: form.getAttribute('action'), body: body,
        writtenAt: Date.now(),  // an opinion written before the meeting stays taken a while after
        csrf: csrfToken(),  // for Background Sync, when no page is open to give a fresh one
      };
      waiting('readwrite').then(function (store) { return done(store.put(entry)); }).then(function () {
        form.elements.body.value = '';
        form.elements.client_token.value = crypto.randomUUID();  // the next opinion is another one
        showWaiting(entry);
        askForSync();
        sendWaiting();
      }, function () { form.submit(); });
    });
  });
  showAllWaiting();
  window.addEventListener('online', sendWaiting);

  navigator.serviceWorker.addEventListener('message', function (event) {
    var data = event.data || {};
    if (data.type === 'pack') {
      root.dataset.offlinePack = data.result ? 'ready' : 'unchanged';
      showStorage();
    } else if (data.type === 'kept') {
      document.querySelectorAll('[data-keep-offline="' + data.url + '"]').forEach(function (button) {
        button.textContent = data.ok ? button.dataset.keptText : button.textContent;
        button.disabled = data.ok;
      });
      showStorage();
    } else if (data.type === 'cleared') {
      showStorage();
    } else if (data.type === 'opinion-sent') {
      arrived(data.entry, data.answer);
    } else if (data.type === 'opinion-waiting') {
      showWaiting(data.entry);  // refused (closed, too many): stays on the phone, with the reason
    }
  });
})();
