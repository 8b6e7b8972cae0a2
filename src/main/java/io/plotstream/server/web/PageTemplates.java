package io.plotstream.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The HTML pages, from {@code web/*.html}. The server fills in only values it controls (a validated
 * plot or dashboard id, a title from a validated definition, URLs, numbers), HTML-escaped;
 * everything from streams reaches the page as JSON over the WebSocket and is put into the DOM as text.
 *
 * <p>Placeholders every template may use: {@code {{plotlySrc}}}, {@code {{scatterglThreshold}}},
 * {@code {{staleAfterMs}}}; plot pages {@code {{plotId}}}, {@code {{csvHref}}}; dashboard pages
 * {@code {{dashboardId}}}, {@code {{dashboardTitle}}}; the error page {@code {{status}}},
 * {@code {{title}}}, {@code {{message}}}, {@code {{action}}}.
 */
final class PageTemplates {

    private final String index;
    private final String plot;
    private final String embed;
    private final String dashboard;
    private final String embedDashboard;
    private final String error;
    private final String plotlyPath;
    private final int scatterglThreshold;
    private final long staleAfterMs;

    PageTemplates(ClassLoader loader, String plotlyPath, int scatterglThreshold, long staleAfterMs) {
        this.index = read(loader, "web/index.html");
        this.plot = read(loader, "web/plot.html");
        this.embed = read(loader, "web/embed.html");
        this.dashboard = read(loader, "web/dashboard.html");
        this.embedDashboard = read(loader, "web/embed-dashboard.html");
        this.error = read(loader, "web/error.html");
        this.plotlyPath = plotlyPath;
        this.scatterglThreshold = scatterglThreshold;
        this.staleAfterMs = staleAfterMs;
    }

    String index() {
        return common(index);
    }

    String plot(String plotId) {
        return fillPlot(plot, plotId);
    }

    String embed(String plotId) {
        return fillPlot(embed, plotId);
    }

    String dashboard(String dashboardId, String title) {
        return fillDashboard(dashboard, dashboardId, title);
    }

    String embedDashboard(String dashboardId, String title) {
        return fillDashboard(embedDashboard, dashboardId, title);
    }

    /**
     * A small page saying what went wrong and what to do. Every argument is escaped here: callers
     * may pass text that contains a (validated) id, never unvalidated request text.
     */
    String error(int status, String title, String message, String action) {
        return error
                .replace("{{status}}", Integer.toString(status))
                .replace("{{title}}", Html.escape(title))
                .replace("{{message}}", Html.escape(message))
                .replace("{{action}}", Html.escape(action));
    }

    private String fillPlot(String template, String plotId) {
        return common(template
                .replace("{{plotId}}", Html.escape(plotId))
                .replace("{{csvHref}}", Html.escape("/api/plots/" + plotId + "/data.csv")));
    }

    private String fillDashboard(String template, String dashboardId, String title) {
        return common(template
                .replace("{{dashboardId}}", Html.escape(dashboardId))
                .replace("{{dashboardTitle}}", Html.escape(title == null || title.isBlank() ? dashboardId : title)));
    }

    private String common(String template) {
        return template
                .replace("{{plotlySrc}}", Html.escape(plotlyPath))
                .replace("{{scatterglThreshold}}", Integer.toString(scatterglThreshold))
                .replace("{{staleAfterMs}}", Long.toString(staleAfterMs));
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
