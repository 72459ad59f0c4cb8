/*
 * folio-search-ui.js: the search box on every page, the results page
 * (search.html) and the highlighting of a search's words on the page a
 * result opens. Classic script, works from file://. The engine (tantivy in
 * WebAssembly, see folio-search-engine.js) is loaded only when the reader
 * first focuses or types in the box.
 *
 * - `/` or `s` focuses the box; results appear as you type, one row per
 *   page: its best section, the other matching sections under it, badges
 *   for other editions and languages, the words a partial match lacks. With
 *   both languages in scope, a page that matched only in the other language
 *   is shown in the reader's, with a note linking to the text that matched.
 * - Arrow keys move through results, Enter opens one; Escape closes the
 *   panel, a second Escape clears the box; focus leaving the box closes it.
 * - Scope: this edition or all editions; this language or both. Remembered
 *   across pages (localStorage) and kept, with the query, in the address
 *   (`?q=…&editions=all&langs=all`), so Back returns to the same search.
 * - "Show all results" opens search.html with the same address parameters.
 * - A result opens its page with `?hl=<query>`: the query's words (not stop
 *   words; prefixes only from 3 letters) are marked, with a control (and
 *   Escape) to clear the marks.
 */
(function () {
  'use strict';

  var box = document.querySelector('.search');
  if (!box) return;
  var data = box.dataset;
  var DEBOUNCE_MS = 40;
  var PANEL_ROWS = 12;
  var PAGE_ROWS = 200;
  var SCOPE_KEY = 'folio-search-scope';

  // The engine's stop words (tantivy's lists, which it skips in queries):
  // never highlighted. tests/testsuite/search_ui.rs checks they agree.
  var STOP_WORDS = {
    en: 'a an and are as at be but by for if in into is it no not of on or such that the their then there ' +
      'these they this to was will with',
    es: 'de la que el en y a los del se las por un para con no una su al lo como más pero sus le ya o ' +
      'este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos ' +
      'durante todos uno les ni contra otros ese eso ante ellos e esto mí antes algunos qué unos yo ' +
      'otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas ' +
      'algo nosotros mi mis tú te ti tu tus ellas nosotras vosotros vosotras os mío mía míos mías tuyo ' +
      'tuya tuyos tuyas suyo suya suyos suyas nuestro nuestra nuestros nuestras vuestro vuestra ' +
      'vuestros vuestras esos esas estoy estás está estamos estáis están esté estés estemos estéis ' +
      'estén estaré estarás estará estaremos estaréis estarán estaría estarías estaríamos estaríais ' +
      'estarían estaba estabas estábamos estabais estaban estuve estuviste estuvo estuvimos estuvisteis ' +
      'estuvieron estuviera estuvieras estuviéramos estuvierais estuvieran estuviese estuvieses ' +
      'estuviésemos estuvieseis estuviesen estando estado estada estados estadas estad he has ha hemos ' +
      'habéis han haya hayas hayamos hayáis hayan habré habrás habrá habremos habréis habrán habría ' +
      'habrías habríamos habríais habrían había habías habíamos habíais habían hube hubiste hubo ' +
      'hubimos hubisteis hubieron hubiera hubieras hubiéramos hubierais hubieran hubiese hubieses ' +
      'hubiésemos hubieseis hubiesen habiendo habido habida habidos habidas soy eres es somos sois son ' +
      'sea seas seamos seáis sean seré serás será seremos seréis serán sería serías seríamos seríais ' +
      'serían era eras éramos erais eran fui fuiste fue fuimos fuisteis fueron fuera fueras fuéramos ' +
      'fuerais fueran fuese fueses fuésemos fueseis fuesen siendo sido tengo tienes tiene tenemos ' +
      'tenéis tienen tenga tengas tengamos tengáis tengan tendré tendrás tendrá tendremos tendréis ' +
      'tendrán tendría tendrías tendríamos tendríais tendrían tenía tenías teníamos teníais tenían tuve ' +
      'tuviste tuvo tuvimos tuvisteis tuvieron tuviera tuvieras tuviéramos tuvierais tuvieran tuviese ' +
      'tuvieses tuviésemos tuvieseis tuviesen teniendo tenido tenida tenidos tenidas tened'
  };

  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  var stopWords = {};
  (STOP_WORDS[document.documentElement.lang] || '').split(' ').forEach(function (w) { stopWords[fold(w)] = true; });

  /**
   * A fragment of `template` with each `{name}` replaced by `values[name]`
   * (a node or text): what a reader typed stays text whatever it holds.
   */
  function fill(template, values) {
    var frag = document.createDocumentFragment();
    template.split(/(\{[a-z]+\})/).forEach(function (part) {
      var name = /^\{([a-z]+)\}$/.exec(part);
      var value = name && values[name[1]];
      if (value == null) frag.appendChild(document.createTextNode(part));
      else frag.appendChild(typeof value === 'string' ? document.createTextNode(value) : value);
    });
    return frag;
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = text;
    return e;
  }

  /** The words of `words`, each in an <em>, separated by commas. */
  function wordList(words) {
    var frag = document.createDocumentFragment();
    words.forEach(function (w, i) {
      if (i) frag.appendChild(document.createTextNode(', '));
      frag.appendChild(el('em', '', w));
    });
    return frag;
  }

  function countLabel(n) {
    return n === 1 ? data.resultOne : data.resultsLabel.replace('{n}', n);
  }

  // ---- Highlight the words of a search on the page it led to. ----

  function param(name, search) {
    var m = new RegExp('[?&]' + name + '=([^&#]*)').exec(search);
    if (!m) return null;
    try {
      return decodeURIComponent(m[1].replace(/\+/g, ' '));
    } catch (e) {
      return null; // A mangled link (`?hl=100%`): treated as absent.
    }
  }

  /** `search` (a location.search) with `name` set to `value`, or removed when it is null. */
  function withParam(search, name, value) {
    var kept = search.replace(/^\?/, '').split('&').filter(function (p) {
      return p && p.split('=')[0] !== name;
    });
    if (value != null) kept.push(name + '=' + encodeURIComponent(value));
    return kept.length ? '?' + kept.join('&') : '';
  }

  /** Puts `search` in the address in place of location.search, without a new history entry. */
  function replaceSearch(search) {
    if (search !== location.search) history.replaceState(history.state, '', location.pathname + search + location.hash);
  }

  /**
   * Whether a (folded) word of the page matches one of `terms`: a term of 3
   * letters or more matches the words it starts (a crude stem: at most its
   * first 5 letters, so `explotacion` marks `explotación` and `explotado`);
   * a shorter one only itself.
   */
  function matcher(terms) {
    var stems = terms.map(function (t) { return t.length > 5 ? t.slice(0, Math.max(5, t.length - 2)) : t; });
    return function (word) {
      for (var i = 0; i < stems.length; i++) {
        if (stems[i].length >= 3 ? word.indexOf(stems[i]) === 0 : word === stems[i]) return true;
      }
      return false;
    };
  }

  /** The terms of `query` worth marking: its words, less the stop words. */
  function highlightTermsOf(query) {
    var seen = {};
    return (fold(query).match(/[a-z0-9]+/g) || []).filter(function (t) {
      if (stopWords[t] || seen[t]) return false;
      seen[t] = true;
      return true;
    });
  }

  /** The words of `query` as the reader typed them (`casación`, not the folded `casacion`) that hold one of `terms`. */
  function typedWords(query, terms) {
    var shown = [];
    var seen = {};
    query.split(/\s+/).forEach(function (word) {
      var tokens = fold(word).match(/[a-z0-9]+/g) || [];
      var fresh = tokens.filter(function (t) { return terms.indexOf(t) >= 0 && !seen[t]; });
      if (!fresh.length) return;
      fresh.forEach(function (t) { seen[t] = true; });
      shown.push(word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''));
    });
    return shown;
  }

  var marks = [];
  var highlightBar = null;

  function clearHighlights() {
    marks.forEach(function (mark) {
      var parent = mark.parentNode;
      if (!parent) return;
      parent.replaceChild(document.createTextNode(mark.textContent), mark);
      parent.normalize();
    });
    marks = [];
    if (highlightBar) highlightBar.remove();
    highlightBar = null;
    replaceSearch(withParam(location.search, 'hl', null));
  }

  function highlightArrival() {
    var query = param('hl', location.search);
    var content = document.querySelector('.content');
    if (!query || !content) return;
    var terms = highlightTermsOf(query);
    if (!terms.length) return;
    var matches = matcher(terms);
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, null);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      var folded = fold(text);
      if (folded.length !== text.length) return; // composed characters: skip rather than misplace
      var ranges = [];
      var re = /[a-z0-9]+/g;
      var w;
      while ((w = re.exec(folded))) {
        if (matches(w[0])) ranges.push([w.index, w.index + w[0].length]);
      }
      if (!ranges.length) return;
      var frag = document.createDocumentFragment();
      var at = 0;
      ranges.forEach(function (r) {
        frag.appendChild(document.createTextNode(text.slice(at, r[0])));
        var mark = el('mark', 'search-hit', text.slice(r[0], r[1]));
        frag.appendChild(mark);
        marks.push(mark);
        at = r[1];
      });
      frag.appendChild(document.createTextNode(text.slice(at)));
      node.parentNode.replaceChild(frag, node);
    });
    if (!marks.length) return;
    highlightBar = el('div', 'search-highlight-bar');
    var label = el('span', 'search-highlight-terms');
    label.appendChild(document.createTextNode(data.highlighted + ' '));
    label.appendChild(wordList(typedWords(query, terms)));
    highlightBar.appendChild(label);
    var clear = el('button', 'search-highlight-clear', data.clearHighlights);
    clear.type = 'button';
    clear.addEventListener('click', clearHighlights);
    highlightBar.appendChild(clear);
    document.body.appendChild(highlightBar);
    if (!location.hash) marks[0].scrollIntoView({ block: 'center' });
  }
  highlightArrival();

  // ---- The search box. ----

  var input = box.querySelector('input[type="search"]');
  var panel = box.querySelector('.search-panel');
  var list = box.querySelector('.search-results');
  var status = box.querySelector('.search-status');
  var allEditions = box.querySelector('input[name="all-editions"]');
  var bothLanguages = box.querySelector('input[name="both-languages"]');
  var root = data.root || '';
  var versions = (data.versions || '').split(',').filter(Boolean);
  var langs = (data.langs || '').split(',').filter(Boolean);
  // Language code -> its name in the reader's language (`en` -> `inglés`).
  var langNames = {};
  (data.langNames || '').split(',').forEach(function (pair) {
    var kv = pair.split(':');
    if (kv.length === 2) langNames[kv[0]] = kv[1];
  });
  // On the results page, the page shows the results and the panel only the scope.
  var resultsPage = document.querySelector('.search-page');
  var pageTitle = document.title;
  var summary = el('div', 'search-summary');
  var notes = el('div', 'search-notes');
  panel.insertBefore(notes, list);
  panel.insertBefore(summary, notes);
  panel.tabIndex = -1; // a click on the panel keeps the focus in the search area
  var active = -1;
  var answer = null;
  var timer = null;
  var serial = 0;

  function say(text) { status.textContent = text; }

  function targets() {
    var vs = allEditions && allEditions.checked ? versions : [data.version];
    // The reader's language first: the engine shows a page that matched only
    // in another language as its copy in the first language of the scope.
    var ls = [data.lang].concat(bothLanguages && bothLanguages.checked ? langs.filter(function (l) {
      return l !== data.lang;
    }) : []);
    var out = [];
    vs.forEach(function (v) { ls.forEach(function (l) { out.push({ version: v, lang: l }); }); });
    return out;
  }

  // Scope: from the address when it names one, else as the reader left it.
  function restoreScope() {
    var saved = {};
    try {
      saved = JSON.parse(localStorage.getItem(SCOPE_KEY) || '{}') || {};
    } catch (e) { /* no storage (private mode) or a damaged entry: the default scope */ }
    var q = param('q', location.search);
    if (allEditions) allEditions.checked = q != null ? param('editions', location.search) === 'all' : !!saved.editions;
    if (bothLanguages) bothLanguages.checked = q != null ? param('langs', location.search) === 'all' : !!saved.langs;
  }

  function saveScope() {
    try {
      localStorage.setItem(SCOPE_KEY, JSON.stringify({
        editions: !!(allEditions && allEditions.checked), langs: !!(bothLanguages && bothLanguages.checked)
      }));
    } catch (e) { /* no storage: the scope is kept for this page only */ }
  }

  /** The address parameters of a search for `query` in the current scope. */
  function searchParams(search, query) {
    search = withParam(search, 'q', query || null);
    search = withParam(search, 'editions', query && allEditions && allEditions.checked ? 'all' : null);
    return withParam(search, 'langs', query && bothLanguages && bothLanguages.checked ? 'all' : null);
  }

  function widestScope() {
    return (!allEditions || allEditions.checked || versions.length < 2) &&
      (!bothLanguages || bothLanguages.checked || langs.length < 2);
  }

  function widenScope() {
    if (allEditions) allEditions.checked = true;
    if (bothLanguages) bothLanguages.checked = true;
    saveScope();
    input.focus();
    run();
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

  /** The address of a result, relative to this page, with the query to highlight. */
  function resultHref(url, query) {
    var hash = url.indexOf('#');
    var page = hash < 0 ? url : url.slice(0, hash);
    var anchor = hash < 0 ? '' : url.slice(hash);
    return root + page + '?hl=' + encodeURIComponent(query) + anchor;
  }

  /** A badge naming another edition or language (`title` says so), or this edition when several matched. */
  function badge(text, title) {
    var b = el('span', title ? 'search-result-badge' : 'search-result-badge search-result-badge-here', text);
    if (title) b.title = title;
    return b;
  }

  /** One result row: a link to the best section, then the page's other matching sections. */
  function rowItem(row, query) {
    var li = el('li');
    if (row.lang !== data.lang) li.setAttribute('lang', row.lang);
    var a = el('a', 'search-result');
    a.href = resultHref(row.url, query);
    var title = el('span', 'search-result-title');
    if (row.number) {
      title.appendChild(el('span', 'search-result-num', row.number));
      title.appendChild(document.createTextNode(' '));
    }
    title.appendChild(document.createTextNode(row.title));
    a.appendChild(title);
    row.editions.forEach(function (v) {
      if (row.editions.length > 1 || v !== data.version) {
        a.appendChild(badge(v, v === data.version ? '' : data.otherEdition));
      }
    });
    if (row.lang !== data.lang) a.appendChild(badge(row.lang.toUpperCase(), data.otherLanguage));
    a.appendChild(el('span', 'search-result-where', [row.chapter, row.heading].filter(Boolean).join(' › ')));
    var snippet = el('span', 'search-result-snippet');
    snippet.innerHTML = row.snippet; // escaped by the engine; only <mark> tags
    a.appendChild(snippet);
    if (row.partial && row.missing.length) {
      var missing = el('span', 'search-result-missing', data.partial + ' ');
      row.missing.forEach(function (w, i) {
        if (i) missing.appendChild(document.createTextNode(', '));
        missing.appendChild(el('span', 'search-missing-word', w));
      });
      a.appendChild(missing);
    }
    li.appendChild(a);
    if (row.found_in) {
      // Shown in the reader's language, matched in another: the snippet is
      // from that text, and the note links to it.
      snippet.setAttribute('lang', row.found_in.lang);
      var other = el('a', '', langNames[row.found_in.lang] || row.found_in.lang.toUpperCase());
      other.href = resultHref(row.found_in.url, query);
      other.hreflang = row.found_in.lang;
      if (row.found_in.heading) other.title = row.found_in.heading;
      li.appendChild(el('span', 'search-result-found-in')).appendChild(fill(data.foundIn, { lang: other }));
    }
    if (row.sections.length) {
      var more = el('span', 'search-result-sections', data.also + ' ');
      row.sections.forEach(function (s, i) {
        if (i) more.appendChild(document.createTextNode(' · '));
        var link = el('a', '', s.heading || row.title);
        link.href = resultHref(s.url, query);
        more.appendChild(link);
      });
      li.appendChild(more);
    }
    return li;
  }

  /** The notes above a list: dropped words, or why nothing was found and what to try. */
  function fillNotes(target, found, query) {
    target.textContent = '';
    if (found.rows.length && found.dropped.length) {
      target.appendChild(el('p', 'search-note')).appendChild(fill(data.dropped, { words: wordList(found.dropped) }));
    }
    if (found.rows.length) return;
    target.appendChild(el('p', 'search-note')).appendChild(fill(data.nothing, { query: el('em', '', query) }));
    if (found.suggestions.length) {
      var p = target.appendChild(el('p', 'search-note search-suggestions', data.didYouMean + ' '));
      found.suggestions.forEach(function (suggestion) {
        var word = suggestion.word;
        var b = p.appendChild(el('button', 'search-suggestion', word));
        b.type = 'button';
        b.addEventListener('click', function () {
          input.value = word;
          input.focus();
          run();
        });
      });
    }
    if (!widestScope()) {
      var widen = target.appendChild(el('p', 'search-note')).appendChild(el('button', 'search-widen', data.widen));
      widen.type = 'button';
      widen.addEventListener('click', widenScope);
    }
  }

  function renderPanel(query) {
    list.textContent = '';
    summary.textContent = '';
    active = -1;
    input.removeAttribute('aria-activedescendant');
    // Each link of a row (its best section, its other sections) is an
    // option of the list box: the arrow keys go through them all.
    var options = 0;
    answer.rows.slice(0, PANEL_ROWS).forEach(function (row) {
      var li = rowItem(row, query);
      li.setAttribute('role', 'none');
      Array.prototype.forEach.call(li.querySelectorAll('a'), function (a) {
        var i = options++;
        a.id = 'search-result-' + i;
        a.setAttribute('role', 'option');
        a.setAttribute('aria-selected', 'false');
        a.tabIndex = -1;
        a.addEventListener('mousemove', function () { if (active !== i) setActive(i); });
      });
      list.appendChild(li);
    });
    if (answer.total) {
      summary.appendChild(el('span', 'search-count', countLabel(answer.total)));
      var all = summary.appendChild(el('a', 'search-show-all', data.showAll));
      all.href = data.searchPage + searchParams('', query);
    }
    fillNotes(notes, answer, query);
    open(true);
  }

  function renderPage(query) {
    var heading = resultsPage.querySelector('.search-page-query');
    document.title = (query ? query + ' · ' : '') + pageTitle;
    var count = resultsPage.querySelector('.search-page-count');
    var rows = resultsPage.querySelector('.search-page-results');
    heading.textContent = query;
    count.textContent = query ? countLabel(answer.total) : data.typeQuery;
    rows.textContent = '';
    answer.rows.forEach(function (row) { rows.appendChild(rowItem(row, query)); });
    fillNotes(resultsPage.querySelector('.search-page-notes'), answer, query);
  }

  /** Puts the snippets of the completed answer into the rows shown. */
  function fillSnippets() {
    var items = (resultsPage ? resultsPage.querySelector('.search-page-results') : list).children;
    answer.rows.forEach(function (row, i) {
      var snippet = items[i] && items[i].querySelector('.search-result-snippet');
      if (snippet) snippet.innerHTML = row.snippet; // escaped by the engine; only <mark> tags
    });
  }

  function show(query) {
    if (resultsPage) renderPage(query);
    else if (query) renderPanel(query);
    else {
      list.textContent = '';
      summary.textContent = '';
      notes.textContent = '';
    }
    say(!query ? '' : answer.total ? countLabel(answer.total) : data.noResults);
  }

  function run() {
    var query = input.value.trim();
    var mine = ++serial;
    replaceSearch(searchParams(location.search, query));
    if (!query) {
      answer = { total: 0, rows: [], dropped: [], suggestions: [] };
      show(query);
      return;
    }
    if (!window.FolioSearchEngine) return;
    var rows = resultsPage ? PAGE_ROWS : PANEL_ROWS;
    window.FolioSearchEngine.load(root).then(function (engine) {
      return engine.searchRows(query, targets(), rows).then(function (found) {
        if (mine !== serial) return null; // a newer query is on its way
        // The rows at once, their snippets when their texts have loaded; a
        // "did you mean" waits for its words as the text writes them.
        var waitForWords = !found.rows.length && found.suggestions.length;
        if (!waitForWords) {
          answer = found;
          show(query);
        }
        return engine.complete(found).then(function () {
          if (mine !== serial) return;
          answer = found;
          if (waitForWords) show(query);
          else fillSnippets();
        });
      });
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

  input.addEventListener('focus', function () { prepare(); open(true); });
  input.addEventListener('input', function () { prepare(); open(true); schedule(); });
  [allEditions, bothLanguages].forEach(function (c) {
    if (c) c.addEventListener('change', function () { saveScope(); schedule(); });
  });

  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown') { e.preventDefault(); open(true); setActive(active + 1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); open(true); setActive(active - 1); }
    else if (e.key === 'Enter') {
      var items = list.querySelectorAll('[role="option"]');
      var target = items[active >= 0 ? active : 0];
      if (target && box.classList.contains('open')) { e.preventDefault(); location.href = target.href; }
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (box.classList.contains('open')) open(false);
      else if (input.value) { input.value = ''; run(); }
    }
  });
  // Escape anywhere in the panel closes it and returns to the box.
  panel.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { input.focus(); open(false); }
  });

  box.addEventListener('focusout', function (e) {
    if (!e.relatedTarget || !box.contains(e.relatedTarget)) open(false);
  });

  document.addEventListener('keydown', function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (typing) return;
    if (e.key === '/' || e.key === 's') {
      e.preventDefault();
      input.focus();
      input.select();
    } else if (e.key === 'Escape' && marks.length) {
      clearHighlights();
    }
  });

  // A search in the address (Back to a page searched from, the results
  // page): the box, scope and results as they were.
  restoreScope();
  var asked = param('q', location.search);
  if (asked) {
    input.value = asked;
    prepare();
    if (!resultsPage) input.focus({ preventScroll: true });
  } else if (resultsPage) {
    answer = { total: 0, rows: [], dropped: [], suggestions: [] };
    show('');
  }
})();
