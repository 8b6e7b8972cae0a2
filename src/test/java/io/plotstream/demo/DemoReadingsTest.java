package io.plotstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DemoReadingsTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void wavesFollowTheClassicStreamingExampleWithinTheNoise() throws Exception {
        DemoReadings readings = new DemoReadings(1);
        for (int i = 1; i <= 500; i++) {
            readings.step();
            for (int k = 1; k <= DemoReadings.WAVES; k++) {
                JsonNode wave = mapper.readTree(readings.wave(k));
                double expected = Math.cos(k * i / 50.0) * Math.cos(i / 50.0);
                assertThat(wave.get("y").asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.0501));
                assertThat(wave.get("text").asText()).isEqualTo("k=" + k + " i=" + i);
            }
        }
    }

    @Test
    void sensorReadingsWanderButStayRealistic() throws Exception {
        DemoReadings readings = new DemoReadings(7);
        double first = mapper.readTree(readings.sensor(0)).get("temperature").asDouble();
        boolean moved = false;
        for (int i = 0; i < 20_000; i++) {
            readings.step();
            for (int s = 0; s < DemoReadings.SENSORS; s++) {
                JsonNode sensor = mapper.readTree(readings.sensor(s));
                assertThat(sensor.get("temperature").asDouble()).isBetween(5.0, 40.0);
                assertThat(sensor.get("humidity").asDouble()).isBetween(0.0, 100.0);
                assertThat(sensor.get("y").asDouble()).isEqualTo(sensor.get("temperature").asDouble());
                moved |= sensor.get("temperature").asDouble() != first;
            }
        }
        assertThat(moved).isTrue();
    }

    @Test
    void keysAreTheOnesTheDemoConnectorRoutes() {
        assertThat(DemoReadings.waveKey(1)).isEqualTo("wave-1");
        assertThat(DemoReadings.sensorKey(0)).isEqualTo("sensor-1");
    }
}
