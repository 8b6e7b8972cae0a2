package io.plotstream.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The three HTML pages, from {@code web/*.html}. The server fills in only values it controls (a
 * validated plot id, URLs, numbers), HTML-escaped; everything from streams reaches the page as
 * JSON over the WebSocket and is put into the DOM as text.
 */
final class PageTemplates {

    private final String index;
    private final String plot;
    private final String embed;
    private final String plotlyPath;
    private final int scatterglThreshold;

    PageTemplates(ClassLoader loader, String plotlyPath, int scatterglThreshold) {
        this.index = read(loader, "web/index.html");
        this.plot = read(loader, "web/plot.html");
        this.embed = read(loader, "web/embed.html");
        this.plotlyPath = plotlyPath;
        this.scatterglThreshold = scatterglThreshold;
    }

    String index() {
        return index;
    }

    String plot(String plotId) {
        return fill(plot, plotId);
    }

    String embed(String plotId) {
        return fill(embed, plotId);
    }

    private String fill(String template, String plotId) {
        return template
                .replace("{{plotId}}", Html.escape(plotId))
                .replace("{{plotlySrc}}", Html.escape(plotlyPath))
                .replace("{{csvHref}}", Html.escape("/api/plots/" + plotId + "/data.csv"))
                .replace("{{scatterglThreshold}}", Integer.toString(scatterglThreshold));
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("page template missing from the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read page template " + resource, e);
        }
    }
}
