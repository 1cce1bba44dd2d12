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
