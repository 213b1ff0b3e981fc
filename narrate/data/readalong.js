// Read-along: the sentence being spoken is highlighted, a sentence plays from its start when
// chosen (click, or Tab to the text, arrow keys, Enter), and the current caption is shown as
// text. The page works without it: the text, the player and chapter links are plain HTML.
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var player = document.getElementById('player');

  // Chapter links seek the player on the page; without JavaScript they open the MP3 at that
  // time (a media fragment), so they still work.
  document.addEventListener('click', function (event) {
    var link = event.target.closest('a[data-start]');
    if (!link) return;
    var target = document.getElementById(link.getAttribute('data-player'));
    if (!target) return;
    event.preventDefault();
    target.currentTime = Number(link.getAttribute('data-start'));
    target.play();
  });
  if (!player) return;

  var sentences = Array.prototype.slice.call(document.querySelectorAll('.s[data-start]'));
  var starts = sentences.map(function (s) { return Number(s.getAttribute('data-start')); });
  var last = sentences.length ? Number(sentences[sentences.length - 1].getAttribute('data-end')) : 0;
  var caption = document.getElementById('caption');
  var hint = document.getElementById('readalong-hint');
  var reduced = window.matchMedia('(prefers-reduced-motion: reduce)');
  var current = -1;
  var frame = 0;
  var hasCues = false;

  sentences.forEach(function (s, n) {
    s.setAttribute('role', 'button');
    s.tabIndex = n === 0 ? 0 : -1;
  });
  if (hint && sentences.length) hint.hidden = false;
  if (caption) caption.hidden = false;

  // The sentence spoken at time t: the last one started, until the next starts (the last
  // one until a second after its end, so the outro leaves nothing lit).
  function at(t) {
    var lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= t) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    if (found === starts.length - 1 && t > last + 1) return -1;
    return found;
  }

  function follow(el) {
    var box = el.getBoundingClientRect();
    var bar = document.querySelector('.player');
    var top = bar ? bar.getBoundingClientRect().bottom : 0;
    if (box.top < top || box.bottom > window.innerHeight) {
      el.scrollIntoView({block: 'center', behavior: reduced.matches ? 'auto' : 'smooth'});
    }
  }

  function show(n) {
    if (n === current) return;
    if (current >= 0) {
      sentences[current].classList.remove('now');
      sentences[current].removeAttribute('aria-current');
    }
    current = n;
    if (n < 0) {
      if (caption && !hasCues) caption.textContent = '';
      return;
    }
    var el = sentences[n];
    el.classList.add('now');
    el.setAttribute('aria-current', 'true');
    // The roving tab stop follows the voice, unless the listener is choosing a sentence.
    var focused = document.activeElement;
    if (!focused || !focused.classList || !focused.classList.contains('s')) {
      sentences.forEach(function (s) { s.tabIndex = -1; });
      el.tabIndex = 0;
    }
    if (caption && !hasCues) caption.textContent = el.textContent;
    if (!player.paused) follow(el);
  }

  function sync() { show(at(player.currentTime)); }

  // timeupdate fires only about four times a second: while playing, check every frame.
  function tick() {
    sync();
    frame = !player.paused && !player.ended ? window.requestAnimationFrame(tick) : 0;
  }
  player.addEventListener('play', function () { if (!frame) frame = window.requestAnimationFrame(tick); });
  ['seeked', 'seeking', 'timeupdate', 'pause', 'loadedmetadata', 'ended'].forEach(function (name) {
    player.addEventListener(name, sync);
  });

  // Captions as text: the track's active cue (an <audio> element never renders its track).
  var track = player.textTracks && player.textTracks[0];
  if (track && caption) {
    track.mode = 'hidden';
    track.addEventListener('cuechange', function () {
      var active = track.activeCues;
      if (!active) return;
      hasCues = true;
      var lines = [];
      for (var i = 0; i < active.length; i++) lines.push(active[i].getCueAsHTML().textContent);
      caption.textContent = lines.join(' ');
    });
  }

  function playFrom(n) {
    player.currentTime = starts[n];
    show(n);
    var started = player.play();
    if (started && started.catch) started.catch(function () {});
  }

  function focusSentence(n) {
    if (n < 0 || n >= sentences.length) return;
    sentences.forEach(function (s) { s.tabIndex = -1; });
    sentences[n].tabIndex = 0;
    sentences[n].focus();
  }

  sentences.forEach(function (s, n) {
    s.addEventListener('click', function () { playFrom(n); });
    s.addEventListener('keydown', function (event) {
      var key = event.key;
      if (key === 'Enter' || key === ' ') { event.preventDefault(); playFrom(n); }
      else if (key === 'ArrowDown' || key === 'ArrowRight') { event.preventDefault(); focusSentence(n + 1); }
      else if (key === 'ArrowUp' || key === 'ArrowLeft') { event.preventDefault(); focusSentence(n - 1); }
      else if (key === 'Home') { event.preventDefault(); focusSentence(0); }
      else if (key === 'End') { event.preventDefault(); focusSentence(sentences.length - 1); }
    });
  });
  sync();
})();
