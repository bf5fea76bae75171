// The API reference: Swagger UI over /openapi.json. "Authorize" takes a crd_… key (the
// bearerAuth scheme) and "Try it out" sends it; the key stays in this browser's storage
// only so a reload does not ask again.
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    persistAuthorization: true,
    displayRequestDuration: true,
    defaultModelsExpandDepth: 0,
    docExpansion: "list",
    filter: true,
    // Swagger UI's default asks a public validator service about the document.
    validatorUrl: null,
  });
});
