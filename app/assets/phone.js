/* Offensive Metrics on a narrow screen (a phone): the clientside callbacks the pages and the frame
   register, and the evidence grid's link from a figure's date to its sentence. */
(function () {
    const NARROW = 768;
    const narrow = () => window.innerWidth < NARROW;
    const noUpdate = () => window.dash_clientside.no_update;

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
            /* A phone shows the columns whose context gives a phone layout, in that layout. */
            gridColumns: function (_id, columnDefs) {
                if (!narrow() || !columnDefs) {
                    return noUpdate();
                }
                return columnDefs.map((column) => {
                    const phone = column.context && column.context.phone;
                    return phone
                        ? Object.assign({}, column, { hide: false, minWidth: 0 }, phone)
                        : Object.assign({}, column, { hide: true });
                });
            },
        },
    });

    /* A figure's date opens the figure: its sentence highlighted in its report. */
    const components = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});
    components.FigureLink = function (props) {
        const id = props.data && props.data.observation_id;
        if (!/^[0-9a-f]{16}$/.test(id || "")) {
            return props.value;
        }
        return window.React.createElement(
            "a",
            { href: "/evidence?observation=" + id, title: "This figure's sentence in its report" },
            props.value
        );
    };
})();
