// The edition's service worker: pages, feed, transcripts and chapters are fetched from the
// network when it answers and kept, so the last copy is there offline; episodes the
// listener saved (the page's "Save for offline") are answered from their saved copy, byte
// ranges included, since players seek with Range requests. Nothing else is stored.
'use strict';
var EDITION = '__EDITION__';  // changes with every publish, so browsers take the new list
var SHELL = __SHELL__;
var PAGE_CACHE = 'narrate-pages';
var AUDIO_CACHE = 'narrate-audio';
var AUDIO = /\.(mp3|m4b|m4a|opus)$/i;

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(PAGE_CACHE).then(function (cache) {
    return cache.addAll(SHELL);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (AUDIO.test(url.pathname)) {
    event.respondWith(audio(request, url));
  } else {
    event.respondWith(fresh(request, url));
  }
});

// A saved episode from its copy (the part asked for), anything else from the network.
function audio(request, url) {
  return caches.open(AUDIO_CACHE).then(function (cache) {
    return cache.match(url.origin + url.pathname);
  }).then(function (hit) {
    return hit ? ranged(request, hit) : fetch(request);
  });
}

function ranged(request, response) {
  var header = request.headers.get('Range');
  if (!header) return response;
  return response.blob().then(function (blob) {
    var size = blob.size;
    var m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
    var start, end;
    if (!m || (!m[1] && !m[2])) return response;
    if (m[1]) {
      start = Number(m[1]);
      end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
    } else {
      start = Math.max(0, size - Number(m[2]));
      end = size - 1;
    }
    if (start >= size || end < start) {
      return new Response('', {status: 416, headers: {'Content-Range': 'bytes */' + size}});
    }
    return new Response(blob.slice(start, end + 1), {
      status: 206,
      headers: {
        'Content-Type': response.headers.get('Content-Type') || 'audio/mpeg',
        'Content-Range': 'bytes ' + start + '-' + end + '/' + size,
        'Content-Length': String(end - start + 1),
        'Accept-Ranges': 'bytes'
      }
    });
  });
}

// The network first, so what is published is what is read; the kept copy when offline.
function fresh(request, url) {
  var key = url.origin + url.pathname;
  return fetch(request).then(function (response) {
    if (response.status === 200 && response.type === 'basic') {
      var copy = response.clone();
      caches.open(PAGE_CACHE).then(function (cache) { return cache.put(key, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(PAGE_CACHE).then(function (cache) {
      return cache.match(key).then(function (hit) {
        if (hit) return hit;
        if (url.pathname.slice(-1) === '/') return cache.match(key + 'index.html');
        return undefined;
      });
    }).then(function (hit) {
      return hit || new Response('Offline, and this page was not kept.', {
        status: 503, headers: {'Content-Type': 'text/plain; charset=utf-8'}
      });
    });
  });
}
