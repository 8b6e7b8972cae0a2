package io.plotstream.stream;

import java.util.Objects;

/**
 * Trust store (to trust the server) and optional key store (client certificate). Paths may be null
 * to use the JVM defaults. Passwords are never logged ({@link #toString()} masks them).
 */
public final class TlsSettings {
    private final String trustStorePath;
    private final String trustStoreType;
    private final String trustStorePassword;
    private final String keyStorePath;
    private final String keyStoreType;
    private final String keyStorePassword;

    public TlsSettings(String trustStorePath, String trustStoreType, String trustStorePassword,
                       String keyStorePath, String keyStoreType, String keyStorePassword) {
        this.trustStorePath = trustStorePath;
        this.trustStoreType = trustStoreType;
        this.trustStorePassword = trustStorePassword;
        this.keyStorePath = keyStorePath;
        this.keyStoreType = keyStoreType;
        this.keyStorePassword = keyStorePassword;
    }

    public String trustStorePath() {
        return trustStorePath;
    }

    public String trustStoreType() {
        return trustStoreType;
    }

    public String trustStorePassword() {
        return trustStorePassword;
    }

    public String keyStorePath() {
        return keyStorePath;
    }

    public String keyStoreType() {
        return keyStoreType;
    }

    public String keyStorePassword() {
        return keyStorePassword;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TlsSettings)) {
            return false;
        }
        TlsSettings other = (TlsSettings) o;
        return Objects.equals(trustStorePath, other.trustStorePath)
                && Objects.equals(trustStoreType, other.trustStoreType)
                && Objects.equals(trustStorePassword, other.trustStorePassword)
                && Objects.equals(keyStorePath, other.keyStorePath)
                && Objects.equals(keyStoreType, other.keyStoreType)
                && Objects.equals(keyStorePassword, other.keyStorePassword);
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(trustStorePath);
        h = h * 31 + Objects.hashCode(trustStoreType);
        h = h * 31 + Objects.hashCode(trustStorePassword);
        h = h * 31 + Objects.hashCode(keyStorePath);
        h = h * 31 + Objects.hashCode(keyStoreType);
        h = h * 31 + Objects.hashCode(keyStorePassword);
        return h;
    }

    @Override
    public String toString() {
        return "TlsSettings[trustStore=" + trustStorePath + " (" + trustStoreType + "), keyStore=" + keyStorePath
                + " (" + keyStoreType + "), passwords=[hidden]]";
    }
}
