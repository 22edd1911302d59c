/* Responsive embeds. An /embed/ page inside an iframe posts its content height to the page around
   it ({type: "offensive-metrics-embed", height}) whenever that height changes; the embed code's own
   script, or on our pages this file, sets the iframe's height from it. A message counts only from
   the iframe it sizes (event.source), so no other frame can resize it. */
(function () {
  "use strict";
  var TYPE = "offensive-metrics-embed";

  function postHeight() {
    var last = 0;
    var post = function () {
      // Until Dash renders the chart (or its message) the body holds a loading line; posting its
      // height would fold the iframe to one line and back.
      if (!document.querySelector("#main .embed, #main .alert")) {
        return;
      }
      var height = Math.ceil(document.body.getBoundingClientRect().height);
      if (height > 0 && height !== last) {
        last = height;
        window.parent.postMessage({ type: TYPE, height: height }, "*");
      }
    };
    new ResizeObserver(post).observe(document.body);
  }

  function sizePreviews() {
    window.addEventListener("message", function (event) {
      var data = event.data;
      if (!data || data.type !== TYPE || typeof data.height !== "number" || data.height <= 0) {
        return;
      }
      document.querySelectorAll("iframe.embed-preview").forEach(function (frame) {
        if (frame.contentWindow === event.source) {
          frame.height = String(Math.ceil(data.height));
        }
      });
    });
  }

  if (window.location.pathname.indexOf("/embed/") === 0) {
    if (window.parent !== window && typeof ResizeObserver === "function") {
      postHeight();
    }
  } else {
    sizePreviews();
  }
})();
