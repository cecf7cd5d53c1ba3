// The API's interactive documentation: Swagger UI (served from this site) on the OpenAPI document.
window.addEventListener("load", function () {
    var root = document.getElementById("swagger-ui");
    window.SwaggerUIBundle({url: root.getAttribute("data-spec"), dom_id: "#swagger-ui", deepLinking: true});
});
