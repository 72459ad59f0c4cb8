// The committed wasm engine answers exactly like the native search core, and
// the theme's loader drives it from the .js payloads the generator writes.
//
// Run with scripts/test-wasm-node.sh, which first writes the fixture
// (blobs, native answers, site payloads) with
// `cargo run -p folio-search --features build --example build_fixture -- DIR`
// and then runs `node --test tests/node/` with FOLIO_NODE_FIXTURE=DIR.

import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = resolve(process.env.FOLIO_NODE_FIXTURE ?? join(repo, 'target', 'node-fixture'));
const wasmPath = join(repo, 'crates', 'folio-search-wasm', 'dist', 'folio_search.wasm');
const loaderPath = join(repo, 'themes', 'default', 'static', 'js', 'folio-search-engine.js');

if (!existsSync(join(fixture, 'expected.json'))) {
  throw new Error(`no fixture in ${fixture}: run scripts/test-wasm-node.sh`);
}
const expected = JSON.parse(readFileSync(join(fixture, 'expected.json'), 'utf8'));
const texts = JSON.parse(readFileSync(join(fixture, 'texts.json'), 'utf8'));

/** Instantiates the committed engine and wraps its raw ABI. */
async function engine() {
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
  const x = instance.exports;
  const copyIn = (bytes) => {
    const ptr = x.alloc(bytes.length) >>> 0;
    new Uint8Array(x.memory.buffer, ptr, bytes.length).set(bytes);
    return ptr;
  };
  const readPrefixed = (ptr) => {
    const len = new DataView(x.memory.buffer).getUint32(ptr >>> 0, true);
    return Buffer.from(x.memory.buffer, (ptr >>> 0) + 4, len).toString('utf8');
  };
  return {
    x,
    open(blob) {
      const ptr = copyIn(blob);
      const handle = x.index_open(ptr, blob.length);
      x.dealloc(ptr, blob.length);
      return { handle, error: handle ? null : readPrefixed(x.last_error()) };
    },
    /** The answer over the indexes `handles` (one handle or an array). */
    search(handles, query, limit) {
      handles = [].concat(handles);
      const scope = new Uint8Array(4 * handles.length);
      handles.forEach((h, i) => new DataView(scope.buffer).setUint32(4 * i, h, true));
      const hptr = copyIn(scope);
      const bytes = new TextEncoder().encode(query);
      const ptr = copyIn(bytes);
      const result = x.search(hptr, handles.length, ptr, bytes.length, limit);
      x.dealloc(ptr, bytes.length);
      x.dealloc(hptr, scope.length);
      if (!result) return null;
      const json = readPrefixed(result);
      assert.equal(x.result_len(), Buffer.byteLength(json));
      return JSON.parse(json);
    },
    /** Calls an export over UTF-8 strings that answers a length-prefixed string (null for 0). */
    call(name, leading, strings) {
      const buffers = strings.map((s) => {
        const bytes = new TextEncoder().encode(s);
        return [copyIn(bytes), bytes.length];
      });
      const result = x[name](...leading, ...buffers.flat());
      const out = result ? readPrefixed(result) : null;
      buffers.forEach(([ptr, len]) => x.dealloc(ptr, len));
      return out;
    },
    /** What folio_search::complete does, with the fixture's texts: snippets, suggestions as written. */
    complete(results, handles) {
      for (const row of results.rows) {
        row.snippet = this.call('snippet', [handles[row.text.index]], [results.query, texts[row.text.url]]);
      }
      for (const s of results.suggestions) {
        if (s.text) s.word = this.call('written', [], [s.word, texts[s.text.url]]) || s.word;
      }
      return results;
    },
  };
}

/** Asserts equal answers; scores may differ in the last bits (libm vs glibc). */
function assertSameResults(actual, wanted, label) {
  const { rows, ...rest } = actual;
  const { rows: wantedRows, ...wantedRest } = wanted;
  assert.deepEqual(rest, wantedRest, `${label}: query, total, dropped, suggestions`);
  assert.equal(rows.length, wantedRows.length, `${label}: number of rows`);
  rows.forEach((row, i) => {
    const { score, href, sections, ...fields } = row;
    const { score: wantedScore, ...wantedFields } = wantedRows[i];
    assert.deepEqual({ ...fields, sections: sections.map(({ href: _, ...s }) => s) }, wantedFields,
      `${label}: row ${i}`);
    assert.ok(Math.abs(score - wantedScore) <= 1e-4 * Math.max(1, Math.abs(wantedScore)),
      `${label}: row ${i} score ${score} != ${wantedScore}`);
  });
}

test('wasm answers every fixture query exactly like native search', async () => {
  const e = await engine();
  assert.equal(e.x.format_version(), expected.format_version);
  const handles = {};
  for (const c of expected.cases) {
    for (const blob of c.blobs) {
      if (!handles[blob]) {
        const { handle, error } = e.open(readFileSync(join(fixture, blob)));
        assert.ok(handle, `open ${blob}: ${error}`);
        handles[blob] = handle;
      }
    }
    const scope = c.blobs.map((b) => handles[b]);
    const results = e.complete(e.search(scope, c.query, c.limit), scope);
    assertSameResults(results, c.results, `${c.blobs} ${JSON.stringify(c.query)}`);
  }
  // The fixture really exercises search: most cases find something, some
  // drop words, suggest, label partial rows, or merge two indexes.
  const cases = expected.cases.map((c) => c.results);
  assert.ok(cases.filter((r) => r.rows.length > 0).length >= 25);
  assert.ok(cases.some((r) => r.dropped.length > 0));
  assert.ok(cases.some((r) => r.suggestions.some((s) => /[^\x00-\x7f]/.test(s.word))), 'a suggestion as written');
  assert.ok(cases.filter((r) => r.rows.some((row) => row.snippet.includes('<mark>'))).length >= 20, 'snippets');
  assert.ok(cases.some((r) => r.rows.some((row) => row.partial)));
  assert.ok(expected.cases.some((c) => c.blobs.length > 1 && c.results.rows.length > 1));
  // The glossary the blobs carry: an abbreviation finds the name spelled
  // out, a name in the other language finds the index's own sections, and
  // rows carry page numbers.
  const only = (query, blob) => expected.cases.find((c) => c.query === query && c.blobs.join() === blob).results;
  assert.ok(only('CPP', 'es.blob').rows.some((r) => r.page_id === 'anticipo'));
  assert.equal(only('pre-trial testimony', 'es.blob').rows[0].page_id, 'anticipo');
  assert.equal(only('anticipo de prueba', 'en.blob').rows[0].page_id, 'anticipo');
  assert.ok(only('pre-trial testimony', 'es.blob,en.blob').rows.some((r) => r.lang === 'es'));
  assert.ok(cases.every((r) => r.rows.every((row) => row.number !== '')));
});

test('wasm refuses bad blobs with a message and survives hostile input', async () => {
  const e = await engine();
  const garbage = e.open(new TextEncoder().encode('<html>not an index</html>'));
  assert.equal(garbage.handle, 0);
  assert.match(garbage.error, /not a folio search index/);

  const blob = readFileSync(join(fixture, 'es.blob'));
  const newer = Buffer.from(blob);
  newer.writeUInt32LE(expected.format_version + 1, 8);
  assert.match(e.open(newer).error, /format version/);
  assert.equal(e.open(blob.subarray(0, blob.length >> 1)).handle, 0);

  const { handle } = e.open(blob);
  for (const q of ['', '"', '((', 'a'.repeat(100000), '\u0000\uffff', '"trata de', '*?~^:']) {
    assert.ok(Array.isArray(e.search(handle, q, 10).rows));
  }
  // An empty scope answers nothing.
  assert.equal(e.search([], 'trata', 10).total, 0);
  // Invalid UTF-8 is replaced, not a trap.
  const bad = new Uint8Array([0xff, 0xfe, 0x74, 0x72, 0x61, 0x74, 0x61]);
  const ptr = e.x.alloc(bad.length);
  new Uint8Array(e.x.memory.buffer, ptr, bad.length).set(bad);
  const scope = new Uint8Array(new Uint32Array([handle]).buffer);
  const hptr = e.x.alloc(4);
  new Uint8Array(e.x.memory.buffer, hptr, 4).set(scope);
  assert.notEqual(e.x.search(hptr, 1, ptr, bad.length, 5), 0);
  e.x.dealloc(ptr, bad.length);
  e.x.dealloc(hptr, 4);
  // A snippet of hostile text is escaped; an unknown handle gives none.
  assert.equal(e.call('snippet', [handle], ['trata', '<script>trata</script>']),
    '&lt;script&gt;<mark>trata</mark>&lt;/script&gt;');
  assert.equal(e.call('snippet', [9999], ['trata', 'trata']), null);
  // Unknown and closed handles give a null result.
  assert.equal(e.search(9999, 'trata', 5), null);
  e.x.index_close(handle);
  assert.equal(e.search(handle, 'trata', 5), null);
});

/** A script file's text as a browser decodes it: UTF-16 after its byte order mark, else UTF-8. */
function scriptText(bytes) {
  return bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString('utf16le') : bytes.toString('utf8');
}

/**
 * A minimal browser stand-in for the loader: `window` is the global object,
 * and an injected <script src> runs the file from disk (like file://).
 */
function fakeBrowser() {
  const loaded = [];
  globalThis.window = globalThis;
  globalThis.document = {
    createElement: () => ({}),
    head: {
      appendChild(el) {
        setImmediate(() => {
          let code;
          try {
            code = scriptText(readFileSync(el.src));
          } catch {
            el.onerror();
            return;
          }
          loaded.push(el.src);
          vm.runInThisContext(code, { filename: el.src });
          el.onload();
        });
      },
    },
  };
  vm.runInThisContext(readFileSync(loaderPath, 'utf8'), { filename: loaderPath });
  return loaded;
}

test('theme loader unpacks the generated payloads and searches', async () => {
  const loaded = fakeBrowser();
  const root = join(fixture, 'site') + '/';
  const engine = await window.FolioSearchEngine.load(root);
  assert.equal(engine, await window.FolioSearchEngine.load(root), 'one engine per root');
  assert.equal(engine.formatVersion, expected.format_version);
  assert.deepEqual(loaded, [root + 'search/engine.js'], 'indexes load lazily');
  assert.equal(window.__folioWasm, undefined, 'payload freed after use');

  for (const c of expected.cases.slice(0, 6)) {
    const lang = c.blobs[0].slice(0, 2);
    const results = await engine.search(c.query, { version: '2025', lang, limit: c.limit });
    assertSameResults(results, c.results, `loader ${JSON.stringify(c.query)}`);
    results.rows.forEach((row) => {
      assert.equal(row.href, root + row.url);
      row.sections.forEach((s) => assert.equal(s.href, root + s.url));
    });
  }
  // The index, then only the texts of the pages shown.
  assert.deepEqual(loaded.slice(0, 2), [root + 'search/engine.js', root + 'search/index-2025-es.js']);
  const shown = new Set(expected.cases.slice(0, 6).flatMap((c) => c.results.rows.concat(c.results.suggestions)
    .filter((r) => r.text).map((r) => root + 'search/text/' + r.text.url.split('#')[0].replace(/\.html$/, '.js'))));
  assert.deepEqual(new Set(loaded.slice(2)), shown);

  // Over several targets, one answer merged by the engine, as native.
  const targets = [{ version: '2025', lang: 'es' }, { version: '2025', lang: 'en' }];
  for (const c of expected.cases.filter((c) => c.blobs.length > 1)) {
    const both = await engine.searchMany(c.query, targets, c.limit);
    assertSameResults(both, c.results, `loader merged ${JSON.stringify(c.query)}`);
  }
  // A page that matched in both languages is one row, in the scope's first language.
  const both = await engine.searchMany('202 ter', targets, 10);
  assert.deepEqual(both.rows.map((r) => [r.page_id, r.lang, r.found_in]), [['tipo-penal', 'es', null]]);
  const english = await engine.searchMany('202 ter', targets.slice().reverse(), 10);
  assert.deepEqual(english.rows.map((r) => [r.page_id, r.lang]), [['tipo-penal', 'en']]);

  await assert.rejects(engine.search('trata', { version: '1999', lang: 'es' }),
    /cannot load .*index-1999-es\.js/);
  await assert.rejects(window.FolioSearchEngine.load(join(fixture, 'nowhere')),
    /cannot load .*search\/engine\.js/);
});
