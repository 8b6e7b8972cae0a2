package io.plotstream.server.dashboard;

/**
 * A dashboard definition that cannot be stored (400); the message starts with the field it is about,
 * e.g. {@code panels[2].w: 0 is below 1}.
 */
public final class InvalidDashboardException extends RuntimeException {
    public InvalidDashboardException(String message) {
        super(message);
    }
}
