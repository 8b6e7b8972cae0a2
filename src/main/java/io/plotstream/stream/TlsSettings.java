package io.plotstream.stream;

/**
 * Trust store (to trust the server) and optional key store (client certificate). Paths may be null
 * to use the JVM defaults. Passwords are never logged ({@link #toString()} masks them).
 */
public record TlsSettings(String trustStorePath, String trustStoreType, String trustStorePassword,
                          String keyStorePath, String keyStoreType, String keyStorePassword) {
    @Override
    public String toString() {
        return "TlsSettings[trustStore=" + trustStorePath + " (" + trustStoreType + "), keyStore=" + keyStorePath
                + " (" + keyStoreType + "), passwords=[hidden]]";
    }
}
