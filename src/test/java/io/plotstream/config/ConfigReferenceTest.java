package io.plotstream.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.connect.PlotlyStreamSinkConfig;
import io.plotstream.connect.config.ConfigDefs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.junit.jupiter.api.Test;

/** docs/CONFIGURATION.md is the rendering of the ConfigDef, so the reference never lies. */
class ConfigReferenceTest {

    private static final String REGENERATE =
            "mvn -o test -Dtest=ConfigReferenceTest -Dconfig.reference.write=true";

    @Test
    void configurationReferenceIsUpToDate() throws IOException {
        String rendered = ConfigReference.render(PlotlyStreamSinkConfig.configDef());
        if (Boolean.getBoolean("config.reference.write")) {
            Files.createDirectories(ConfigReference.FILE.getParent());
            Files.writeString(ConfigReference.FILE, rendered, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(ConfigReference.FILE))
                .as("%s is missing; generate it with: %s", ConfigReference.FILE, REGENERATE).isTrue();
        String onDisk = Files.readString(ConfigReference.FILE, StandardCharsets.UTF_8);
        assertThat(onDisk)
                .as("%s is out of date with PlotlyStreamSinkConfig.configDef(); regenerate it with: %s",
                        ConfigReference.FILE, REGENERATE)
                .isEqualTo(rendered);
    }

    @Test
    void everyKeyAppearsOnceUnderItsGroup() {
        String rendered = ConfigReference.render(PlotlyStreamSinkConfig.configDef());
        for (String key : PlotlyStreamSinkConfig.configDef().names()) {
            assertThat(rendered.split("\\| `" + java.util.regex.Pattern.quote(key) + "` \\|", -1))
                    .as("row of %s", key).hasSize(2);
        }
        int server = rendered.indexOf("## " + ConfigDefs.GROUP_SERVER);
        int routing = rendered.indexOf("## " + ConfigDefs.GROUP_ROUTING);
        assertThat(server).isPositive().isLessThan(routing);
        assertThat(rendered.indexOf("`" + ConfigDefs.STREAM_URL_CONFIG + "`")).isBetween(server, routing);
    }

    @Test
    void passwordDefaultsAreNeverShown() {
        ConfigDef def = new ConfigDef()
                .define("a.token", Type.PASSWORD, "s3cr3t-default", Importance.HIGH, "A token.", "G", 1,
                        ConfigDef.Width.SHORT, "Token");
        String rendered = ConfigReference.render(def);
        assertThat(rendered).doesNotContain("s3cr3t-default").contains("| `a.token` | password | — |");
    }

    @Test
    void showsDefaultsValidValuesAndEscapesPipes() {
        ConfigDef def = new ConfigDef()
                .define("a.mode", Type.STRING, "one", ConfigDef.ValidString.in("one", "two"), Importance.LOW,
                        "Either | or.", "G", 1, ConfigDef.Width.SHORT, "Mode")
                .define("a.count", Type.INT, ConfigDef.NO_DEFAULT_VALUE, Importance.MEDIUM, "Count.", "G", 2,
                        ConfigDef.Width.SHORT, "Count");
        String rendered = ConfigReference.render(def);
        assertThat(rendered)
                .contains("| `a.mode` | string | `one` | [one, two] | low | Either \\| or. |")
                .contains("| `a.count` | int | *required* |  | medium | Count. |");
    }
}
