// Clientside callbacks of the agent activity page (namespace "activity").
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    activity: {
        // A click on a cell of the heatmap chooses its row's agent (carried as customdata).
        choose: function (clickData) {
            var point = clickData && clickData.points && clickData.points[0];
            if (!point || !point.customdata) {
                return window.dash_clientside.no_update;
            }
            return point.customdata;
        },
        // Period (month is the default, left out) and agent into the query string; as_of and the rest kept.
        syncQuery: function (period, agent) {
            return window.dash_clientside.kundenakte.setQuery(
                [["period", period === "month" ? null : period], ["agent", agent]]);
        }
    }
});
