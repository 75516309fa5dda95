/*
 * Kho văn bản — search on file:// (the USB edition). Loaded only by the offline edition.
 *
 * Chromium blocks module imports and fetch() on file:// pages, so Pagefind's own loading
 * fails there. The offline build turns every file of the Pagefind bundle into a small
 * classic script (pagefind-offline/<name>.js) that registers its bytes as base64; this file
 * answers Pagefind's fetch() calls from those scripts, loading each one only when Pagefind
 * asks for it (its own chunking keeps that small), and imports pagefind.js from a blob: URL.
 * The same engine and index as online, so queries behave the same.
 */
(function () {
  "use strict";
  var store = (window.__kvPagefind = window.__kvPagefind || {});
  var me = document.currentScript && document.currentScript.src;
  if (!me) return;
  var root = me.replace(/assets\/offline-search\.js(?:[?#].*)?$/, "");
  var bundle = root + "pagefind/";
  var pending = {};

  function chunkFile(name) {
    return root + "pagefind-offline/" + name.replace(/[^A-Za-z0-9._-]/g, "_") + ".js";
  }

  function load(name) {
    if (store[name]) return Promise.resolve(store[name]);
    if (pending[name]) return pending[name];
    pending[name] = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = chunkFile(name);
      script.onload = function () {
        if (store[name]) resolve(store[name]);
        else reject(new Error("Pagefind file missing from the edition: " + name));
      };
      script.onerror = function () { reject(new Error("Pagefind file missing from the edition: " + name)); };
      document.head.appendChild(script);
    });
    return pending[name];
  }

  function bytes(base64) {
    var binary = atob(base64);
    var out = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  }

  var nativeFetch = window.fetch;
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || String(input);
    // Pagefind asks for origin-less paths ("/media/usb/kho-van-ban/pagefind/…"): resolve first.
    try { url = new URL(url, document.baseURI).href; } catch (e) { /* not a URL: leave it */ }
    if (url.indexOf(bundle) === 0) {
      var name = url.slice(bundle.length).split(/[?#]/)[0];
      return load(name).then(function (data) { return new Response(bytes(data)); });
    }
    return nativeFetch.apply(this, arguments);
  };

  // search.js asks for these when present: how to import Pagefind, and options for file://.
  window.kvPagefindImport = function (url) {
    var name = String(url).indexOf(bundle) === 0 ? String(url).slice(bundle.length) : "pagefind.js";
    return load(name).then(function (data) {
      var source = new TextDecoder().decode(bytes(data));
      return import(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
    });
  };
  // Each part of the index gets its basePath from search.js (under pagefind/); results come
  // back as site paths, which search.js makes relative to the page.
  window.kvPagefindOptions = { baseUrl: "/", noWorker: true };
})();
