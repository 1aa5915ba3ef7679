/* OpenOMS web UI behaviour: tabs, the Master Product Channel toggle, copy buttons, confirmations,
   and the header's account switcher. Pages work without it (all settings sections then stack). */
(function () {
  "use strict";

  function initTabs(container) {
    var panels = Array.prototype.slice.call(container.querySelectorAll("[data-tab-panel]"));
    var links = Array.prototype.slice.call(document.querySelectorAll("a[data-tab]"));
    if (!panels.length || !links.length) return;
    var storageKey = "openoms-tab:" + window.location.pathname;
    var known = panels.map(function (p) { return p.getAttribute("data-tab-panel"); });

    function show(key) {
      if (known.indexOf(key) < 0) key = known[0];
      panels.forEach(function (p) { p.hidden = p.getAttribute("data-tab-panel") !== key; });
      links.forEach(function (a) {
        var on = a.getAttribute("data-tab") === key;
        a.classList.toggle("active", on);
        a.setAttribute("aria-selected", on ? "true" : "false");
      });
      try { window.sessionStorage.setItem(storageKey, key); } catch (e) { /* storage may be off */ }
    }

    links.forEach(function (a) {
      a.addEventListener("click", function (event) {
        event.preventDefault();
        show(a.getAttribute("data-tab"));
        history.replaceState(null, "", "#tab-" + a.getAttribute("data-tab"));
      });
    });
    container.classList.add("js-tabs");
    var fromHash = window.location.hash.replace("#tab-", "");
    var stored = null;
    try { stored = window.sessionStorage.getItem(storageKey); } catch (e) { stored = null; }
    show(container.getAttribute("data-initial-tab") || fromHash || stored || known[0]);
  }

  function initChannelToggle() {
    var sourceField = document.querySelector("[data-channel-source]");
    var channelField = document.querySelector("[data-channel-field]");
    if (!sourceField || !channelField) return;
    var select = sourceField.querySelector("select");
    var needs = sourceField.getAttribute("data-channel-source").split(" ");
    function sync() { channelField.hidden = needs.indexOf(select.value) < 0; }
    select.addEventListener("change", sync);
    sync();
  }

  function initCopyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var source = document.querySelector(button.getAttribute("data-copy"));
        if (!source) return;
        var text = source.textContent.trim();
        var done = function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 2000);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done);
        } else {
          var range = document.createRange();
          range.selectNodeContents(source);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          if (document.execCommand("copy")) done();
        }
      });
    });
  }

  function initConfirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  }

  function initAutosubmit() {
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-tabs]").forEach(initTabs);
    initChannelToggle();
    initCopyButtons();
    initConfirmations();
    initAutosubmit();
  });
})();
