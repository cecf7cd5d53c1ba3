// Clientside callbacks of the concentration page (namespace "concentration").
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    concentration: {
        // The page's state into the query string (the defaults left out), as_of and the rest kept; no reload,
        // no new history entry (kundenakte.setQuery).
        syncQuery: function (aspect, by, tab) {
            return window.dash_clientside.kundenakte.setQuery(
                [["aspect", aspect], ["by", by === "organisation" ? null : by],
                 ["tab", tab === "curves" ? null : tab]]);
        }
    }
});
