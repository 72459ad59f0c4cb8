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
    search(handle, query, limit) {
      const bytes = new TextEncoder().encode(query);
      const ptr = copyIn(bytes);
      const result = x.index_search(handle, ptr, bytes.length, limit);
      x.dealloc(ptr, bytes.length);
      if (!result) return null;
      const json = readPrefixed(result);
      assert.equal(x.result_len(), Buffer.byteLength(json));
      return JSON.parse(json);
    },
  };
}

/** Asserts equal hits; scores may differ in the last bits (libm vs glibc). */
function assertSameHits(actual, wanted, label) {
  assert.equal(actual.length, wanted.length, `${label}: number of hits`);
  actual.forEach((hit, i) => {
    const { score, href, ...rest } = hit;
    const { score: wantedScore, ...wantedRest } = wanted[i];
    assert.deepEqual(rest, wantedRest, `${label}: hit ${i}`);
    assert.ok(Math.abs(score - wantedScore) <= 1e-4 * Math.max(1, Math.abs(wantedScore)),
      `${label}: hit ${i} score ${score} != ${wantedScore}`);
  });
}

test('wasm answers every fixture query exactly like native search', async () => {
  const e = await engine();
  assert.equal(e.x.format_version(), expected.format_version);
  const handles = {};
  for (const c of expected.cases) {
    if (!handles[c.blob]) {
      const { handle, error } = e.open(readFileSync(join(fixture, c.blob)));
      assert.ok(handle, `open ${c.blob}: ${error}`);
      handles[c.blob] = handle;
    }
    const hits = e.search(handles[c.blob], c.query, c.limit);
    assertSameHits(hits, c.hits, `${c.blob} ${JSON.stringify(c.query)}`);
  }
  // The fixture really exercises search: most cases find something.
  assert.ok(expected.cases.filter((c) => c.hits.length > 0).length >= 15);
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
    assert.ok(Array.isArray(e.search(handle, q, 10)));
  }
  // Invalid UTF-8 is replaced, not a trap.
  const bad = new Uint8Array([0xff, 0xfe, 0x74, 0x72, 0x61, 0x74, 0x61]);
  const ptr = e.x.alloc(bad.length);
  new Uint8Array(e.x.memory.buffer, ptr, bad.length).set(bad);
  assert.notEqual(e.x.index_search(handle, ptr, bad.length, 5), 0);
  e.x.dealloc(ptr, bad.length);
  // Unknown and closed handles give a null result.
  assert.equal(e.search(9999, 'trata', 5), null);
  e.x.index_close(handle);
  assert.equal(e.search(handle, 'trata', 5), null);
});

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
            code = readFileSync(el.src, 'utf8');
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
    const lang = c.blob.slice(0, 2);
    const hits = await engine.search(c.query, { version: '2025', lang, limit: c.limit });
    assertSameHits(hits, c.hits, `loader ${JSON.stringify(c.query)}`);
    hits.forEach((h) => assert.equal(h.href, root + h.url));
  }
  assert.deepEqual(loaded, [root + 'search/engine.js', root + 'search/index-2025-es.js']);

  const both = await engine.searchMany('202 ter', [
    { version: '2025', lang: 'es' },
    { version: '2025', lang: 'en' },
  ], 10);
  assert.deepEqual(both.map((h) => h.lang).sort(), ['en', 'es']);
  assert.ok(both[0].score >= both[1].score);

  await assert.rejects(engine.search('trata', { version: '1999', lang: 'es' }),
    /cannot load .*index-1999-es\.js/);
  await assert.rejects(window.FolioSearchEngine.load(join(fixture, 'nowhere')),
    /cannot load .*search\/engine\.js/);
});
