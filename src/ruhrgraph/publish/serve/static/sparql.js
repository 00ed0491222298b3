// The /sparql page's editor: YASGUI (served from /static/vendor, built from web/) on this server's
// endpoint, with the project's prefixes, the saved queries as starting points, one-line error
// messages above the editor (the query stays in it) and a notice when the server cut the result.
// Without JavaScript the plain form below it works as before. Nothing is fetched from elsewhere:
// the LOV class/property lookups and prefix.cc are switched off.
(function () {
  "use strict";
  function start() {
    var holder = document.getElementById("yasgui");
    var editor = document.getElementById("editor");
    if (!holder || typeof window.Yasgui === "undefined") return;
    var config = JSON.parse(document.getElementById("sparql-config").textContent);
    var form = document.querySelector("form.sparql");
    var initial = form.querySelector("textarea").value;
    var endpoint = new URL(config.endpoint, window.location.href).toString();
    var Yasgui = window.Yasgui;
    var prefixes = Object.keys(config.prefixes).sort().map(function (p) {
      return p + ": <" + config.prefixes[p] + ">";
    });
    // prefix completion from this project's table only (never prefix.cc)
    Yasgui.Yasqe.forkAutocompleter("prefixes", {
      name: "ruhrgraphPrefixes", persistenceId: null, get: function () { return prefixes; }
    }, false);
    var errorLine = document.getElementById("editor-error");
    var truncated = document.getElementById("editor-truncated");
    var yasgui = new Yasgui(holder, {
      persistenceId: null,
      populateFromUrl: false,
      autofocus: false,
      copyEndpointOnNewTab: false,
      tabName: "Query",
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
      requestConfig: { endpoint: endpoint, method: "POST" },
      yasqe: {
        value: initial,
        autocompleters: ["ruhrgraphPrefixes", "variables"],
        prefixCcApi: undefined,
        showQueryButton: true,
        persistenceId: null
      },
      yasr: { prefixes: config.prefixes, persistenceId: null }
    });
    var watched = new WeakSet();
    function watch(tab) {
      var yasqe = tab && tab.getYasqe();
      if (!yasqe || watched.has(yasqe)) return;
      watched.add(yasqe);
      // Yasqe (CodeMirror) passes itself first, then the fetch outcome: an Error or the response
      yasqe.on("queryResponse", function (instance, response) {
        if (response instanceof Error) {
          // the server's message, first line only (Oxigraph's grammar would run to many lines)
          var message = String(response.message || "the query failed").split("\n")[0].trim();
          errorLine.textContent = message || "the query failed";
          errorLine.hidden = false;
          truncated.hidden = true;
          return;
        }
        errorLine.hidden = true;
        truncated.hidden = !(response.headers && response.headers.get("X-Result-Truncated") === "true");
      });
    }
    yasgui.on("queryBefore", function (instance, tab) { watch(tab); });
    watch(yasgui.getTab());
    var examples = document.getElementById("examples");
    examples.addEventListener("change", function () {
      var chosen = config.examples[Number(examples.value)];
      if (examples.value === "" || !chosen) return;
      yasgui.getTab().setQuery(chosen.query);
    });
    form.hidden = true;
    editor.hidden = false;
    window.ruhrgraphYasgui = yasgui;
    document.body.classList.add("editor-ready");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
