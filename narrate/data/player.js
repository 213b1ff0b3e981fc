// Listening tools for the edition's pages: where each episode was left (resumed, on the
// index and the episode page alike), played marks, "continue listening", playback speed
// (remembered), skip back 15 s and forward 30 s, previous and next chapter, the Media
// Session (lock screens and headsets show title, artwork and chapter), a queue that goes
// on to the next unplayed episode, episodes saved for offline listening (with the space
// they use), search by title and text, and an index shown a page at a time. Every control
// here is added by this script: without it, the pages are plain links and native players.
(function () {
  'use strict';
  var data = document.getElementById('narrate-ui');
  if (!data) return;
  var ui;
  try { ui = JSON.parse(data.textContent); } catch (e) { return; }
  var words = ui.words;
  var AUDIO_CACHE = 'narrate-audio';
  var PAGE_CACHE = 'narrate-pages';
  var RATES = [0.75, 1, 1.25, 1.5, 1.75, 2];
  var PAGE_SIZE = 50;
  var reduced = window.matchMedia('(prefers-reduced-motion: reduce)');
  // One edition's state, apart from any other edition served from the same host.
  var prefix = 'narrate:' + location.pathname.replace(/[^/]*$/, '') + ':';

  function load(key, fallback) {
    try {
      var value = window.localStorage.getItem(prefix + key);
      return value === null ? fallback : JSON.parse(value);
    } catch (e) { return fallback; }
  }
  function store(key, value) {
    try { window.localStorage.setItem(prefix + key, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }

  var positions = load('positions', {});  // file -> {t: seconds, d: duration, at: when}
  var played = load('played', {});        // file -> true
  var queue = load('queue', []);          // files to play next, first first
  var rate = Number(load('rate', 1)) || 1;
  if (RATES.indexOf(rate) < 0) rate = 1;

  function make(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }
  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    var mm = h ? String(m).padStart(2, '0') : String(m);
    return (h ? h + ':' : '') + mm + ':' + String(s).padStart(2, '0');
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }
  var status = make('p', {'class': 'status', role: 'status', 'aria-live': 'polite'});
  function say(text) { status.textContent = text; }

  // Positions and played marks -------------------------------------------------------
  function remember(player, ended) {
    var file = player.dataset.episode;
    var t = player.currentTime, d = player.duration || 0;
    // The last 15 s (or 5% of a short episode) are outros and credits: it counts as heard.
    if (ended || (d && t > d - Math.min(15, d * 0.05))) {
      delete positions[file];
      played[file] = true;
      store('played', played);
    } else if (t > 1) {
      positions[file] = {t: Math.floor(t * 10) / 10, d: d, at: Date.now()};
    }
    store('positions', positions);
  }

  function resume(player) {
    var saved = positions[player.dataset.episode];
    if (!saved || !(saved.t > 0)) return;
    var go = function () {
      // A listener who already chose a place (a sentence, a chapter) keeps it.
      if (player.currentTime < 1 && saved.t < (player.duration || Infinity) - 0.5) {
        player.currentTime = saved.t;
      }
    };
    if (player.readyState >= 1) go(); else player.addEventListener('loadedmetadata', go, {once: true});
  }

  // Chapters, from the episode's chapters JSON -----------------------------------------
  function chapters(player) {
    if (!player._chapters) {
      var name = player.dataset.chapters;
      player._chapters = !name ? Promise.resolve([]) : fetch(name).then(function (r) {
        return r.ok ? r.json() : {chapters: []};
      }).then(function (json) {
        return (json.chapters || []).filter(function (c) { return c.toc !== false; });
      }).catch(function () { return []; });
    }
    return player._chapters;
  }
  function chapterAt(list, t) {
    var found = -1;
    for (var i = 0; i < list.length; i++) if (list[i].startTime <= t + 0.05) found = i;
    return found;
  }
  function jumpChapter(player, step) {
    chapters(player).then(function (list) {
      if (!list.length) return;
      var n = chapterAt(list, player.currentTime);
      // "Previous" a few seconds into a chapter goes back to its start, as players do.
      if (step < 0 && n >= 0 && player.currentTime - list[n].startTime > 3) step = 0;
      var target = Math.min(Math.max(n + step, 0), list.length - 1);
      player.currentTime = list[target].startTime;
    });
  }

  // Media Session: lock screens, headsets, car displays ---------------------------------
  var active = null;
  function session(player, force) {
    if (!('mediaSession' in navigator) || player !== active) return;
    chapters(player).then(function (list) {
      var n = chapterAt(list, player.currentTime);
      var name = n >= 0 ? list[n].title : '';
      if (!force && name === player._chapterName) return;
      player._chapterName = name;
      var artwork = ui.cover ? [{src: ui.cover.src, sizes: ui.cover.sizes, type: ui.cover.type}] : [];
      var meta = {title: player.dataset.title, artist: ui.channel, album: name || ui.channel,
                  artwork: artwork};
      navigator.mediaSession.metadata = new window.MediaMetadata(meta);
    });
  }
  function handlers(player) {
    if (!('mediaSession' in navigator)) return;
    var actions = {
      play: function () { player.play(); },
      pause: function () { player.pause(); },
      seekbackward: function (d) { player.currentTime = Math.max(0, player.currentTime - ((d && d.seekOffset) || 15)); },
      seekforward: function (d) { player.currentTime = player.currentTime + ((d && d.seekOffset) || 30); },
      seekto: function (d) { if (d && typeof d.seekTime === 'number') player.currentTime = d.seekTime; },
      previoustrack: function () { jumpChapter(player, -1); },
      nexttrack: function () { jumpChapter(player, 1); }
    };
    Object.keys(actions).forEach(function (name) {
      try { navigator.mediaSession.setActionHandler(name, actions[name]); } catch (e) { /* unsupported */ }
    });
  }

  // Speed, skips and chapter buttons beside a player -----------------------------------
  var speedMenus = [];
  function setRate(value) {
    rate = value;
    store('rate', rate);
    players.forEach(function (p) { p.defaultPlaybackRate = rate; p.playbackRate = rate; });
    speedMenus.forEach(function (menu) { menu.value = String(rate); });
  }
  function tools(player) {
    if (player._tools) return player._tools;
    var bar = make('div', {'class': 'tools', role: 'group', 'aria-label': words.controls});
    function button(label, action) {
      var b = make('button', {type: 'button'}, label);
      b.addEventListener('click', action);
      bar.appendChild(b);
      return b;
    }
    button(words.back15, function () { player.currentTime = Math.max(0, player.currentTime - 15); });
    button(words.forward30, function () { player.currentTime = player.currentTime + 30; });
    var prev = button(words.prev_chapter, function () { jumpChapter(player, -1); });
    var next = button(words.next_chapter, function () { jumpChapter(player, 1); });
    prev.hidden = next.hidden = true;
    chapters(player).then(function (list) { prev.hidden = next.hidden = list.length < 2; });
    var id = 'speed-' + Math.random().toString(36).slice(2, 8);
    var label = make('label', {'for': id}, words.speed + ' ');
    var menu = make('select', {id: id});
    RATES.forEach(function (r) { menu.appendChild(make('option', {value: String(r)}, r + '×')); });
    menu.value = String(rate);
    menu.addEventListener('change', function () { setRate(Number(menu.value)); });
    speedMenus.push(menu);
    label.appendChild(menu);
    bar.appendChild(label);
    player._tools = bar;
    player.insertAdjacentElement('afterend', bar);
    return bar;
  }

  var players = [].slice.call(document.querySelectorAll('audio[data-episode]'));
  var articles = [].slice.call(document.querySelectorAll('article[data-episode]'));
  var onIndex = articles.length > 0;

  function articleOf(file) {
    for (var i = 0; i < articles.length; i++) if (articles[i].dataset.episode === file) return articles[i];
    return null;
  }

  // On the index, only the newest episodes come with a player: a thousand <audio> elements
  // take seconds to lay out. The others get theirs when the listener plays them.
  function playerFor(article) {
    var player = article.querySelector('audio[data-episode]');
    if (player) return player;
    player = make('audio', {controls: '', preload: 'metadata', src: article.dataset.src,
                            'aria-label': fill(words.audio_of, {title: article.dataset.title})});
    ['episode', 'title', 'chapters'].forEach(function (name) {
      if (article.dataset[name]) player.dataset[name] = article.dataset[name];
    });
    article.querySelector('.meta').insertAdjacentElement('afterend', player);
    players.push(player);
    wire(player);
    return player;
  }

  function start(player) {
    var started = player.play();
    if (started && started.catch) started.catch(function () {});
  }

  function advance(ended) {
    if (!onIndex) return;
    var next = null;
    while (queue.length && !next) next = articleOf(queue.shift());
    store('queue', queue);
    if (!next) {
      var at = articles.indexOf(ended.closest('article'));
      for (var i = at + 1; i < articles.length && !next; i++) {
        if (!played[articles[i].dataset.episode]) next = articles[i];
      }
    }
    markQueued();
    if (!next) return;
    next.hidden = false;
    next.scrollIntoView({block: 'center', behavior: reduced.matches ? 'auto' : 'smooth'});
    start(playerFor(next));
  }

  function wire(player) {
    player.defaultPlaybackRate = rate;
    player.playbackRate = rate;
    resume(player);
    if (!onIndex) tools(player);
    var last = 0;
    player.addEventListener('play', function () {
      players.forEach(function (other) { if (other !== player) other.pause(); });
      player.playbackRate = rate;
      if (onIndex) tools(player);
      active = player;
      handlers(player);
      session(player, true);
    });
    player.addEventListener('timeupdate', function () {
      if (Math.abs(player.currentTime - last) >= 5) { last = player.currentTime; remember(player); }
      session(player, false);
    });
    player.addEventListener('seeked', function () { remember(player); session(player, false); });
    player.addEventListener('pause', function () { if (!player.ended) remember(player); });
    player.addEventListener('ratechange', function () {
      if (player.playbackRate !== rate && player === active) setRate(player.playbackRate);
    });
    player.addEventListener('ended', function () {
      remember(player, true);
      markPlayed();
      advance(player);
    });
  }
  players.forEach(wire);

  // Offline copies ---------------------------------------------------------------------
  var offline = 'caches' in window;
  function companions(node) {
    return (node.dataset.companions || '').split(' ').filter(Boolean);
  }
  function isSaved(file) {
    if (!offline) return Promise.resolve(false);
    return caches.open(AUDIO_CACHE).then(function (c) { return c.match(file); }).then(Boolean);
  }
  function save(node) {
    var file = node.dataset.episode;
    say(fill(words.saving, {title: node.dataset.title}));
    return Promise.all([
      caches.open(AUDIO_CACHE).then(function (c) { return c.add(file); }),
      caches.open(PAGE_CACHE).then(function (c) { return c.addAll(companions(node)); })
    ]).then(function () {
      say(fill(words.saved_one, {title: node.dataset.title}));
    }, function () {
      say(fill(words.save_failed, {title: node.dataset.title}));
    }).then(refresh);
  }
  function drop(node) {
    return caches.open(AUDIO_CACHE).then(function (c) { return c.delete(node.dataset.episode); })
      .then(function () { say(fill(words.removed, {title: node.dataset.title})); }).then(refresh);
  }
  var saveButtons = [];
  function saveButton(node, where) {
    var b = make('button', {type: 'button', 'class': 'save', 'aria-pressed': 'false'}, words.save);
    b.addEventListener('click', function () {
      b.disabled = true;
      (b.getAttribute('aria-pressed') === 'true' ? drop(node) : save(node)).then(function () { b.disabled = false; });
    });
    b._node = node;
    saveButtons.push(b);
    where.appendChild(b);
    return b;
  }
  var usage = make('p', {'class': 'usage'});
  function refresh() {
    if (!offline) return Promise.resolve();
    return caches.open(AUDIO_CACHE).then(function (c) { return c.keys(); }).then(function (keys) {
      var saved = {};
      keys.forEach(function (r) { saved[new URL(r.url).pathname.split('/').pop()] = true; });
      var bytes = 0, count = 0;
      saveButtons.forEach(function (b) {
        var file = b._node.dataset.episode;
        var on = !!saved[encodeURIComponent(file)] || !!saved[file];
        b.setAttribute('aria-pressed', on ? 'true' : 'false');
        b.textContent = on ? words.saved : words.save;
        b.title = on ? words.remove : '';
      });
      articles.forEach(function (n) {
        var file = n.dataset.episode;
        if (saved[encodeURIComponent(file)] || saved[file]) {
          count += 1;
          bytes += Number(n.dataset.bytes || 0);
        }
      });
      usage.textContent = fill(words.usage, {count: count, mb: (bytes / 1e6).toFixed(1)});
      if (navigator.storage && navigator.storage.estimate) {
        navigator.storage.estimate().then(function (e) {
          if (e && e.usage) usage.textContent += ' ' + fill(words.usage_total, {mb: (e.usage / 1e6).toFixed(1)});
        });
      }
    });
  }

  // The service worker keeps pages, feed and transcripts, and answers for saved audio.
  if ('serviceWorker' in navigator && /^https?:$/.test(location.protocol)) {
    navigator.serviceWorker.register('sw.js').catch(function () {});
  }

  // The episode page -------------------------------------------------------------------
  if (!onIndex) {
    var main = players[0];
    if (main && offline) {
      var row = make('p', {'class': 'offline'});
      saveButton(main, row);
      main.closest('.player').insertAdjacentElement('afterend', row);
      row.appendChild(status);
      refresh();
    }
    return;
  }

  // The index --------------------------------------------------------------------------
  var list = articles.length ? articles[0].parentNode : null;
  function markPlayed() {
    articles.forEach(function (a) {
      var meta = a.querySelector('.meta');
      var mark = a.querySelector('.played');
      if (played[a.dataset.episode] && meta && !mark) meta.appendChild(make('span', {'class': 'played'}, ' · ' + words.played));
    });
  }
  function markQueued() {
    articles.forEach(function (a) {
      var b = a.querySelector('button.next');
      if (b) b.setAttribute('aria-pressed', queue.indexOf(a.dataset.episode) >= 0 ? 'true' : 'false');
    });
  }
  articles.forEach(function (a) {
    var row = make('p', {'class': 'offline'});
    if (!a.querySelector('audio')) {
      var play = make('button', {type: 'button', 'class': 'play'}, words.play);
      play.addEventListener('click', function () { play.hidden = true; start(playerFor(a)); });
      row.appendChild(play);
    }
    var next = make('button', {type: 'button', 'class': 'next', 'aria-pressed': 'false'}, words.play_next);
    next.addEventListener('click', function () {
      var file = a.dataset.episode, at = queue.indexOf(file);
      if (at >= 0) queue.splice(at, 1); else queue.unshift(file);
      store('queue', queue);
      markQueued();
      say(fill(at >= 0 ? words.unqueued : words.queued, {title: a.dataset.title}));
    });
    row.appendChild(next);
    if (offline) saveButton(a, row);
    // Each button is one of many alike: its episode's title describes it.
    [].forEach.call(row.querySelectorAll('button'), function (b) {
      b.setAttribute('aria-describedby', a.getAttribute('aria-labelledby'));
    });
    a.appendChild(row);
  });
  markPlayed();
  markQueued();

  // Continue listening: episodes started and not finished, the latest first.
  var started = articles.filter(function (a) { return positions[a.dataset.episode]; });
  started.sort(function (x, y) { return positions[y.dataset.episode].at - positions[x.dataset.episode].at; });
  var anchor = document.getElementById('edition-links');
  var library = make('section', {'class': 'library', 'aria-labelledby': 'library-heading'});
  library.appendChild(make('h2', {id: 'library-heading'}, words.library));
  if (started.length) {
    library.appendChild(make('h3', {id: 'continue-heading'}, words['continue']));
    var ul = make('ul', {'aria-labelledby': 'continue-heading'});
    started.slice(0, 5).forEach(function (a) {
      var at = positions[a.dataset.episode];
      var li = make('li');
      var link = make('a', {href: a.dataset.page}, a.dataset.title);
      li.appendChild(link);
      li.appendChild(document.createTextNode(' (' + fill(words.left_at, {time: clock(at.t), total: clock(at.d)}) + ')'));
      ul.appendChild(li);
    });
    library.appendChild(ul);
  }
  if (offline) {
    var all = make('button', {type: 'button'}, words.save_all);
    all.addEventListener('click', function () {
      all.disabled = true;
      var todo = articles.filter(function (a) { return !played[a.dataset.episode]; });
      todo.reduce(function (chain, a) {
        return chain.then(function () { return isSaved(a.dataset.episode); })
          .then(function (yes) { return yes ? null : save(a); });
      }, Promise.resolve()).then(function () { all.disabled = false; });
    });
    var row2 = make('p');
    row2.appendChild(all);
    library.appendChild(row2);
    library.appendChild(usage);
  }
  // Search by title and text: titles at once, the text once episodes.json has come.
  var searchId = 'search-episodes';
  var form = make('form', {role: 'search', 'class': 'search'});
  form.appendChild(make('label', {'for': searchId}, words.search + ' '));
  var box = make('input', {type: 'search', id: searchId, autocomplete: 'off'});
  form.appendChild(box);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  library.appendChild(form);
  library.appendChild(status);
  if (anchor) anchor.insertAdjacentElement('afterend', library);

  var texts = null;
  function fetchTexts() {
    if (texts) return texts;
    texts = fetch(ui.episodes).then(function (r) { return r.ok ? r.json() : []; }).then(function (rows) {
      var map = {};
      rows.forEach(function (row) { map[row.file] = (row.title + ' ' + row.text).toLowerCase(); });
      return map;
    }).catch(function () { return {}; });
    return texts;
  }

  var shown = PAGE_SIZE;
  var more = make('button', {type: 'button', 'class': 'more'}, words.more);
  more.addEventListener('click', function () { shown += PAGE_SIZE; layout(); });
  if (list) list.insertBefore(more, articles[articles.length - 1].nextSibling);

  function layout(matches) {
    var visible = 0;
    articles.forEach(function (a) {
      var fits = !matches || matches(a);
      var show = fits && (matches ? true : visible < shown);
      if (fits) visible += 1;
      a.hidden = !show;
    });
    more.hidden = !!matches || visible <= shown;
    if (matches) say(fill(words.found, {count: visible}));
  }

  function filter() {
    var q = box.value.trim().toLowerCase();
    if (!q) { layout(); say(''); return; }
    var byTitle = function (a) { return a.dataset.title.toLowerCase().indexOf(q) >= 0; };
    layout(byTitle);
    fetchTexts().then(function (map) {
      if (box.value.trim().toLowerCase() !== q) return;
      layout(function (a) { return byTitle(a) || (map[a.dataset.episode] || '').indexOf(q) >= 0; });
    });
  }
  box.addEventListener('input', filter);
  layout();
  refresh();
})();
