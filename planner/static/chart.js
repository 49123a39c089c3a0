// Seating chart: drag guests to move or swap them (with a preview of what the change does
// before it is saved), print; progress.js polls a running solve. Everything also works
// without this file.
(function () {
  "use strict";

  function fillForm(form, values) {
    Object.keys(values).forEach(function (name) {
      var input = form.querySelector('[name="' + name + '"]');
      if (input) { input.value = values[name] === undefined ? "" : values[name]; }
    });
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function signed(value) { return (value >= 0 ? "+" : "") + value.toFixed(1); }

  function showPreview(panel, saveForm, values, data) {
    panel.textContent = "";
    panel.hidden = false;
    if (data.error) {
      panel.appendChild(element("p", data.error, "error-box"));
      return;
    }
    panel.appendChild(element("h2", data.summary + "?"));
    if (data.violations.length) {
      var box = element("div", "This change breaks a rule and cannot be saved:", "error-box");
      box.setAttribute("role", "alert");
      box.id = "preview-refused";
      var list = element("ul");
      data.violations.forEach(function (v) { list.appendChild(element("li", v)); });
      box.appendChild(list);
      panel.appendChild(box);
    }
    var dinner = element("p", "Dinner score: " + data.before.toFixed(1) + " → " + data.after.toFixed(1) + " ");
    dinner.id = "preview-dinner";
    dinner.appendChild(element("span", "(" + signed(data.delta) + ")", data.delta >= 0 ? "gain" : "loss"));
    panel.appendChild(dinner);
    var effects = element("ul", "", "effects");
    data.tables.forEach(function (t) {
      var item = element("li", "Table " + t.number + ": " + t.before.toFixed(1) + " → " + t.after.toFixed(1) + " ");
      item.appendChild(element("span", "(" + signed(t.delta) + ")", t.delta >= 0 ? "gain" : "loss"));
      if (t.gained.length) { item.appendChild(element("div", "Gains: " + t.gained.join("; "))); }
      if (t.lost.length) { item.appendChild(element("div", "Loses: " + t.lost.join("; "))); }
      effects.appendChild(item);
    });
    panel.appendChild(effects);
    if (data.allowed) {
      if (data.mailed) {
        panel.appendChild(element("p", "Guests already know their table: those whose table changes will be emailed.", "warning"));
      }
      var save = element("button", "Save this change", "primary");
      save.id = "save-change";
      save.addEventListener("click", function () { fillForm(saveForm, values); saveForm.submit(); });
      panel.appendChild(save);
    }
    var cancel = element("button", "Cancel");
    cancel.addEventListener("click", function () { panel.hidden = true; });
    panel.appendChild(cancel);
    panel.scrollIntoView({ block: "nearest" });
  }

  function preview(chart, values) {
    var form = document.getElementById("move-form");
    var panel = document.getElementById("edit-preview");
    var saveForm = document.getElementById("save-form");
    var body = new FormData();
    var token = form.querySelector('[name="csrf_token"]');
    if (token) { body.append("csrf_token", token.value); }
    values.course = chart.getAttribute("data-course");
    values.version = chart.getAttribute("data-version");
    Object.keys(values).forEach(function (k) { body.append(k, values[k]); });
    // getAttribute: the form has an input named "action", which shadows form.action.
    fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" }
    })
      .then(function (r) { return r.json(); })
      .then(function (data) { showPreview(panel, saveForm, values, data); })
      .catch(function () { showPreview(panel, saveForm, values, { error: "The preview failed; please use the form below." }); });
  }

  function enableDragging(chart) {
    var dragged = null;
    chart.querySelectorAll("li[data-guest]").forEach(function (item) {
      item.addEventListener("dragstart", function (event) {
        dragged = item;
        item.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", item.getAttribute("data-guest"));
      });
      item.addEventListener("dragend", function () {
        item.classList.remove("dragging");
        chart.querySelectorAll(".drop-target").forEach(function (n) { n.classList.remove("drop-target"); });
      });
    });
    chart.addEventListener("dragover", function (event) {
      if (!dragged) { return; }
      var target = event.target.closest("li[data-guest], .table-card");
      if (target) { event.preventDefault(); }
    });
    chart.addEventListener("dragenter", function (event) {
      var target = event.target.closest("li[data-guest], .table-card");
      chart.querySelectorAll(".drop-target").forEach(function (n) { n.classList.remove("drop-target"); });
      if (target && dragged) { target.classList.add("drop-target"); }
    });
    chart.addEventListener("drop", function (event) {
      if (!dragged) { return; }
      event.preventDefault();
      var guest = dragged.getAttribute("data-guest");
      var other = event.target.closest("li[data-guest]");
      var card = event.target.closest(".table-card");
      var from = dragged.closest(".table-card");
      dragged = null;
      if (other && other.closest(".table-card") !== from) {
        preview(chart, { action: "swap", guest: guest, other: other.getAttribute("data-guest"), table: "" });
      } else if (card && card !== from) {
        preview(chart, { action: "move", guest: guest, table: card.getAttribute("data-table"), other: "" });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var job = document.getElementById("job");
    var chart = document.getElementById("seating-chart");
    if (chart && !job) { enableDragging(chart); }
    var print = document.getElementById("print-chart");
    if (print) {
      print.hidden = false;
      print.addEventListener("click", function () { window.print(); });
    }
  });
})();
