/* Live updates for the classroom pages: the page names its event stream in
   <body data-events="...">; the server sends "fragment" events ({"id", "html"}: new
   server-rendered, escaped HTML for the element with that id) and "reload" events.
   Without JavaScript the pages still work: every action is a form post. */
(function () {
  "use strict";
  var url = document.body.getAttribute("data-events");
  if (!url || !window.EventSource) {
    return;
  }
  var source = new EventSource(url);
  source.addEventListener("fragment", function (event) {
    var message = JSON.parse(event.data);
    var element = document.getElementById(message.id);
    if (element) {
      element.innerHTML = message.html;
    }
  });
  source.addEventListener("reload", function () {
    source.close();
    window.location.reload();
  });
  // Buttons answer at once: a second tap while the first is on its way is ignored.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.getAttribute("data-sent")) {
      event.preventDefault();
    }
    form.setAttribute("data-sent", "1");
  });
})();
