// The officer's card scanner (views/scan/show.hbs; the server side is src/features/checkin/scan.routes.ts).
// The page works without this file: a search by NIP or name and a typed card code go through
// plain forms. With it: the back camera reads cards (the browser's BarcodeDetector where it
// has one, else jsQR served by the app), each card is sent once, and every scan first goes
// into a queue kept in this browser (localStorage) with an id of its own, so a scan made while
// the network is down waits ("menunggu jaringan") and is sent when it returns. The server
// records a person once per apel, so a scan sent twice (an answer lost on the way) records
// nothing more. No sound: the cue is the colour of the status line and of the list entry.
(function () {
  'use strict';
  var dataEl = document.getElementById('scan-data');
  var section = document.getElementById('scanner');
  if (!dataEl || !section) return;
  var cfg = JSON.parse(dataEl.textContent);
  var T = cfg.text;
  var video = document.getElementById('scan-video');
  var cue = document.getElementById('scan-cue');
  var net = document.getElementById('scan-net');
  var list = document.getElementById('scan-list');
  var found = document.getElementById('scan-found');
  var searchForm = document.getElementById('scan-search');
  var cardForm = document.getElementById('scan-card-form');
  section.hidden = false;

  // ---- the queue, kept per unit and date -------------------------------------------------
  // Each item: { id, card | employee_id | nip, label, made (ms, this phone's clock), state, message, time }
  // state: 'pending' (not answered yet), 'ok', 'already', 'refused'.
  var MAX_KEPT = 300;
  var items = load();

  function load() {
    try {
      var raw = JSON.parse(localStorage.getItem(cfg.store) || '[]');
      return Array.isArray(raw) ? raw : [];
    } catch {
      return [];
    }
  }
  function save() {
    if (items.length > MAX_KEPT) {
      // Forget the oldest answered ones first; a waiting scan is never dropped.
      var answered = items.filter(function (i) { return i.state !== 'pending'; });
      var drop = answered.slice(0, items.length - MAX_KEPT);
      items = items.filter(function (i) { return drop.indexOf(i) < 0; });
    }
    try {
      localStorage.setItem(cfg.store, JSON.stringify(items));
    } catch {
      /* storage full or off: the queue still lives in the page */
    }
  }
  function newId() {
    var a = new Uint8Array(12);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function draw() {
    list.textContent = '';
    items.slice().reverse().forEach(function (i) {
      var li = document.createElement('li');
      li.className = i.state === 'pending' ? 'waiting' : i.state;
      li.setAttribute('data-scan-id', i.id);
      li.setAttribute('data-state', i.state);
      var who = document.createElement('span');
      who.className = 'who';
      var strong = document.createElement('strong');
      strong.textContent = i.name || i.label;
      who.appendChild(strong);
      li.appendChild(who);
      var what = document.createElement('small');
      what.className = 'what';
      what.textContent = i.state === 'pending' ? (i.sending ? T.sending : T.waiting) : i.message;
      li.appendChild(document.createTextNode(' '));
      li.appendChild(what);
      list.appendChild(li);
    });
    var waiting = items.filter(function (i) { return i.state === 'pending'; }).length;
    net.hidden = waiting === 0 || navigator.onLine;
    net.textContent = T.offline;
  }

  function flashCue(kind, text) {
    cue.textContent = text;
    cue.className = 'scan-cue cue-' + kind;
    // Restart the animation so two scans in a row both show.
    void cue.offsetWidth;
    cue.classList.add('cue-flash');
  }

  function enqueue(fields, label) {
    var item = { id: newId(), label: label, made: Date.now(), state: 'pending' };
    Object.keys(fields).forEach(function (k) { item[k] = fields[k]; });
    items.push(item);
    save();
    draw();
    flashCue('waiting', label + ' · ' + (navigator.onLine ? T.sending : T.waiting));
    flush();
  }

  // ---- sending ------------------------------------------------------------------------------
  var flushing = false;
  var retryTimer = null;
  var retryDelay = 3000;

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = setTimeout(function () {
      retryTimer = null;
      flush();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60000);
  }

  function bodyOf(item) {
    var body = { client_id: item.id, waited_s: Math.max(0, Math.round((Date.now() - item.made) / 1000)) };
    ['card', 'employee_id', 'nip'].forEach(function (k) { if (item[k] != null) body[k] = item[k]; });
    return JSON.stringify(body);
  }

  function send(item) {
    item.sending = true;
    draw();
    return fetch(cfg.post, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': cfg.csrf },
      body: bodyOf(item),
    }).then(
      function (res) {
        item.sending = false;
        // Busy, rate-limited or the database away: the scan stays queued and is sent again.
        if (res.status === 429 || res.status >= 500) return 'retry';
        // Signed out (the session ended) or the CSRF token no longer matches: keep it, say so.
        if (res.status === 401 || res.status === 403 || (res.redirected && /\/login/.test(res.url))) return 'signed_out';
        return res.json().then(function (a) {
          if (a.client_id && a.client_id !== item.id) return 'retry';
          item.state = a.status === 'recorded' ? 'ok' : a.status === 'already' ? 'already' : 'refused';
          item.name = a.name || item.label;
          item.message = a.message || (a.error && a.error.message) || T.error;
          item.time = a.time || null;
          return item.state;
        }, function () { return 'retry'; });
      },
      function () {
        item.sending = false;
        return 'retry';
      },
    );
  }

  function flush() {
    if (flushing) return;
    var next = items.filter(function (i) { return i.state === 'pending'; })[0];
    if (!next) { draw(); return; }
    if (!navigator.onLine) { draw(); return; }
    flushing = true;
    send(next).then(function (result) {
      flushing = false;
      save();
      draw();
      if (result === 'retry' || result === 'signed_out') {
        if (result === 'signed_out') flashCue('refused', T.signed_out);
        else flashCue('waiting', (next.name || next.label) + ' · ' + T.waiting);
        scheduleRetry();
        return;
      }
      retryDelay = 3000;
      flashCue(result, next.message);
      markFound(next);
      flush();
    });
  }

  window.addEventListener('online', function () {
    retryDelay = 3000;
    if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
    flush();
  });
  window.addEventListener('offline', draw);

  // ---- the camera ---------------------------------------------------------------------------
  // A card is sent once: the camera sees it in many frames in a row. A refused card may be shown
  // again after a pause (the operator may have fixed the reason, or picked it up too early).
  var RETRY_REFUSED_MS = 5000;
  function lastFor(text) {
    for (var i = items.length - 1; i >= 0; i--) if (items[i].card === text) return items[i];
    return null;
  }

  function onCode(text) {
    text = String(text || '').trim();
    if (!/^IKR1\./.test(text)) return;
    var prev = lastFor(text);
    if (prev && !(prev.state === 'refused' && Date.now() - prev.made > RETRY_REFUSED_MS)) {
      if (cue.getAttribute('data-last') !== text) flashCue(prev.state === 'refused' ? 'refused' : 'already', prev.state === 'refused' ? prev.message : T.seen);
      cue.setAttribute('data-last', text);
      return;
    }
    cue.setAttribute('data-last', text);
    enqueue({ card: text }, T.card_item);
  }

  function startCamera() {
    // Browsers give the camera only to secure pages: an intranet server on plain HTTP gets none.
    if (!window.isSecureContext) {
      section.setAttribute('data-decoder', 'none');
      return flashCue('refused', T.insecure);
    }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return noCamera();
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        return video.play();
      })
      .then(pickDecoder)
      .then(function (decode) {
        flashCue('ready', T.ready);
        section.setAttribute('data-decoder', decode.kind);
        loop(decode);
      })
      .catch(noCamera);
  }
  function noCamera() {
    section.setAttribute('data-decoder', 'none');
    flashCue('refused', T.no_camera);
  }

  // The browser's own decoder where it reads QR codes (Android Chrome); else jsQR on a canvas.
  function pickDecoder() {
    var native = 'BarcodeDetector' in window && typeof window.BarcodeDetector.getSupportedFormats === 'function'
      ? window.BarcodeDetector.getSupportedFormats().catch(function () { return []; })
      : Promise.resolve([]);
    return native.then(function (formats) {
      if (formats.indexOf('qr_code') >= 0) {
        var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
        return {
          kind: 'native',
          read: function () {
            return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
          },
        };
      }
      return loadJsQr().then(function () {
        var canvas = document.createElement('canvas');
        var ctx = canvas.getContext('2d', { willReadFrequently: true });
        return {
          kind: 'jsqr',
          read: function () {
            var w = video.videoWidth;
            var h = video.videoHeight;
            if (!w || !h) return Promise.resolve(null);
            // Decoding a smaller frame keeps a slow phone responsive; a card fills much of it anyway.
            var scale = Math.min(1, 640 / Math.max(w, h));
            canvas.width = Math.round(w * scale);
            canvas.height = Math.round(h * scale);
            ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
            var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
            var code = window.jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' });
            return Promise.resolve(code ? code.data : null);
          },
        };
      });
    });
  }
  function loadJsQr() {
    if (window.jsQR) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = cfg.jsqr;
      s.onload = function () { resolve(); };
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }
  function loop(decode) {
    var busy = false;
    setInterval(function () {
      if (busy || video.readyState < 2) return;
      busy = true;
      decode.read().then(onCode, function () {}).then(function () { busy = false; });
    }, 250);
  }

  // ---- the lost-card search and the typed code -------------------------------------------------
  function markFound(item) {
    if (!item.employee_id || !found) return;
    var li = found.querySelector('[data-employee="' + item.employee_id + '"]');
    if (li && (item.state === 'ok' || item.state === 'already')) li.classList.add('done');
  }
  function showPeople(people) {
    found.textContent = '';
    if (!people.length) {
      var none = document.createElement('li');
      none.textContent = T.nobody;
      found.appendChild(none);
      return;
    }
    people.forEach(function (p) {
      var li = document.createElement('li');
      li.setAttribute('data-employee', p.id);
      var who = document.createElement('span');
      who.className = 'who';
      var strong = document.createElement('strong');
      strong.textContent = p.name;
      var small = document.createElement('small');
      small.textContent = ' ' + p.nip;
      who.appendChild(strong);
      who.appendChild(small);
      li.appendChild(who);
      if (p.checked_in_at) {
        var badge = document.createElement('span');
        badge.className = 'badge';
        badge.textContent = T.recorded_at.replace('{time}', p.checked_in_at);
        li.appendChild(badge);
      } else {
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = T.record;
        button.addEventListener('click', function () {
          button.disabled = true;
          enqueue({ employee_id: String(p.id) }, p.name);
        });
        li.appendChild(button);
      }
      found.appendChild(li);
    });
  }
  function search(q) {
    q = q.trim();
    var nip = q.replace(/[\s.]/g, '');
    if (!navigator.onLine) {
      // Offline the list cannot be asked; a full NIP can still be queued for the server to check.
      if (/^\d{18}$/.test(nip)) return enqueue({ nip: nip }, nip);
      found.textContent = '';
      return flashCue('waiting', T.search_offline);
    }
    if (q.length < 2) return;
    fetch(cfg.search + '?q=' + encodeURIComponent(q), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) { return res.ok ? res.json() : Promise.reject(res.status); })
      .then(function (a) { showPeople(a.people || []); })
      .catch(function () {
        if (/^\d{18}$/.test(nip)) return enqueue({ nip: nip }, nip);
        flashCue('waiting', T.search_offline);
      });
  }
  if (searchForm) {
    searchForm.addEventListener('submit', function (e) {
      e.preventDefault();
      search(searchForm.elements.q.value);
    });
  }
  // Record buttons the server drew (a search made before the script ran) queue as well.
  Array.prototype.forEach.call(document.querySelectorAll('form.scan-record'), function (f) {
    f.addEventListener('submit', function (e) {
      e.preventDefault();
      f.querySelector('button').disabled = true;
      enqueue({ employee_id: f.elements.employee_id.value }, f.elements.label.value);
    });
  });
  if (cardForm) {
    cardForm.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = cardForm.elements.card.value.trim();
      if (!text) return;
      cardForm.elements.card.value = '';
      enqueue({ card: text }, T.card_item);
    });
  }

  draw();
  flush();
  startCamera();
})();
