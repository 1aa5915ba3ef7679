/* OpenOMS web UI behaviour: the narrow-screen menu, tabs, the Master Product Channel toggle, copy buttons, confirmations,
   the header's account switcher, Maintenance menus, the product's variant rows, the warehouse
   form's type toggle, the account's warehouse checkboxes and the Product Variant picker. Pages
   work without it (the settings sections then stack, "Add variant" asks the server for a row,
   locked boxes stay as rendered). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

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
    var channels = channelField.querySelector("select");
    var needs = sourceField.getAttribute("data-channel-source").split(" ");
    var locked = channels.disabled;
    /* Only the chosen type's channels are offered; the "none yet" note shows when there is none.
       A hidden picker is not posted: OpenOMS as the source means no channel. */
    function sync() {
      var source = select.value;
      var offered = false;
      channelField.hidden = needs.indexOf(source) < 0;
      if (!locked) channels.disabled = channelField.hidden;
      Array.prototype.forEach.call(channels.options, function (option) {
        var fits = option.getAttribute("data-source") === source;
        if (!option.value) return;
        option.hidden = !fits;
        option.disabled = !fits;
        offered = offered || fits;
      });
      if (channels.selectedIndex >= 0 && channels.options[channels.selectedIndex].disabled) channels.value = "";
      channelField.querySelectorAll("[data-channel-note]").forEach(function (note) {
        note.hidden = offered || note.getAttribute("data-channel-note") !== source;
      });
    }
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
    var inputs = "form[data-autosubmit] select, form[data-autosubmit] input[type=checkbox]";
    document.querySelectorAll(inputs).forEach(function (input) {
      input.addEventListener("change", function () { input.form.submit(); });
    });
  }

  function initDropdowns() {
    var menus = Array.prototype.slice.call(document.querySelectorAll("details[data-dropdown]"));
    if (!menus.length) return;
    document.addEventListener("click", function (event) {
      menus.forEach(function (menu) { if (!menu.contains(event.target)) menu.open = false; });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") menus.forEach(function (menu) { menu.open = false; });
    });
  }

  function initVariantRows(form) {
    var body = form.querySelector("[data-variant-rows]");
    var template = form.querySelector("template[data-variant-template]");
    var add = form.querySelector("[data-add-variant]");
    if (!body || !template || !add) return;
    var next = 0;
    body.querySelectorAll("input[name^=variants-]").forEach(function (input) {
      next = Math.max(next, parseInt(input.name.split("-")[1], 10) + 1);
    });
    add.addEventListener("click", function (event) {
      event.preventDefault();
      var html = template.innerHTML.replace(/__index__/g, String(next))
        .replace(/__number__/g, String(body.querySelectorAll("[data-variant-row]").length + 1));
      next += 1;
      body.insertAdjacentHTML("beforeend", html);
      var inputs = body.querySelectorAll("[data-variant-row]:last-child input[type=text]");
      if (inputs.length) inputs[0].focus();
    });
    body.addEventListener("click", function (event) {
      var remove = event.target.closest("[data-remove-variant]");
      if (remove) remove.closest("[data-variant-row]").remove();
    });
  }

  function initKindToggle(form) {
    var select = form.querySelector("select[name=kind]");
    if (!select) return;
    function sync() {
      form.querySelectorAll("[data-kind-only]").forEach(function (part) {
        part.hidden = part.getAttribute("data-kind-only") !== select.value;
      });
    }
    select.addEventListener("change", sync);
    sync();
  }

  /* The help article's rules, live: a virtual warehouse's box is read-only until all its members
     are ticked; a member of a ticked virtual warehouse is read-only. A read-only ticked box is
     still posted through its hidden copy. The service checks the same rules on Save. */
  function initWarehouseToggles(form) {
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][data-code]"));
    if (!boxes.length || boxes[0].hasAttribute("data-readonly")) return;
    var byCode = {};
    boxes.forEach(function (box) { byCode[box.getAttribute("data-code")] = box; });
    var virtuals = boxes.filter(function (box) { return box.hasAttribute("data-members"); });
    function members(box) { return box.getAttribute("data-members").split(" "); }

    function reasonFor(box) {
      if (box.hasAttribute("data-members")) {
        var missing = members(box).filter(function (code) { return !(byCode[code] && byCode[code].checked); });
        return missing.length ? "Enable " + missing.join(", ") + " first." : "";
      }
      var holders = virtuals.filter(function (v) {
        return v.checked && members(v).indexOf(box.getAttribute("data-code")) >= 0;
      }).map(function (v) { return v.getAttribute("data-code"); });
      return holders.length ? "Part of enabled virtual " + holders.join(", ") + ": disable it first." : "";
    }

    function sync() {
      boxes.forEach(function (box) {
        var code = box.getAttribute("data-code");
        var reason = reasonFor(box);
        box.disabled = reason !== "";
        box.closest("tr").classList.toggle("row-locked", reason !== "");
        var note = form.querySelector('[data-reason-for="' + code + '"]');
        if (note) note.textContent = reason;
        var copy = form.querySelector('[data-locked-copy="' + code + '"]');
        if (copy) copy.disabled = !(box.disabled && box.checked);
      });
    }
    boxes.forEach(function (box) { box.addEventListener("change", sync); });
    sync();
  }

  /* The Product Variant picker: Enter picks the first result instead of submitting the form. */
  function initPickers() {
    document.querySelectorAll("input[data-picker-search]").forEach(function (input) {
      input.addEventListener("keydown", function (event) {
        if (event.key !== "Enter") return;
        event.preventDefault();
        var first = document.querySelector(input.getAttribute("data-picker-search") + " button");
        if (first) first.click();
      });
    });
  }

  /* The Menu button of narrow screens opens the sidebar; Escape or a click outside closes it. */
  function initMenu() {
    var button = document.querySelector("[data-menu-toggle]");
    var sidebar = document.getElementById(button ? button.getAttribute("aria-controls") : "");
    if (!button || !sidebar) return;
    function setOpen(open) {
      document.body.classList.toggle("menu-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.addEventListener("click", function () {
      setOpen(!document.body.classList.contains("menu-open"));
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") setOpen(false);
    });
    document.addEventListener("click", function (event) {
      if (!document.body.classList.contains("menu-open")) return;
      if (sidebar.contains(event.target) || button.contains(event.target)) return;
      setOpen(false);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initMenu();
    document.querySelectorAll("[data-tabs]").forEach(initTabs);
    initChannelToggle();
    initCopyButtons();
    initConfirmations();
    initAutosubmit();
    initDropdowns();
    initPickers();
    document.querySelectorAll("form[data-variants]").forEach(initVariantRows);
    document.querySelectorAll("form[data-kind-form]").forEach(initKindToggle);
    document.querySelectorAll("form[data-warehouse-toggles]").forEach(initWarehouseToggles);
  });
})();
