package io.plotstream.integration.packaging;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** Waits for a connector to run, failing at once (with the worker's stack trace) when a task fails. */
final class ConnectorStatus {
    private ConnectorStatus() {
    }

    static void awaitRunning(EmbeddedConnectCluster connect, String connector, int tasks, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).ignoreException(ConnectRestException.class)
                .until(() -> {
                    ConnectorStateInfo status = connect.connectorStatus(connector);
                    failIfFailed(connector, status);
                    return "RUNNING".equals(status.connector().state()) && status.tasks().size() == tasks
                            && status.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()));
                });
    }

    /** Throws with the worker's stack trace when the connector or one of its tasks has failed. */
    static void assertNotFailed(EmbeddedConnectCluster connect, String connector) {
        failIfFailed(connector, connect.connectorStatus(connector));
    }

    private static void failIfFailed(String connector, ConnectorStateInfo status) {
        if ("FAILED".equals(status.connector().state())) {
            throw new AssertionError("connector " + connector + " failed: " + status.connector().trace());
        }
        status.tasks().stream().filter(t -> "FAILED".equals(t.state())).findFirst().ifPresent(t -> {
            throw new AssertionError("task " + connector + "-" + t.id() + " failed: " + t.trace());
        });
    }
}
