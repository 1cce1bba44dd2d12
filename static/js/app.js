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

  /* Opinions written with no link: kept in IndexedDB (the worker's database) until the server has
     them, sent with their client token so that a resend is stored once; on page load and when the
     link returns. A session that has ended leaves them waiting until the member logs in again. */
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

  // Resolves to the server's answer once stored, or null while it must wait.
  function sendOne(entry) {
    var data = new FormData();
    data.append('csrfmiddlewaretoken', csrfToken());
    data.append('client_token', entry.token);
    data.append('body', entry.body);
    data.append('written_at', String(entry.writtenAt));  // an opinion written before the meeting stays taken a while after
    return fetch(entry.action, {
      method: 'POST', body: data, credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRFToken': csrfToken() },
    }).then(function (response) {
      if ((response.headers.get('Content-Type') || '').indexOf('application/json') !== 0) return null;  // logged out
      return response.json().then(function (answer) {
        if (!response.ok) entry.error = answer.error;  // refused (closed, too many): stays, with the reason
        return waiting('readwrite').then(function (store) {
          return done(response.ok ? store.delete(entry.token) : store.put(entry));
        }).then(function () { return response.ok ? answer : (showWaiting(entry), null); });
      });
    }).catch(function () { return null; });  // no link: next time
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
    if (!window.indexedDB) return;
    waiting('readonly').then(function (store) { return done(store.getAll()); }).then(function (entries) {
      entries.forEach(showWaiting);
      if (!navigator.onLine) return;
      return entries.reduce(function (chain, entry) {
        return chain.then(function () {
          return sendOne(entry).then(function (answer) { if (answer) arrived(entry, answer); });
        });
      }, Promise.resolve());
    }).catch(function () { /* no IndexedDB here: the forms post as usual */ });
  }

  forms.forEach(function (form) {
    form.addEventListener('submit', function (event) {
      var body = form.elements.body.value;
      if (!window.indexedDB || !body.trim() || !window.crypto || !crypto.randomUUID) return;  // posts as usual
      event.preventDefault();
      var entry = { token: form.elements.client_token.value, action: form.getAttribute('action'), body: body, writtenAt: Date.now() };
      waiting('readwrite').then(function (store) { return done(store.put(entry)); }).then(function () {
        form.elements.body.value = '';
        form.elements.client_token.value = crypto.randomUUID();  // the next opinion is another one
        showWaiting(entry);
        return sendOne(entry);
      }).then(function (answer) { if (answer) arrived(entry, answer); }, function () { form.submit(); });
    });
  });
  sendWaiting();
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
    }
  });
})();
