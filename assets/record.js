// Clientside callbacks of the customer record (namespace "record").
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    record: {
        // The timeline's filter from the controls (types: null when all offered types are ticked), and the
        // filters into the address (types, from, to, tab; id and as_of kept). An unchanged filter is no update,
        // so opening the page asks the server for the timeline once.
        syncFilter: function (types, since, until, tab, options, current) {
            var ns = window.dash_clientside;
            var offered = (options || []).map(function (o) { return o.value; });
            var chosen = types || [];
            var all = offered.length > 0 && offered.every(function (v) { return chosen.indexOf(v) >= 0; });
            var day = function (d) { return d ? String(d).slice(0, 10) : null; };
            var filter = {types: all ? null : chosen, from: day(since), to: day(until)};
            var search = ns.kundenakte.setQuery([
                ["types", all ? null : (chosen.length ? chosen : "none")],
                ["from", filter.from], ["to", filter.to], ["tab", tab === "timeline" ? null : tab]
            ]);
            var same = JSON.stringify(filter) === JSON.stringify(current || {});
            return [same ? ns.no_update : filter, search];
        }
    }
});
