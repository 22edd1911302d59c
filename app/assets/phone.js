/* Offensive Metrics on a narrow screen (a phone): the clientside callbacks the pages and the frame
   register. */
(function () {
    const NARROW = 768;
    const narrow = () => window.innerWidth < NARROW;

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        phone: {
            /* The toggler opens and closes the menu; going to another page closes it. */
            toggleNavbar: function (_clicks, _pathname, isOpen) {
                const ctx = window.dash_clientside.callback_context;
                const toggled = ctx.triggered.some((t) => t.prop_id.endsWith(".n_clicks"));
                return toggled ? !isOpen : false;
            },
            /* One month of calendar fits a phone; two side by side fit a desktop. */
            monthsShown: function () {
                return narrow() ? 1 : 2;
            },
            /* On a phone the evidence panel sits below the chart: bring it into view. */
            scrollIntoView: function (_children, elementId) {
                const element = document.getElementById(elementId);
                if (element && narrow()) {
                    element.scrollIntoView({ block: "start", behavior: "smooth" });
                }
            },
        },
    });
})();
