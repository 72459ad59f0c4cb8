/* Folio offline cache for build {{ build_id }}: generated, do not edit. */
{# The service worker, written as sw.js at the site root. Served over HTTP(S),
   it caches every file of this build on the first visit so the site keeps
   working offline, and drops the caches of older builds; folio.js registers
   it, never from file://. Variables: build_id, files (every file of the site,
   relative to its root). Long lines wrap as in base.html. -#}
const CACHE = "folio-{{ build_id }}";
const FILES = {{ files | json_encode() | safe }};
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES.map((f) => new URL(f, self.registration.scope).href))).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith("folio-") && k !== CACHE).map((k) => caches.delete(k))))
    {#- #}.then(() => self.clients.claim()));
});
self.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET") return;
  event.respondWith(caches.match(event.request, { ignoreSearch: true }).then((hit) => hit || fetch(event.request)));
});
