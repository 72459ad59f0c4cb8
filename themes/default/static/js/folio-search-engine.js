/*
 * folio-search-engine.js: loads Folio's search engine (tantivy compiled to
 * WebAssembly) and the prebuilt indexes, and answers queries.
 *
 * Why it looks like this: the handbook is read from file:// (a USB stick),
 * where fetch, XHR, ES modules and workers all fail. Only classic
 * <script src> tags load. So the generator ships the wasm and each index
 * gzipped, 15 bits per character of a string, inside UTF-16 .js files that
 * set globals:
 *
 *   <root>search/engine.js              window.__folioWasm = "<gzip>"
 *   <root>search/index-<v>-<lang>.js    window.__folioIndex["<v>/<lang>"] = "<gzip>"
 *   <root>search/text/<v>/<lang>/<page>.js
 *                                       window.__folioText["<v>/<lang>/<page>.html"] = "<gzip>"
 *
 * This loader injects those scripts on first use (not on every page view),
 * unpacks them with DecompressionStream, instantiates the wasm from bytes and
 * talks to it through its raw C ABI (see crates/folio-search-wasm/src/lib.rs).
 * The indexes hold no section text (it would be a third of what the first
 * search loads): once the engine has answered, the loader loads the texts
 * of the pages shown (a JSON object from each section's anchor to its text)
 * and has the engine cut the snippets from them, as folio_search::complete
 * does for `folio search`.
 *
 * API (a classic script; no modules, no fetch):
 *
 *   FolioSearchEngine.load(siteRoot) -> Promise<engine>
 *     siteRoot: relative path from the page to the site root, e.g. "../../".
 *   engine.searchMany(query, [{version, lang}, ...], limit) -> Promise<results>
 *     one answer for every index in scope (editions x languages), merged by
 *     the engine itself (folio_search::search_many), exactly as `folio
 *     search` merges it.
 *   engine.searchRows(query, targets, limit) -> Promise<results>
 *   engine.complete(results) -> Promise<results>
 *     the same in two steps: the rows at once (snippets empty, suggestions
 *     folded), then what needs the section texts, so that a page can show
 *     the rows before their snippets.
 *   engine.search(query, {version, lang, limit}) -> Promise<results>
 *     the same for one index.
 *   engine.formatVersion: index format version the engine reads.
 *
 * results = {
 *   query, total,          // total: rows found, all of them (not only `rows`)
 *   rows: [{page_id, title, chapter, number, url, heading, snippet, version,
 *           lang, editions, partial, missing, sections: [{heading, url, href}],
 *           score, href}],  // one row per page (and language), best first
 *   dropped,               // query words no index in scope knows
 *   suggestions: [{word}]  // nearest indexed words, only when nothing was found
 * }
 * Everything is plain text (insert with textContent) except snippet, which
 * is escaped HTML whose only tags are <mark>. url is relative to the site
 * root; href is url resolved against siteRoot. A larger limit gives more
 * rows (up to 200).
 */
(function () {
  'use strict';

  var engines = {};

  function fail(message) {
    return new Error('folio search: ' + message);
  }

  // Injects <script src> once per URL; resolves when it has run.
  var scripts = {};
  function loadScript(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var el = document.createElement('script');
        el.src = src;
        el.async = true;
        el.onload = function () { resolve(); };
        el.onerror = function () {
          delete scripts[src];
          reject(fail('cannot load ' + src));
        };
        (document.head || document.documentElement).appendChild(el);
      });
    }
    return scripts[src];
  }

  // The value a payload script stored, loading the script if needed. The
  // string is removed from the global once read, to free its memory.
  function payload(read, clear, src) {
    var value = read();
    var ready = value ? Promise.resolve() : loadScript(src);
    return ready.then(function () {
      value = value || read();
      if (typeof value !== 'string') {
        throw fail(src + ' did not define the expected data');
      }
      clear();
      return value;
    });
  }

  // A payload string: its first character is U+0800 plus the number of zero
  // bits that pad the end; each other one carries 15 bits, its code minus
  // 0x800, most significant bit first (see fifteen_bit_text in
  // crates/folio-search/src/builder.rs; the files are UTF-16, marked so).
  function textToBytes(text) {
    var padding = text.charCodeAt(0) - 0x800;
    var out = new Uint8Array(((text.length - 1) * 15 - padding) >> 3);
    var acc = 0, bits = 0, at = 0;
    for (var i = 1; i < text.length; i++) {
      acc = (acc << 15) | (text.charCodeAt(i) - 0x800);
      bits += 15;
      while (bits >= 8 && at < out.length) {
        bits -= 8;
        out[at++] = acc >>> bits;
      }
      acc &= (1 << bits) - 1;
    }
    return out;
  }

  function gunzip(bytes) {
    if (typeof DecompressionStream === 'undefined') {
      return Promise.reject(fail('this browser cannot unpack the search data (no DecompressionStream)'));
    }
    var reader = new Blob([bytes]).stream()
      .pipeThrough(new DecompressionStream('gzip')).getReader();
    var chunks = [];
    var total = 0;
    function pump() {
      return reader.read().then(function (r) {
        if (!r.done) {
          chunks.push(r.value);
          total += r.value.length;
          return pump();
        }
        var out = new Uint8Array(total);
        var at = 0;
        for (var i = 0; i < chunks.length; i++) {
          out.set(chunks[i], at);
          at += chunks[i].length;
        }
        return out;
      });
    }
    return pump();
  }

  function unpack(text) {
    return gunzip(textToBytes(text));
  }

  // The bytes a registering script (window[global][key] = "<gzip>"; see
  // registering_js in crates/folio-search/src/builder.rs) carries, loading
  // `src` if needed.
  function registered(global, key, src) {
    return payload(
      function () { return window[global] && window[global][key]; },
      function () { delete window[global][key]; },
      src
    ).then(unpack);
  }

  // The promise `make()` gives, made once per `key` and kept in `cache`; a
  // failure is forgotten, so that the next call tries again.
  function once(cache, key, make) {
    if (!cache[key]) {
      cache[key] = make();
      cache[key].catch(function () { delete cache[key]; });
    }
    return cache[key];
  }

  function Engine(root, wasm) {
    this.root = root;
    this.wasm = wasm;
    this.indexes = {};
    this.texts = {};
    this.formatVersion = wasm.format_version();
  }

  // Copies bytes into wasm memory; returns the pointer (free with dealloc).
  Engine.prototype.copyIn = function (bytes) {
    var ptr = this.wasm.alloc(bytes.length) >>> 0;
    new Uint8Array(this.wasm.memory.buffer, ptr, bytes.length).set(bytes);
    return ptr;
  };

  // Reads a u32-length-prefixed UTF-8 string written by the wasm.
  Engine.prototype.readPrefixed = function (ptr) {
    var buffer = this.wasm.memory.buffer;
    var len = new DataView(buffer).getUint32(ptr >>> 0, true);
    return new TextDecoder().decode(new Uint8Array(buffer, (ptr >>> 0) + 4, len));
  };

  // Promise of the handle of index version/lang, opened once.
  Engine.prototype.index = function (version, lang) {
    var key = version + '/' + lang;
    var self = this;
    return once(this.indexes, key, function () {
      var src = self.root + 'search/index-' + version + '-' + lang + '.js';
      return registered('__folioIndex', key, src).then(function (blob) {
        var ptr = self.copyIn(blob);
        var handle = self.wasm.index_open(ptr, blob.length);
        self.wasm.dealloc(ptr, blob.length);
        if (!handle) throw fail(key + ': ' + self.readPrefixed(self.wasm.last_error()));
        return handle;
      });
    });
  };

  // Runs the query over the open indexes `handles` (the scope) in the wasm.
  Engine.prototype.runSearch = function (handles, query, limit) {
    var scope = new Uint8Array(4 * handles.length);
    var view = new DataView(scope.buffer);
    for (var i = 0; i < handles.length; i++) view.setUint32(4 * i, handles[i], true);
    var hptr = this.copyIn(scope);
    var json = this.call('search', [hptr, handles.length], [query], [limit]);
    this.wasm.dealloc(hptr, scope.length);
    var results = json ? JSON.parse(json)
      : { query: query, total: 0, rows: [], dropped: [], suggestions: [] };
    for (var r = 0; r < results.rows.length; r++) {
      var row = results.rows[r];
      row.href = this.root + row.url;
      for (var s = 0; s < row.sections.length; s++) {
        row.sections[s].href = this.root + row.sections[s].url;
      }
    }
    return results;
  };

  // Promise of the section texts of the page at `url` (anchor ignored), by
  // anchor, loaded once (see text_js_path in crates/folio-search/src/builder.rs).
  Engine.prototype.pageTexts = function (url) {
    var page = url.split('#')[0];
    var src = this.root + 'search/text/' + page.replace(/\.html$/, '') + '.js';
    return once(this.texts, page, function () {
      return registered('__folioText', page, src).then(function (bytes) {
        return JSON.parse(new TextDecoder().decode(bytes));
      });
    });
  };

  // Promise of the text of the section at `url`; null when there is none.
  Engine.prototype.sectionText = function (url) {
    var hash = url.indexOf('#');
    var anchor = hash < 0 ? '' : url.slice(hash + 1);
    return this.pageTexts(url).then(function (texts) {
      return Object.prototype.hasOwnProperty.call(texts, anchor) ? texts[anchor] : null;
    }, function () { return null; });
  };

  // Calls the export `name` with the numbers `leading`, each string of
  // `strings` as UTF-8 (pointer, length), and the numbers `trailing`; returns
  // the length-prefixed string it answers, or null for 0.
  Engine.prototype.call = function (name, leading, strings, trailing) {
    var self = this;
    var buffers = strings.map(function (s) {
      var bytes = new TextEncoder().encode(s);
      return { ptr: self.copyIn(bytes), len: bytes.length };
    });
    var args = leading.slice();
    buffers.forEach(function (b) { args.push(b.ptr, b.len); });
    args = args.concat(trailing || []);
    var result = this.wasm[name].apply(null, args);
    var out = result ? this.readPrefixed(result) : null;
    buffers.forEach(function (b) { self.wasm.dealloc(b.ptr, b.len); });
    return out;
  };

  // Fills what the answer of `searchRows` needs section texts for, as
  // folio_search::complete does: the rows' snippets, the suggestions as their
  // texts write them. Resolves with the same answer.
  Engine.prototype.complete = function (results) {
    var self = this;
    var handles = results.handles || [];
    var rows = results.rows.map(function (row) {
      return self.sectionText(row.text.url).then(function (text) {
        var handle = handles[row.text.index];
        if (text !== null && handle) row.snippet = self.call('snippet', [handle], [results.query, text]) || '';
      });
    });
    var words = results.suggestions.map(function (s) {
      return s.text && self.sectionText(s.text.url).then(function (text) {
        if (text !== null) s.word = self.call('written', [], [s.word, text]) || s.word;
      });
    });
    return Promise.all(rows.concat(words)).then(function () { return results; });
  };

  Engine.prototype.searchRows = function (query, targets, limit) {
    limit = limit > 0 ? Math.floor(limit) : 20;
    var self = this;
    return Promise.all((targets || []).map(function (t) {
      return self.index(t.version, t.lang);
    })).then(function (handles) {
      var results = self.runSearch(handles, String(query == null ? '' : query), limit);
      // For `complete`; not enumerable, so the answer stays plain data.
      Object.defineProperty(results, 'handles', { value: handles });
      return results;
    });
  };

  Engine.prototype.searchMany = function (query, targets, limit) {
    var self = this;
    return this.searchRows(query, targets, limit).then(function (results) {
      return self.complete(results);
    });
  };

  Engine.prototype.search = function (query, options) {
    options = options || {};
    return this.searchMany(query, [{ version: options.version, lang: options.lang }], options.limit);
  };

  function load(siteRoot) {
    var root = siteRoot == null ? '' : String(siteRoot);
    if (root && root.charAt(root.length - 1) !== '/') root += '/';
    return once(engines, root, function () {
      return payload(
        function () { return window.__folioWasm; },
        function () { window.__folioWasm = undefined; },
        root + 'search/engine.js'
      ).then(unpack).then(function (bytes) {
        return WebAssembly.instantiate(bytes, {});
      }).then(function (result) {
        return new Engine(root, result.instance.exports);
      });
    });
  }

  window.FolioSearchEngine = { load: load };
})();
