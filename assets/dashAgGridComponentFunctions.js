// Cell renderers for dash-ag-grid (looked up by name in columnDefs.cellRenderer).
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

// The organisation's name as a link to its record; the id is URL-encoded, the name is text (no HTML).
dagcomponentfuncs.OrganisationLink = function (props) {
    if (!props.data) {
        return null;
    }
    return React.createElement(
        "a",
        {href: "/organisation?id=" + encodeURIComponent(props.data.id), className: "org-link"},
        props.value
    );
};
