// Clientside callbacks of the inbox page (namespace "inbox").
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    inbox: {
        // The filters into the query string (kind, reason; empty: removed), the other parameters kept.
        syncQuery: function (kind, reason) {
            return window.dash_clientside.kundenakte.setQuery([["kind", kind], ["reason", reason]]);
        }
    }
});
