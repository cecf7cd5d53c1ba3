// The retention grid's date formatter: an ISO date in the page's language (<html lang>), empty as a dash.
(function () {
    var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
    dagfuncs.retentionDate = function (value) {
        if (!value) {
            return "–";
        }
        var day = new Date(String(value).slice(0, 10) + "T00:00:00");
        if (isNaN(day.getTime())) {
            return String(value);
        }
        var lang = document.documentElement.lang || "de-DE";
        return new Intl.DateTimeFormat(lang, {day: "2-digit", month: "2-digit", year: "numeric"}).format(day);
    };
})();
