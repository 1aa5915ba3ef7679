/* A beta sales channel's Inventory Synchronization (seed 002): the trigger table's highlighted
   column and the mode's explanation follow the mode picked; turning Duplicate SKU on shows the
   overselling warning and picks Synchronize With Fulfillment Channel, as saving will. Without it
   the page shows the saved mode's column and the server says the same on Save. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-inventory-sync]");
  if (!panel) return;
  var mode = panel.querySelector("[data-sync-mode]");
  var duplicates = panel.querySelector("[data-duplicate-skus]");
  var warning = panel.querySelector("[data-duplicates-warning]");
  if (!mode) return;

  function highlight() {
    panel.querySelectorAll("[data-column]").forEach(function (cell) {
      var on = cell.getAttribute("data-column") === mode.value;
      cell.classList.toggle("is-current", on);
      if (cell.tagName === "TH") {
        if (on) cell.setAttribute("aria-current", "true");
        else cell.removeAttribute("aria-current");
      }
    });
    panel.querySelectorAll("[data-mode-line]").forEach(function (line) {
      line.classList.toggle("is-current", line.getAttribute("data-mode-line") === mode.value);
    });
  }

  mode.addEventListener("change", highlight);
  if (duplicates) {
    duplicates.addEventListener("change", function () {
      var on = duplicates.value === "yes";
      if (warning) warning.hidden = !on;
      if (on && !mode.disabled) {
        mode.value = "sync_with_fulfillment_channel";
        highlight();
      }
    });
  }
  highlight();
})();
