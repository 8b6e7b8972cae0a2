package io.plotstream.connect.config;

import java.util.Objects;

/** A cross-field rule broken by a configuration: reported on {@code key} by Connector.validate(). */
public final class ConfigProblem {
    private final String key;
    private final String message;

    public ConfigProblem(String key, String message) {
        this.key = key;
        this.message = message;
    }

    public String key() {
        return key;
    }

    public String message() {
        return message;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConfigProblem)) {
            return false;
        }
        ConfigProblem other = (ConfigProblem) o;
        return Objects.equals(key, other.key) && Objects.equals(message, other.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, message);
    }

    @Override
    public String toString() {
        return "ConfigProblem[key=" + key + ", message=" + message + "]";
    }
}
