// Behaviour that would otherwise sit in inline handlers, which the CSP refuses.
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.submit();
});
