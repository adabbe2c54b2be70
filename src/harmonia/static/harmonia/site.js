// The phone menu: the header's sections open and close under one button.
document.documentElement.classList.add("js");
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest(".menu-button");
  if (!button) return;
  var open = button.closest(".top").classList.toggle("open");
  button.setAttribute("aria-expanded", open ? "true" : "false");
});
// Behaviour that would otherwise sit in inline handlers, which the CSP refuses.
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.submit();
});
// Fast comment entry: Ctrl+Enter (Cmd+Enter) sends the row; after htmx puts the table
// back, the cursor is in the first field again for the next comment.
document.addEventListener("keydown", function (event) {
  var el = event.target;
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && el.form &&
      el.form.matches("[data-quick-entry]")) {
    event.preventDefault();
    el.form.requestSubmit();
  }
});
document.addEventListener("htmx:afterSwap", function (event) {
  var first = event.target.querySelector && event.target.querySelector("[data-first-field]");
  if (first) first.focus();
});
