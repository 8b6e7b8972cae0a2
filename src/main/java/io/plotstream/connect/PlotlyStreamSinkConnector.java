package io.plotstream.connect;

import io.plotstream.connect.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Streams Kafka records into live Plotly plots. The connector itself only validates and hands its
 * configuration to the tasks; every task holds its streams through the worker-wide registry.
 */
public class PlotlyStreamSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new PlotlyStreamSinkConfig(props); // fail fast, on the connector, with the key at fault
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PlotlyStreamSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
        // Streams belong to tasks (through the registry); nothing is held here.
    }

    @Override
    public ConfigDef config() {
        return PlotlyStreamSinkConfig.configDef();
    }

    /**
     * Single-key rules come from the ConfigDef; the rules that span keys (a routing rule exists,
     * every series has a y, series tokens name known series, decimation has a rate, TLS only with
     * https...) are reported on the key they concern, so a UI shows each next to its field.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> byName = config.configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, Function.identity()));
        if (config.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty())) {
            return config; // cross-field rules need every value parsed
        }
        for (ConfigProblem problem : PlotlyStreamSinkConfig.lenient(connectorConfigs).problems()) {
            ConfigValue value = byName.get(problem.key());
            if (value != null) {
                value.addErrorMessage(problem.message());
            }
        }
        return config;
    }
}
