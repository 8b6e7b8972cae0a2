package io.plotstream.stream;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The {@code User-Agent} this client sends, with the build's version when the jar carries it. */
final class ClientVersion {
    static final String USER_AGENT = "kafka-connect-plotly/" + version();

    private ClientVersion() {
    }

    private static String version() {
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
