// Cell renderers for dash-ag-grid (looked up by name in columnDefs.cellRenderer).
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

// The organisation's name as a link to its record: the row's href (the server's record_href), else the id
// URL-encoded; the name is text (no HTML).
dagcomponentfuncs.OrganisationLink = function (props) {
    if (!props.data) {
        return null;
    }
    var href = props.data.href || "/organisation?id=" + encodeURIComponent(props.data.id);
    return React.createElement("a", {href: href, className: "org-link"}, props.value);
};

// The ABC letter as a coloured badge that carries the letter itself (colour is never the only signal);
// nothing for a holder without a letter.
dagcomponentfuncs.AbcBadge = function (props) {
    var letter = props.value;
    if (letter !== "A" && letter !== "B" && letter !== "C") {
        return null;
    }
    return React.createElement("span", {className: "abc-badge abc-" + letter.toLowerCase(), title: "ABC: " + letter},
                               letter);
};

// An open quote still valid at the as-of date: a green tick with its words for screen readers and on hover.
dagcomponentfuncs.ValidQuote = function (props) {
    if (props.value !== true) {
        return null;
    }
    var words = (document.documentElement.lang || "de").indexOf("en") === 0 ? "valid quote" : "gültiges Angebot";
    return React.createElement("span", {className: "valid-quote", title: words, "aria-label": words}, "\u2713");
};
