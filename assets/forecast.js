// Clientside callbacks of the forecast page (namespace "forecast").
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    forecast: {
        // Whose forecast into the query string: team=... or agent=... (everyone: neither), the rest kept.
        syncQuery: function (owner) {
            var value = owner || "";
            var team = value.indexOf("team:") === 0 ? value.slice(5) : null;
            var agent = value.indexOf("agent:") === 0 ? value.slice(6) : null;
            return window.dash_clientside.kundenakte.setQuery([["team", team], ["agent", agent]]);
        }
    }
});
