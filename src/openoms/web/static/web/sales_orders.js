/* Sales order screens: the order form's line rows (Add line, remove a row), its "Same as ship
   to" box hiding the bill-to fields, and the list's "select every Approved order" box. Without
   it the form still posts its first rows and both addresses (the box then decides). */
(function () {
  "use strict";

  function initLineRows(form) {
    var body = form.querySelector("[data-line-rows]");
    var template = form.querySelector("template[data-line-template]");
    var add = form.querySelector("[data-add-line]");
    if (!body || !template || !add) return;
    var next = 0;
    body.querySelectorAll("input[name^=lines-]").forEach(function (input) {
      next = Math.max(next, parseInt(input.name.split("-")[1], 10) + 1);
    });
    function renumber() {
      body.querySelectorAll("[data-line-row]").forEach(function (row, index) {
        row.firstElementChild.textContent = String(index + 1);
      });
    }
    add.hidden = false;
    body.querySelectorAll("[data-remove-line]").forEach(function (button) { button.hidden = false; });
    add.addEventListener("click", function () {
      var number = body.querySelectorAll("[data-line-row]").length + 1;
      var html = template.innerHTML.replace(/__index__/g, String(next)).replace(/__number__/g, String(number));
      next += 1;
      body.insertAdjacentHTML("beforeend", html);
      var row = body.lastElementChild;
      row.querySelector("[data-remove-line]").hidden = false;
      if (window.htmx) window.htmx.process(row);
      row.querySelector("input").focus();
    });
    body.addEventListener("click", function (event) {
      var remove = event.target.closest("[data-remove-line]");
      if (!remove) return;
      remove.closest("[data-line-row]").remove();
      renumber();
    });
  }

  function initSameAs(form) {
    var box = form.querySelector("[data-same-as]");
    var fields = form.querySelector("[data-bill-to]");
    if (!box || !fields) return;
    function sync() { fields.hidden = box.checked; }
    box.addEventListener("change", sync);
    sync();
  }

  function initSelectAll() {
    document.querySelectorAll("input[data-select-all]").forEach(function (all) {
      var name = all.getAttribute("data-select-all");
      var boxes = document.querySelectorAll("input[type=checkbox][name=" + name + "]");
      all.hidden = boxes.length === 0;
      all.addEventListener("change", function () {
        boxes.forEach(function (box) { box.checked = all.checked; });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-order-form]").forEach(function (form) {
      initLineRows(form);
      initSameAs(form);
    });
    initSelectAll();
  });
})();
