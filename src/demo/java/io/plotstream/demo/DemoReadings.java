package io.plotstream.demo;

import java.util.Locale;
import java.util.Random;

/**
 * The values the demo producer writes, as JSON record values (no I/O here).
 * <ul>
 *   <li>Waves: the classic Plotly streaming example {@code y = cos(k·i/50)·cos(i/50) + noise}.</li>
 *   <li>Sensors: temperature and humidity as random walks pulled back toward a per-sensor base,
 *       so they wander like real readings without drifting away.</li>
 * </ul>
 * Every value has {@code y} and {@code text}, which the demo connector maps; x is the record
 * timestamp (the wall clock when it was produced).
 */
final class DemoReadings {

    static final int WAVES = 3;
    static final int SENSORS = 3;
    private static final double NOISE = 0.05;

    private final Random random;
    private final double[] temperature = new double[SENSORS];
    private final double[] humidity = new double[SENSORS];
    private long i;

    DemoReadings(long seed) {
        this.random = new Random(seed);
        for (int s = 0; s < SENSORS; s++) {
            temperature[s] = baseTemperature(s);
            humidity[s] = baseHumidity(s);
        }
    }

    /** Advances every series by one step. */
    void step() {
        i++;
        for (int s = 0; s < SENSORS; s++) {
            temperature[s] += (random.nextDouble() - 0.5) * 0.2 - (temperature[s] - baseTemperature(s)) * 0.01;
            humidity[s] += (random.nextDouble() - 0.5) * 0.6 - (humidity[s] - baseHumidity(s)) * 0.01;
            humidity[s] = Math.max(0, Math.min(100, humidity[s]));
        }
    }

    static String waveKey(int k) {
        return "wave-" + k;
    }

    static String sensorKey(int s) {
        return "sensor-" + (s + 1);
    }

    /** The wave of frequency {@code k} (1-based) at the current step, as a JSON value. */
    String wave(int k) {
        double y = Math.cos(k * i / 50.0) * Math.cos(i / 50.0) + (random.nextDouble() - 0.5) * 2 * NOISE;
        return String.format(Locale.ROOT, "{\"y\":%.5f,\"text\":\"k=%d i=%d\"}", y, k, i);
    }

    /** Sensor {@code s} (0-based) at the current step, as a JSON value. */
    String sensor(int s) {
        return String.format(Locale.ROOT,
                "{\"y\":%.2f,\"temperature\":%.2f,\"humidity\":%.1f,\"text\":\"%s: %.2f °C, %.1f %% RH\"}",
                temperature[s], temperature[s], humidity[s], sensorKey(s), temperature[s], humidity[s]);
    }

    private static double baseTemperature(int s) {
        return 19 + 2.5 * s;
    }

    private static double baseHumidity(int s) {
        return 40 + 6 * s;
    }
}
