package io.plotstream.server.dashboard;

/** Creating a dashboard whose id is taken (409). */
public final class DashboardConflictException extends RuntimeException {
    public DashboardConflictException(String message) {
        super(message);
    }
}
