package io.plotstream.bench.browser;

import io.plotstream.integration.web.DashboardServer;
import io.plotstream.integration.web.HeadlessChromium;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The browser benchmark of issue 9: a real PlotServer, one dashboard of {@code panels} panels (one
 * plot each), {@code rate} points/s streamed into every plot over the streaming protocol, and
 * headless Chromium showing the dashboard. Per run (a fresh page load), after a warm-up, it
 * measures for {@code duration} seconds: draws per second of every panel ({@code panel.stats.draws}:
 * each a draw of what arrived, on the canvas layer or by plotly), plotly layouts per second
 * ({@code panel.stats.layouts}), frames the server pushed, the page's animation frames per second,
 * and the main thread's long tasks (PerformanceObserver 'longtask': count, longest, total). Target
 * (issue 16): at least 20 updates/s per panel and no long task over 50 ms.
 *
 * <pre>
 * mvn -B -o -q test-compile
 * mvn -B -o -q org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.plotstream.bench.browser.DashboardBrowserBenchmark -Dexec.cleanupDaemonThreads=false \
 *   -Dexec.args="--runs 3 --duration 20 --screenshot docs/images/dashboard.png"
 * </pre>
 * Options ({@code --key value}): panels (12), rate points/s per plot (2000), maxpoints per trace
 * (10000), duration s (20), warmup s (5), runs (3), width/height of the window (1600x1000),
 * scattergl threshold (server default), screenshot (a PNG path, written after the last run),
 * profile (a path: the page's JavaScript CPU profile over the last run's measured seconds, a
 * {@code .cpuprofile} for Chromium DevTools; the functions with the most self time are printed),
 * trace (a path: a Chromium trace of 4 s, or -Dbench.traceSeconds, after the last run's measured seconds, JSON for
 * chrome://tracing or Perfetto, with the long tasks of its main thread summarized).
 */
public final class DashboardBrowserBenchmark {

    /** Injected before the page's scripts: records long tasks and counts animation frames. */
    private static final String PROBES = "(function () {"
            + "  window.__bench = { longtasks: [], frames: 0 };"
            + "  try { new PerformanceObserver(function (list) {"
            + "    list.getEntries().forEach(function (e) { window.__bench.longtasks.push([e.startTime, e.duration, e.name,"
            + "      (e.attribution || []).map(function (a) { return a.name + ':' + a.containerType + ':' + a.containerName; }).join(',')]); });"
            + "  }).observe({ type: 'longtask', buffered: true }); } catch (e) { window.__bench.noLongtask = String(e); }"
            // Long Animation Frames (Chromium >= 123): what a long frame spent its time on. Kept
            // bounded (the newest 3,000); each: start, duration, renderStart, styleAndLayoutStart,
            // blockingDuration, then per script [invokerType, invoker, duration, forced style/layout].
            + "  window.__bench.loafs = [];"
            + "  try { new PerformanceObserver(function (list) {"
            + "    list.getEntries().forEach(function (e) {"
            + "      var b = window.__bench.loafs; if (b.length >= 3000) b.shift();"
            + "      b.push([e.startTime, e.duration, e.renderStart, e.styleAndLayoutStart, e.blockingDuration,"
            + "        (e.scripts || []).map(function (s) { return [s.invokerType, String(s.invoker).slice(0, 60), s.duration,"
            + "          s.forcedStyleAndLayoutDuration, String(s.sourceFunctionName || '').slice(0, 40)]; })]);"
            + "    });"
            + "  }).observe({ type: 'long-animation-frame', buffered: true }); } catch (e) { window.__bench.noLoaf = String(e); }"
            + "  function tick() { window.__bench.frames++; requestAnimationFrame(tick); } requestAnimationFrame(tick);"
            + "}());";

    private DashboardBrowserBenchmark() {
    }

    record Options(int panels, int rate, int maxPoints, int durationSeconds, int warmupSeconds, int runs,
                   int width, int height, int scatterglThreshold, Path screenshot, Path profile, Path trace) {

        static Options parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --key value, got " + args[i]);
                }
                given.put(args[i].substring(2), args[i + 1]);
            }
            Options o = new Options(num(given, "panels", 12, 1, 24), num(given, "rate", 2000, 1, 100_000),
                    num(given, "maxpoints", 10_000, 10, 1_000_000), num(given, "duration", 20, 1, 600),
                    num(given, "warmup", 5, 0, 120), num(given, "runs", 3, 1, 20),
                    num(given, "width", 1600, 400, 4000), num(given, "height", 1000, 300, 4000),
                    num(given, "scattergl", 0, 0, 1_000_000),
                    given.containsKey("screenshot") ? Path.of(given.remove("screenshot")) : null,
                    given.containsKey("profile") ? Path.of(given.remove("profile")) : null,
                    given.containsKey("trace") ? Path.of(given.remove("trace")) : null);
            List.of("panels", "rate", "maxpoints", "duration", "warmup", "runs", "width", "height", "scattergl").forEach(given::remove);
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + given.keySet());
            }
            return o;
        }

        private static int num(Map<String, String> given, String key, int fallback, int min, int max) {
            int v = given.containsKey(key) ? Integer.parseInt(given.get(key)) : fallback;
            if (v < min || v > max) {
                throw new IllegalArgumentException("--" + key + " must be in " + min + ".." + max + ", got " + v);
            }
            return v;
        }
    }

    record Run(int index, double[] drawsPerSecond, double[] extendsPerSecond, double[] layoutsPerSecond, double framesPerSecond,
               int longTasks, double longestMs, double longTaskTotalMs, String load) {

        double minDraws() {
            return Stream.of(box(drawsPerSecond)).min(Comparator.naturalOrder()).orElse(0.0);
        }

        double meanDraws() {
            double sum = 0;
            for (double d : drawsPerSecond) {
                sum += d;
            }
            return drawsPerSecond.length == 0 ? 0 : sum / drawsPerSecond.length;
        }

        double meanLayouts() {
            double sum = 0;
            for (double d : layoutsPerSecond) {
                sum += d;
            }
            return layoutsPerSecond.length == 0 ? 0 : sum / layoutsPerSecond.length;
        }

        double meanExtends() {
            double sum = 0;
            for (double d : extendsPerSecond) {
                sum += d;
            }
            return extendsPerSecond.length == 0 ? 0 : sum / extendsPerSecond.length;
        }

        private static Double[] box(double[] values) {
            Double[] boxed = new Double[values.length];
            for (int i = 0; i < values.length; i++) {
                boxed[i] = values[i];
            }
            return boxed;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        System.out.println("machine: " + machine());
        System.out.println("options: " + options);
        Path dir = Files.createTempDirectory("browser-bench");
        List<DashboardServer.Feed> feeds = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        String chromiumVersion;
        try (DashboardServer server = DashboardServer.start(dir, config -> {
            config.maxPoints(Math.max(10_000, options.maxPoints()));
            if (options.scatterglThreshold() > 0) {
                config.scatterglThreshold(options.scatterglThreshold());
            }
        }); HeadlessChromium chromium = HeadlessChromium.startOrSkip()) {
            ChromeDriver driver = (ChromeDriver) chromium.driver();
            driver.manage().window().setSize(new Dimension(options.width(), options.height()));
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBES));
            chromiumVersion = String.valueOf(driver.getCapabilities().getBrowserVersion());
            System.out.println("chromium: " + chromiumVersion);

            server.putDashboard("bench", defineAll(server, options));
            for (int p = 0; p < options.panels(); p++) {
                feeds.add(server.feed("benchtok" + p, options.rate()));
            }
            for (int r = 1; r <= options.runs(); r++) {
                Run run = measure(chromium, server, options, r, r == options.runs() ? options.profile() : null);
                runs.add(run);
                print(run, options);
            }
            if (options.screenshot() != null) {
                chromium.screenshot(options.screenshot());
                System.out.println("screenshot: " + options.screenshot().toAbsolutePath());
            }
            for (DashboardServer.Feed feed : feeds) {
                if (feed.failure() != null) {
                    System.out.println("feed failed: " + feed.failure());
                }
            }
            feeds.forEach(DashboardServer.Feed::close); // before the server stops
        } finally {
            feeds.forEach(DashboardServer.Feed::close);
            deleteQuietly(dir);
        }
        summary(runs, options);
    }

    private static String defineAll(DashboardServer server, Options options) {
        // A grid of 4 across: 12 panels = 3 rows of 3 grid rows each, all in view at 1600x1000.
        int across = Math.min(4, options.panels());
        int rows = (options.panels() + across - 1) / across;
        int rowHeight = Math.max(40, (options.height() - 80) / (rows * 3) - 8);
        StringBuilder panels = new StringBuilder();
        for (int p = 0; p < options.panels(); p++) {
            String id = "bench" + p;
            server.definePlot(id, "Sensor " + p, "benchtok" + p, options.maxPoints());
            if (p > 0) {
                panels.append(',');
            }
            panels.append("{\"plot\":\"").append(id).append("\",\"x\":").append((p % across) * (12 / across))
                    .append(",\"y\":").append((p / across) * 3).append(",\"w\":").append(12 / across)
                    .append(",\"h\":3,\"title\":\"Sensor ").append(p).append("\"}");
        }
        return "{\"id\":\"bench\",\"title\":\"Browser benchmark: " + options.panels() + " panels at " + options.rate()
                + " points/s each\",\"columns\":12,\"rowHeight\":" + rowHeight + ",\"panels\":[" + panels + "]}";
    }

    private static Run measure(HeadlessChromium chromium, DashboardServer server, Options options, int index, Path trace)
            throws Exception {
        chromium.driver().get(server.url("/dashboards/bench"));
        chromium.await(Duration.ofSeconds(60), b -> Boolean.TRUE.equals(chromium.js(
                "var d = window.plotstreamDashboard; if (!d || d.panelStats().length !== arguments[0]) return false;"
                        + "return d.panelStats().every(function (p) { return p.draws > 0; });", options.panels())));
        Thread.sleep(options.warmupSeconds() * 1000L);
        ChromeDriver driver = (ChromeDriver) chromium.driver();
        if (trace != null) {
            driver.executeCdpCommand("Profiler.enable", Map.of());
            driver.executeCdpCommand("Profiler.setSamplingInterval", Map.of("interval", 500));
            driver.executeCdpCommand("Profiler.start", Map.of());
        }
        Map<String, Object> before = sample(chromium);
        long start = System.nanoTime();
        Thread.sleep(options.durationSeconds() * 1000L);
        Map<String, Object> after = sample(chromium);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (trace != null) {
            Object profile = driver.executeCdpCommand("Profiler.stop", Map.of()).get("profile");
            CpuProfile.write(profile, trace);
            System.out.println("profile: " + trace.toAbsolutePath() + " (open in Chromium DevTools, Performance tab)");
            CpuProfile.top(profile, 15).forEach(line -> System.out.println("  " + line));
        }
        // what the page's render loop and panels say (draws/points drawn/window/reduced traces/snapshots/resyncs/visible)
        System.out.println("page: " + chromium.js("var d = window.plotstreamDashboard; return JSON.stringify({"
                + " loop: d.loop ? d.loop() : null, panels: d.panelStats().map(function (p) {"
                + " return [p.draws, p.points, p.window, p.reduced, p.snapshots, p.resyncs, p.visible].join('/'); }) });"));
        double[] draws = rate(before, after, "draws", seconds);
        double[] extendsRate = rate(before, after, "extends", seconds);
        double[] layoutsRate = rate(before, after, "layouts", seconds);
        // of those layouts, the range-only relayouts (a moved x edge; the rest are full reacts: docs/BENCHMARKS.md 4e)
        double[] rangeRate = rate(before, after, "rangeLayouts", seconds);
        double ranges = sum(rangeRate) * seconds;
        double reacts = sum(layoutsRate) * seconds - ranges;
        System.out.printf(Locale.ROOT, "plotly layouts in the measured seconds: %.0f reacts (mean %.1f ms, %.0f over 50 ms), %.0f range-only relayouts"
                        + " (mean %.1f ms, %.0f over 50 ms)%n",
                reacts, reacts > 0 ? sum(rate(before, after, "reactMs", seconds)) * seconds / reacts : 0,
                sum(rate(before, after, "slowReacts", seconds)) * seconds,
                ranges, ranges > 0 ? sum(rate(before, after, "rangeMs", seconds)) * seconds / ranges : 0,
                sum(rate(before, after, "slowRanges", seconds)) * seconds);
        // canvas paints: the whole canvas, only the bands that changed (canvas-damage.js), or nothing changed (BENCHMARKS 4g)
        System.out.printf(Locale.ROOT, "canvas paints in the measured seconds: %.0f whole, %.0f in bands, %.0f unchanged%n",
                sum(rate(before, after, "wholePaints", seconds)) * seconds, sum(rate(before, after, "bandPaints", seconds)) * seconds,
                sum(rate(before, after, "keptPaints", seconds)) * seconds);
        double fps = (((Number) after.get("frames")).doubleValue() - ((Number) before.get("frames")).doubleValue()) / seconds;
        double t0 = ((Number) before.get("now")).doubleValue();
        double t1 = ((Number) after.get("now")).doubleValue();
        int count = 0;
        double longest = 0;
        double total = 0;
        for (Object task : (List<?>) after.get("longtasks")) {
            List<?> t = (List<?>) task;
            double at = ((Number) t.get(0)).doubleValue();
            double duration = ((Number) t.get(1)).doubleValue();
            if (at >= t0 && at <= t1) {
                count++;
                longest = Math.max(longest, duration);
                total += duration;
            }
        }
        if (options.trace() != null && index == options.runs()) {
            ChromiumTrace.record(driver, Duration.ofSeconds(Integer.getInteger("bench.traceSeconds", 4)), options.trace());
        }
        printLongFrames(after, t0, t1);
        printLongTasksOutsideFrames(after, t0, t1);
        return new Run(index, draws, extendsRate, layoutsRate, fps, count, longest, total, loadAverage());
    }

    /**
     * What the long animation frames of the measured seconds were made of (LoAF): per frame, the
     * time before the rendering step (tasks: socket messages, timers), the animation-frame callbacks
     * (renderStart to styleAndLayoutStart) and Chromium's own rendering (style, layout, paint:
     * styleAndLayoutStart to the end); script time summed by invoker; the five longest frames.
     */
    private static void printLongFrames(Map<String, Object> after, double t0, double t1) {
        Object all = after.get("loafs");
        if (!(all instanceof List<?> loafs)) {
            System.out.println("long animation frames: not reported by this Chromium");
            return;
        }
        List<List<?>> inside = new ArrayList<>();
        for (Object o : loafs) {
            List<?> f = (List<?>) o;
            double at = num(f.get(0));
            if (at >= t0 && at <= t1) {
                inside.add(f);
            }
        }
        double beforeRender = 0;
        double callbacks = 0;
        double rendering = 0;
        double blocking = 0;
        Map<String, double[]> byInvoker = new LinkedHashMap<>();
        for (List<?> f : inside) {
            double[] parts = frameParts(f);
            beforeRender += parts[0];
            callbacks += parts[1];
            rendering += parts[2];
            blocking += num(f.get(4));
            for (Object o : (List<?>) f.get(5)) {
                List<?> s = (List<?>) o;
                String key = s.get(0) + " " + s.get(1);
                double[] acc = byInvoker.computeIfAbsent(key, k -> new double[3]);
                acc[0] += num(s.get(2));
                acc[1] += num(s.get(3));
                acc[2] = Math.max(acc[2], num(s.get(2)));
            }
        }
        System.out.printf(Locale.ROOT, "long animation frames: %d in the measured seconds; summed: tasks before rendering %.0f ms,"
                        + " animation-frame callbacks %.0f ms, style/layout/paint %.0f ms; blocking %.0f ms%n",
                inside.size(), beforeRender, callbacks, rendering, blocking);
        byInvoker.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).limit(8)
                .forEach(e -> System.out.printf(Locale.ROOT, "  script %-70s total %6.0f ms, longest %4.0f ms, forced style/layout %5.0f ms%n",
                        e.getKey(), e.getValue()[0], e.getValue()[2], e.getValue()[1]));
        inside.sort((a, b) -> Double.compare(num(b.get(1)), num(a.get(1))));
        for (List<?> f : inside.subList(0, Math.min(5, inside.size()))) {
            double[] parts = frameParts(f);
            StringBuilder scripts = new StringBuilder();
            for (Object o : (List<?>) f.get(5)) {
                List<?> s = (List<?>) o;
                scripts.append(String.format(Locale.ROOT, " [%s %s %.0f ms]", s.get(0), s.get(1), num(s.get(2))));
            }
            System.out.printf(Locale.ROOT, "  frame %.0f ms: before rendering %.0f, callbacks %.0f, style/layout/paint %.0f;%s%n",
                    num(f.get(1)), parts[0], parts[1], parts[2], scripts);
        }
    }

    /** The long tasks of the measured seconds that no long animation frame covers, by name and attribution. */
    private static void printLongTasksOutsideFrames(Map<String, Object> after, double t0, double t1) {
        List<?> loafs = after.get("loafs") instanceof List<?> l ? l : List.of();
        Map<String, double[]> outside = new LinkedHashMap<>();
        int covered = 0;
        StringBuilder sample = new StringBuilder();
        for (Object o : (List<?>) after.get("longtasks")) {
            List<?> t = (List<?>) o;
            double at = num(t.get(0));
            double end = at + num(t.get(1));
            if (at < t0 || at > t1) {
                continue;
            }
            boolean inFrame = false;
            for (Object fo : loafs) {
                List<?> f = (List<?>) fo;
                // a long animation frame ends before the commit (canvas raster), which the long task includes
                if (num(f.get(0)) <= at + 1 && at <= num(f.get(0)) + num(f.get(1))) {
                    inFrame = true;
                    break;
                }
            }
            if (inFrame) {
                covered++;
                continue;
            }
            String key = t.size() > 3 ? t.get(2) + " " + t.get(3) : "?";
            double[] acc = outside.computeIfAbsent(key, k -> new double[2]);
            acc[0]++;
            acc[1] += num(t.get(1));
            if (sample.length() < 400) {
                sample.append(String.format(Locale.ROOT, " %.0f@%.0f", num(t.get(1)), at));
            }
        }
        System.out.printf(Locale.ROOT, "long tasks inside a long animation frame: %d; outside: %s; e.g. (ms@t)%s%n", covered,
                outside.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.0f tasks %.0f ms", e.getKey(), e.getValue()[0], e.getValue()[1]))
                        .toList(), sample);
    }

    /** A long animation frame's time before rendering, in animation-frame callbacks, and in rendering. */
    private static double[] frameParts(List<?> f) {
        double start = num(f.get(0));
        double end = start + num(f.get(1));
        double renderStart = num(f.get(2));
        double styleStart = num(f.get(3));
        if (renderStart <= 0) {
            return new double[] {end - start, 0, 0}; // no rendering in this frame
        }
        return new double[] {renderStart - start, Math.max(0, styleStart - renderStart), end - Math.max(styleStart, renderStart)};
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sample(HeadlessChromium chromium) {
        return (Map<String, Object>) chromium.js("return { now: performance.now(), frames: window.__bench.frames,"
                + " longtasks: window.__bench.longtasks.slice(), loafs: window.__bench.loafs.slice(),"
                + " panels: window.plotstreamDashboard.panelStats() };");
    }

    @SuppressWarnings("unchecked")
    private static double[] rate(Map<String, Object> before, Map<String, Object> after, String key, double seconds) {
        List<Map<String, Object>> a = (List<Map<String, Object>>) before.get("panels");
        List<Map<String, Object>> b = (List<Map<String, Object>>) after.get("panels");
        double[] out = new double[b.size()];
        for (int i = 0; i < b.size(); i++) {
            Object was = a.get(i).get(key);
            Object is = b.get(i).get(key);
            out[i] = was == null || is == null ? 0 : (((Number) is).doubleValue() - ((Number) was).doubleValue()) / seconds;
        }
        return out;
    }

    private static double sum(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum;
    }

    private static void print(Run run, Options options) {
        StringBuilder perPanel = new StringBuilder();
        for (int i = 0; i < run.drawsPerSecond().length; i++) {
            perPanel.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", run.drawsPerSecond()[i]));
        }
        System.out.printf(Locale.ROOT, "run %d: draws/s per panel [%s]; min %.1f, mean %.1f; plotly layouts/s per panel %.1f; frames pushed/s per panel %.1f;"
                        + " page frames/s %.1f; long tasks %d, longest %.0f ms, total %.0f ms in %d s; load %s%n",
                run.index(), perPanel, run.minDraws(), run.meanDraws(), run.meanLayouts(), run.meanExtends(), run.framesPerSecond(),
                run.longTasks(), run.longestMs(), run.longTaskTotalMs(), options.durationSeconds(), run.load());
    }

    private static void summary(List<Run> runs, Options options) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%d panels × %d points/s, maxpoints %d, %d s measured per run after %d s warm-up%n%n",
                options.panels(), options.rate(), options.maxPoints(), options.durationSeconds(), options.warmupSeconds());
        System.out.println("| run | updates/s per panel, min | mean | plotly layouts/s per panel | frames pushed/s per panel | page frames/s | long tasks | longest | long-task time | load (1/5/15 min) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Run run : runs) {
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %.0f ms | %.0f ms | %s |%n", run.index(),
                    run.minDraws(), run.meanDraws(), run.meanLayouts(), run.meanExtends(), run.framesPerSecond(), run.longTasks(),
                    run.longestMs(), run.longTaskTotalMs(), run.load());
        }
        double wanted = Math.min(20, 0.9 * runs.stream().mapToDouble(Run::meanExtends).average().orElse(20));
        boolean met = runs.stream().allMatch(r -> r.minDraws() >= wanted && r.longestMs() <= 50);
        System.out.println();
        System.out.printf(Locale.ROOT, "target (>= %.1f updates/s on every panel: 20, or 90 %% of the frames pushed when fewer; no long task over 50 ms): %s%n",
                wanted, met ? "met" : "NOT met");
    }

    static String machine() {
        return "cores " + Runtime.getRuntime().availableProcessors() + ", " + cpuModel() + ", Java "
                + System.getProperty("java.vm.version") + ", load " + loadAverage() + ", at " + Instant.now()
                + ", heap max " + (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() >> 20) + " MB";
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("cpu unknown");
        } catch (IOException | RuntimeException e) {
            return "cpu unknown";
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is harmless
        }
    }
}
