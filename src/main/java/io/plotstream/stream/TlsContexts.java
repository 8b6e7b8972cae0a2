package io.plotstream.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the {@link SSLContext} for https streams from {@link TlsSettings}, once per stream. */
final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * @throws IllegalArgumentException naming the store that could not be loaded (never its password)
     */
    static SSLContext create(TlsSettings tls) {
        try {
            if (tls == null || (tls.trustStorePath() == null && tls.keyStorePath() == null)) {
                return SSLContext.getDefault();
            }
            TrustManagerFactory tmf = null;
            if (tls.trustStorePath() != null) {
                KeyStore trust = load("trust store", tls.trustStorePath(), tls.trustStoreType(), tls.trustStorePassword());
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (tls.keyStorePath() != null) {
                KeyStore keys = load("key store", tls.keyStorePath(), tls.keyStoreType(), tls.keyStorePassword());
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, password(tls.keyStorePassword()));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS from " + tls + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String what, String path, String type, String password) {
        String storeType = type == null || type.isBlank() ? "PKCS12" : type;
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore store = KeyStore.getInstance(storeType);
            store.load(in, password(password));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load TLS " + what + " " + path + " (type " + storeType + "): "
                    + e.getMessage(), e);
        }
    }

    private static char[] password(String password) {
        return password == null ? null : password.toCharArray();
    }
}
