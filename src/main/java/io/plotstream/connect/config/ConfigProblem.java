package io.plotstream.connect.config;

/** A cross-field rule broken by a configuration: reported on {@code key} by Connector.validate(). */
public record ConfigProblem(String key, String message) {
}
