/*
 * folio-search-ui.js: the search box on every page. Classic script, works
 * from file://. The engine (tantivy in WebAssembly, ~1 MB) is loaded only
 * when the reader first focuses or types in the box.
 *
 * - `/` or `s` focuses the box; results appear as you type.
 * - Arrow keys move through results, Enter opens one, Escape closes.
 * - Scope: this edition or all editions; this language or both languages.
 * - Following a result opens the page at the best heading with `?hl=` terms,
 *   which this script highlights on arrival.
 */
(function () {
  'use strict';

  var box = document.querySelector('.search');
  var DEBOUNCE_MS = 40;
  var LIMIT = 12;

  // ---- Highlight the terms of a search on the page it led to. ----
  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  function highlightTerms() {
    var m = /[?&]hl=([^&#]*)/.exec(location.search);
    if (!m) return;
    var query;
    try {
      query = decodeURIComponent(m[1].replace(/\+/g, ' '));
    } catch (e) {
      return; // A mangled link (`?hl=100%`): no highlighting, and search still works.
    }
    var terms = query.split(/\s+/)
      .map(function (t) { return fold(t.replace(/["“”]/g, '')); })
      .filter(function (t) { return t.length >= 2; });
    var content = document.querySelector('.content');
    if (!terms.length || !content) return;
    // Match words that start with a term's first letters (a crude stem: at
    // most the first 5 letters), accents ignored.
    var stems = terms.map(function (t) { return t.length > 5 ? t.slice(0, Math.max(5, t.length - 2)) : t; });
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, null);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var first = null;
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      var folded = fold(text);
      if (folded.length !== text.length) return; // composed characters: skip rather than misplace
      var ranges = [];
      var re = /[a-z0-9]+/g;
      var w;
      while ((w = re.exec(folded))) {
        for (var i = 0; i < stems.length; i++) {
          if (w[0].indexOf(stems[i]) === 0) { ranges.push([w.index, w.index + w[0].length]); break; }
        }
      }
      if (!ranges.length) return;
      var frag = document.createDocumentFragment();
      var at = 0;
      ranges.forEach(function (r) {
        frag.appendChild(document.createTextNode(text.slice(at, r[0])));
        var mark = document.createElement('mark');
        mark.className = 'search-hit';
        mark.textContent = text.slice(r[0], r[1]);
        frag.appendChild(mark);
        if (!first) first = mark;
        at = r[1];
      });
      frag.appendChild(document.createTextNode(text.slice(at)));
      node.parentNode.replaceChild(frag, node);
    });
    if (first && !location.hash) first.scrollIntoView({ block: 'center' });
  }
  highlightTerms();

  if (!box) return;

  // ---- The search box. ----
  var input = box.querySelector('input[type="search"]');
  var list = box.querySelector('.search-results');
  var status = box.querySelector('.search-status');
  var allEditions = box.querySelector('input[name="all-editions"]');
  var bothLanguages = box.querySelector('input[name="both-languages"]');
  var data = box.dataset;
  var root = data.root || '';
  var versions = (data.versions || '').split(',').filter(Boolean);
  var langs = (data.langs || '').split(',').filter(Boolean);
  var active = -1;
  var hits = [];
  var timer = null;
  var serial = 0;

  function say(text) { status.textContent = text; }

  function targets() {
    var vs = allEditions && allEditions.checked ? versions : [data.version];
    var ls = bothLanguages && bothLanguages.checked ? langs : [data.lang];
    var out = [];
    vs.forEach(function (v) { ls.forEach(function (l) { out.push({ version: v, lang: l }); }); });
    return out;
  }

  function open(show) {
    box.classList.toggle('open', show);
    input.setAttribute('aria-expanded', show ? 'true' : 'false');
  }

  function setActive(i) {
    var items = list.querySelectorAll('[role="option"]');
    if (!items.length) return;
    active = (i + items.length) % items.length;
    for (var k = 0; k < items.length; k++) items[k].setAttribute('aria-selected', k === active ? 'true' : 'false');
    input.setAttribute('aria-activedescendant', items[active].id);
    items[active].scrollIntoView({ block: 'nearest' });
  }

  function resultHref(hit, query) {
    var hash = hit.href.indexOf('#');
    var page = hash < 0 ? hit.href : hit.href.slice(0, hash);
    var anchor = hash < 0 ? '' : hit.href.slice(hash);
    return page + '?hl=' + encodeURIComponent(query) + anchor;
  }

  function render(query) {
    list.textContent = '';
    active = -1;
    input.removeAttribute('aria-activedescendant');
    hits.forEach(function (hit, i) {
      var li = document.createElement('li');
      li.id = 'search-result-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      if (hit.lang !== data.lang) li.setAttribute('lang', hit.lang);
      var a = document.createElement('a');
      a.href = resultHref(hit, query);
      a.tabIndex = -1;
      var title = document.createElement('span');
      title.className = 'search-result-title';
      title.textContent = hit.title;
      a.appendChild(title);
      if (hit.lang !== data.lang || hit.version !== data.version) {
        var badge = document.createElement('span');
        badge.className = 'search-result-badge';
        badge.textContent = [hit.version !== data.version ? hit.version : '', hit.lang !== data.lang ? hit.lang.toUpperCase() : '']
          .filter(Boolean).join(' · ');
        badge.title = hit.lang !== data.lang ? data.otherLanguage : data.otherEdition;
        a.appendChild(badge);
      }
      var where = document.createElement('span');
      where.className = 'search-result-where';
      where.textContent = [hit.chapter, hit.heading].filter(Boolean).join(' › ');
      a.appendChild(where);
      var snippet = document.createElement('span');
      snippet.className = 'search-result-snippet';
      snippet.innerHTML = hit.snippet; // escaped by the engine; only <mark> tags
      a.appendChild(snippet);
      li.appendChild(a);
      li.addEventListener('mousemove', function () { if (active !== i) setActive(i); });
      list.appendChild(li);
    });
    open(true);
    say(hits.length ? data.resultsLabel.replace('{n}', hits.length) : data.noResults);
  }

  function run() {
    var query = input.value.trim();
    var mine = ++serial;
    if (!query) {
      hits = [];
      list.textContent = '';
      open(false);
      say('');
      return;
    }
    if (!window.FolioSearchEngine) return;
    window.FolioSearchEngine.load(root).then(function (engine) {
      return engine.searchMany(query, targets(), LIMIT);
    }).then(function (found) {
      if (mine !== serial) return; // a newer query is on its way
      hits = found;
      render(query);
    }).catch(function (err) {
      if (mine !== serial) return;
      say(data.errorLabel);
      if (window.console) console.error(err);
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  }

  // Load the engine on first interest, so that the first keystroke is fast.
  var loading = false;
  function prepare() {
    if (loading) return;
    loading = true;
    var s = document.createElement('script');
    s.src = root + 'assets/js/folio-search-engine.js';
    s.onload = function () {
      window.FolioSearchEngine.load(root).then(function (engine) {
        return engine.index(data.version, data.lang);
      }).then(run, function (err) {
        say(data.errorLabel);
        if (window.console) console.error(err);
      });
    };
    document.head.appendChild(s);
  }

  input.addEventListener('focus', prepare);
  input.addEventListener('input', function () { prepare(); schedule(); });
  [allEditions, bothLanguages].forEach(function (c) { if (c) c.addEventListener('change', function () { input.focus(); schedule(); }); });

  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive(active + 1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive(active - 1); }
    else if (e.key === 'Enter') {
      var items = list.querySelectorAll('[role="option"] a');
      var target = items[active >= 0 ? active : 0];
      if (target) { e.preventDefault(); location.href = target.href; }
    } else if (e.key === 'Escape') {
      if (input.value) { input.value = ''; run(); } else { input.blur(); }
    }
  });

  document.addEventListener('keydown', function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (!typing && (e.key === '/' || e.key === 's')) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });

  document.addEventListener('click', function (e) {
    if (!box.contains(e.target)) open(false);
  });
  input.addEventListener('focus', function () { if (hits.length) open(true); });
})();
