/**
 * Syna Studio: a local web UI over an open {@link syna.api.Database}, served by the JDK's
 * {@code jdk.httpserver} from static files inside this module (no CDN; nothing leaves the machine). Start
 * it with {@link syna.studio.Studio#start(syna.api.Database, syna.studio.StudioOptions)} or
 * {@code syna studio DB}.
 */
module syna.studio {
    requires transitive syna.api; // Studio.start takes a Database
    requires syna.mlops; // models and experiments pages
    requires jdk.httpserver; // the server: part of the JDK, so the Studio jlinks
    requires tools.jackson.core; // the one JSON library: API responses and request bodies

    exports syna.studio; // Studio, StudioOptions
    // syna.studio.internal (server, handlers, PCA, jobs, web/ resources): not exported
}
