/*
 * folio-search-engine.js: loads Folio's search engine (tantivy compiled to
 * WebAssembly) and the prebuilt indexes, and answers queries.
 *
 * Why it looks like this: the handbook is read from file:// (a USB stick),
 * where fetch, XHR, ES modules and workers all fail. Only classic
 * <script src> tags load. So the generator ships the wasm and each index
 * gzipped, 7 bits per character of a string, inside .js files that set globals:
 *
 *   <root>search/engine.js              window.__folioWasm = "<gzip>"
 *   <root>search/index-<v>-<lang>.js    window.__folioIndex["<v>/<lang>"] = "<gzip>"
 *
 * This loader injects those scripts on first use (not on every page view),
 * unpacks them with DecompressionStream, instantiates the wasm from bytes and
 * talks to it through its raw C ABI (see crates/folio-search-wasm/src/lib.rs).
 *
 * API (a classic script; no modules, no fetch):
 *
 *   FolioSearchEngine.load(siteRoot) -> Promise<engine>
 *     siteRoot: relative path from the page to the site root, e.g. "../../".
 *   engine.search(query, {version, lang, limit}) -> Promise<hit[]>
 *   engine.searchMany(query, [{version, lang}, ...], limit) -> Promise<hit[]>
 *     merged by score (scores of different indexes are only roughly comparable).
 *   engine.formatVersion: index format version the engine reads.
 *
 * A hit is {page_id, title, chapter, heading, url, version, lang, score,
 * snippet, href}. title, chapter and heading are plain text (insert with
 * textContent); snippet is escaped HTML whose only tags are <mark>; href is
 * url resolved against siteRoot.
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

  // A payload string carries 7 bits per character, most significant bit
  // first (see seven_bit_literal in crates/folio-search/src/builder.rs).
  function textToBytes(text) {
    var out = new Uint8Array(Math.floor(text.length * 7 / 8));
    var acc = 0, bits = 0, at = 0;
    for (var i = 0; i < text.length; i++) {
      acc = (acc << 7) | text.charCodeAt(i);
      bits += 7;
      if (bits >= 8) {
        bits -= 8;
        out[at++] = acc >>> bits;
        acc &= (1 << bits) - 1;
      }
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

  function Engine(root, wasm) {
    this.root = root;
    this.wasm = wasm;
    this.indexes = {};
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
    if (!this.indexes[key]) {
      var src = this.root + 'search/index-' + version + '-' + lang + '.js';
      this.indexes[key] = payload(
        function () { return window.__folioIndex && window.__folioIndex[key]; },
        function () { delete window.__folioIndex[key]; },
        src
      ).then(unpack).then(function (blob) {
        var ptr = self.copyIn(blob);
        var handle = self.wasm.index_open(ptr, blob.length);
        self.wasm.dealloc(ptr, blob.length);
        if (!handle) throw fail(key + ': ' + self.readPrefixed(self.wasm.last_error()));
        return handle;
      });
      this.indexes[key].catch(function () { delete self.indexes[key]; });
    }
    return this.indexes[key];
  };

  Engine.prototype.runSearch = function (handle, query, limit) {
    var bytes = new TextEncoder().encode(query);
    var ptr = this.copyIn(bytes);
    var result = this.wasm.index_search(handle, ptr, bytes.length, limit);
    var json = result ? this.readPrefixed(result) : '[]';
    this.wasm.dealloc(ptr, bytes.length);
    var hits = JSON.parse(json);
    for (var i = 0; i < hits.length; i++) hits[i].href = this.root + hits[i].url;
    return hits;
  };

  Engine.prototype.search = function (query, options) {
    options = options || {};
    var limit = options.limit > 0 ? Math.floor(options.limit) : 20;
    var self = this;
    return this.index(options.version, options.lang).then(function (handle) {
      return self.runSearch(handle, String(query == null ? '' : query), limit);
    });
  };

  Engine.prototype.searchMany = function (query, targets, limit) {
    limit = limit > 0 ? Math.floor(limit) : 20;
    var self = this;
    return Promise.all((targets || []).map(function (t) {
      return self.search(query, { version: t.version, lang: t.lang, limit: limit });
    })).then(function (lists) {
      var all = [].concat.apply([], lists);
      // Array.prototype.sort is stable, so equal scores keep target order.
      all.sort(function (a, b) { return b.score - a.score; });
      return all.slice(0, limit);
    });
  };

  function load(siteRoot) {
    var root = siteRoot == null ? '' : String(siteRoot);
    if (root && root.charAt(root.length - 1) !== '/') root += '/';
    if (!engines[root]) {
      engines[root] = payload(
        function () { return window.__folioWasm; },
        function () { window.__folioWasm = undefined; },
        root + 'search/engine.js'
      ).then(unpack).then(function (bytes) {
        return WebAssembly.instantiate(bytes, {});
      }).then(function (result) {
        return new Engine(root, result.instance.exports);
      });
      engines[root].catch(function () { delete engines[root]; });
    }
    return engines[root];
  }

  window.FolioSearchEngine = { load: load };
})();
