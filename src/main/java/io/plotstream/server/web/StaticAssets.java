package io.plotstream.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The files under {@code /assets/}: our own scripts and styles (a fixed list, so no request path
 * ever reaches the classpath) and plotly.js from its WebJar at a versioned URL cached for a year.
 */
final class StaticAssets {

    static final String APP_PREFIX = "/assets/app/";
    /**
     * Browsers fetch this by themselves for a document that declares no icon (a style sheet, a JSON
     * or CSV answer opened directly); our pages declare the SVG. Served as that SVG rather than a
     * 404 that would land in the browser's console.
     */
    static final String FAVICON_ICO = "/favicon.ico";
    private static final String WEBJAR = "META-INF/resources/webjars/plotly.js-dist/";
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars.npm/plotly.js-dist/pom.properties";
    private static final String FALLBACK_PLOTLY_VERSION = "3.3.1";
    // Own files change with each release at the same URL: browsers revalidate them (cheap, by ETag).
    private static final String APP_CACHE = "no-cache";
    private static final String VERSIONED_CACHE = "public, max-age=31536000, immutable";

    /** theme.js is a classic script (it runs in <head> before the first paint); the rest are modules. */
    static final List<String> APP_SCRIPTS = List.of("theme.js", "runtime.js", "dom.js", "scheduler.js", "time.js", "escape.js",
            "frames.js", "m4.js", "panel-width.js", "trace-store.js", "canvas-plan.js", "relayout-policy.js", "canvas-damage.js", "canvas-layer.js",
            "live-socket.js", "panel.js", "plot-page.js", "index.js", "dashboard.js");

    private final ClassLoader loader;
    private final Map<String, StaticAsset> app;
    private final String plotlyVersion;
    private final String plotlyPath;
    private volatile StaticAsset plotly;

    StaticAssets(ClassLoader loader) {
        this.loader = loader;
        // Page scripts are ES modules importing each other by relative URL: every module is listed here.
        Map<String, StaticAsset> files = new java.util.HashMap<>();
        for (String script : APP_SCRIPTS) {
            files.put(APP_PREFIX + script, StaticAsset.load(loader, "web/app/" + script, "text/javascript; charset=utf-8", APP_CACHE));
        }
        files.put(APP_PREFIX + "dashboard.css", StaticAsset.load(loader, "web/app/dashboard.css", "text/css; charset=utf-8", APP_CACHE));
        files.put(APP_PREFIX + "style.css", StaticAsset.load(loader, "web/app/style.css", "text/css; charset=utf-8", APP_CACHE));
        StaticAsset icon = StaticAsset.load(loader, "web/app/favicon.svg", "image/svg+xml", APP_CACHE);
        files.put(APP_PREFIX + "favicon.svg", icon);
        files.put(FAVICON_ICO, icon);
        this.app = Map.copyOf(files);
        this.plotlyVersion = webjarVersion(loader);
        this.plotlyPath = "/assets/vendor/plotly.js-dist/" + plotlyVersion + "/plotly.js";
    }

    /** The URL pages load plotly.js from; it names the version, so it can be cached for good. */
    String plotlyPath() {
        return plotlyPath;
    }

    Optional<StaticAsset> find(String path) {
        if (path.equals(plotlyPath)) {
            return Optional.of(plotly());
        }
        return Optional.ofNullable(app.get(path));
    }

    /** Read and compressed on first use (about 11 MB in, 2 MB gzipped), then kept. */
    StaticAsset plotly() {
        StaticAsset loaded = plotly;
        if (loaded == null) {
            synchronized (this) {
                loaded = plotly;
                if (loaded == null) {
                    String dir = WEBJAR + plotlyVersion + "/";
                    String file = loader.getResource(dir + "plotly.min.js") != null ? "plotly.min.js" : "plotly.js";
                    loaded = StaticAsset.load(loader, dir + file, "text/javascript; charset=utf-8", VERSIONED_CACHE);
                    plotly = loaded;
                }
            }
        }
        return loaded;
    }

    private static String webjarVersion(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(WEBJAR_POM)) {
            if (in != null) {
                Properties pom = new Properties();
                pom.load(in);
                String version = pom.getProperty("version");
                if (version != null && version.matches("[0-9A-Za-z.+-]+")) {
                    return version;
                }
            }
        } catch (IOException e) {
            // fall through to the version the build pins
        }
        return FALLBACK_PLOTLY_VERSION;
    }
}
