/* phoihop: the page behaviours that used to be inline handlers. The Content-Security-Policy
   allows no inline script, so each one is a data- attribute handled here by delegation (which
   also covers content htmx swaps in later). Every page works without them. */
(function () {
  "use strict";

  // <input data-select-on-focus>: select the whole value (a token, a calendar URL) to copy it.
  function selectWhole(event) {
    const input = event.target.closest("[data-select-on-focus]");
    if (input) input.select();
  }
  document.addEventListener("focusin", selectWhole);
  document.addEventListener("click", selectWhole);

  // <form data-confirm="question">: ask before submitting.
  document.addEventListener("submit", function (event) {
    const form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });

  // <select data-autosubmit>: submit its form as soon as the choice changes.
  document.addEventListener("change", function (event) {
    const select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });

  // <button data-pick-suggestion data-target=id data-value=… [data-append=1]>: put the value in
  // the input (or replace the last "; "-separated item), close the list, go back to the input.
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-pick-suggestion]");
    if (!button) return;
    const input = document.getElementById(button.dataset.target);
    if (!input) return;
    if (button.dataset.append === "1") {
      const parts = input.value.split(";").map((s) => s.trim()).filter(Boolean);
      parts.pop();
      parts.push(button.dataset.value);
      input.value = parts.join("; ");
    } else {
      input.value = button.dataset.value;
    }
    const list = button.closest("[data-suggestions]");
    if (list) list.innerHTML = "";
    input.focus();
    // A filter bar that submits on "change" (audit, people) runs with the picked organisation.
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });

  // <input data-suggest> (core.forms.SuggestInput): leaving it after typing half a name must not
  // submit a filter bar with that half name; a pick above (or an emptied box) does. Capture runs
  // before the form's own listeners; the pick's change is synthetic (not isTrusted) and passes.
  document.addEventListener("change", function (event) {
    const input = event.target;
    if (event.isTrusted && input.matches && input.matches("input[data-suggest]") && input.value.trim()) {
      event.stopPropagation();
    }
  }, true);

  // A type-ahead list closes on Escape and when the person clicks or moves elsewhere; the arrow
  // keys go from the box down its suggestions and back.
  function closeSuggestions(keep) {
    document.querySelectorAll(".suggest [data-suggestions]").forEach(function (list) {
      if (!keep || !keep.contains(list)) list.innerHTML = "";
    });
  }
  document.addEventListener("click", function (event) {
    closeSuggestions(event.target.closest && event.target.closest(".suggest"));
  });
  document.addEventListener("focusin", function (event) {
    closeSuggestions(event.target.closest && event.target.closest(".suggest"));
  });
  document.addEventListener("keydown", function (event) {
    const box = event.target.closest && event.target.closest(".suggest");
    if (!box) return;
    if (event.key === "Escape") {
      closeSuggestions(null);
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const options = Array.from(box.querySelectorAll("[data-pick-suggestion]"));
    if (!options.length) return;
    const at = options.indexOf(event.target);
    const next = event.key === "ArrowDown" ? at + 1 : at - 1;
    event.preventDefault();
    if (next < 0) box.querySelector("input[data-suggest]").focus();
    else options[Math.min(next, options.length - 1)].focus();
  });

  // <select multiple data-checklist> (core.forms.ChecklistSelectMultiple): a searchable
  // checklist drawn by the vendored Tom Select: type a few letters (with or without diacritics),
  // tick several, remove one with its ×. The <select> underneath still submits the values; with
  // no JavaScript it is the plain multiple select. The interface is Vietnamese (ADR 0001).
  function enhanceChecklists(root) {
    if (typeof window.TomSelect !== "function" || !root.querySelectorAll) return;
    root.querySelectorAll("select[multiple][data-checklist]").forEach(function (select) {
      if (select.tomselect) return;
      new window.TomSelect(select, {
        plugins: {
          checkbox_options: {},
          remove_button: { title: "Bỏ chọn" },
          clear_button: { title: "Bỏ chọn tất cả" },
        },
        placeholder: "Gõ để tìm, bấm để chọn…",
        hidePlaceholder: false,
        hideSelected: false,
        closeAfterSelect: false,
        clearAfterSelect: true,
        maxOptions: null,
        render: {
          no_results: function () {
            return '<div class="no-results">Không tìm thấy</div>';
          },
        },
      });
    });
  }
  enhanceChecklists(document);
  document.addEventListener("htmx:load", function (event) {
    enhanceChecklists(event.detail.elt);
  });

  // <span data-file-name-for=id>: show the chosen file's name beside a "Chọn tệp…" button.
  document.addEventListener("change", function (event) {
    const input = event.target;
    if (!input.matches || !input.matches("input[type=file]")) return;
    const label = document.querySelector('[data-file-name-for="' + input.id + '"]');
    if (!label) return;
    const names = Array.from(input.files || []).map(function (file) { return file.name; });
    if (!label.dataset.empty) label.dataset.empty = label.textContent;
    label.textContent = names.length ? names.join(", ") : label.dataset.empty;
  });
})();
