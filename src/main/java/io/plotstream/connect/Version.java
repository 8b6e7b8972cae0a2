package io.plotstream.connect;

import io.plotstream.stream.ClientVersion;

/** The connector's version, written into the jar by the build (so Connect's REST API reports it). */
public final class Version {
    private Version() {
    }

    public static String get() {
        return ClientVersion.version();
    }
}
