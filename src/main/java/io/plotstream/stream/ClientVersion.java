package io.plotstream.stream;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The build's version ({@code io/plotstream/version.properties}, filtered by Maven) and the
 * {@code User-Agent} this client sends with it. The connector reports the same version.
 */
public final class ClientVersion {
    private static final String VERSION = load();
    static final String USER_AGENT = "kafka-connect-plotly/" + VERSION;

    private ClientVersion() {
    }

    /** The build's version, or "dev" when the classes were not built by Maven. */
    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = ClientVersion.class.getResourceAsStream("/io/plotstream/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").trim();
            // An unfiltered resource (run from an IDE) still holds the Maven placeholder.
            return v.isEmpty() || v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
