package io.plotstream.bench.browser;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.v156.tracing.Tracing;
import org.openqa.selenium.devtools.v156.tracing.model.TraceConfig;
import org.openqa.selenium.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Chromium trace (the DevTools Tracing domain) of a few seconds of the page: what the main
 * thread's long tasks are made of (script, style, layout, paint, GC, canvas raster), which the
 * page's own observers cannot tell apart. Written as a JSON trace for chrome://tracing / Perfetto.
 */
final class ChromiumTrace {

    private static final List<String> CATEGORIES = List.of("toplevel", "devtools.timeline", "blink", "v8", "cc", "gpu",
            "disabled-by-default-devtools.timeline", "blink.user_timing", "loading");

    private ChromiumTrace() {
    }

    static void record(ChromeDriver driver, Duration length, Path out) throws IOException, InterruptedException {
        DevTools devTools = driver.getDevTools();
        devTools.createSessionIfThereIsNotOne();
        List<Map<String, Object>> events = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch complete = new CountDownLatch(1);
        devTools.addListener(Tracing.dataCollected(), (List<Map<String, Object>> batch) -> events.addAll(batch));
        devTools.addListener(Tracing.tracingComplete(), (org.openqa.selenium.devtools.v156.tracing.model.TracingComplete c) -> complete.countDown());
        TraceConfig config = new TraceConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(CATEGORIES), Optional.empty(), Optional.empty(), Optional.empty());
        devTools.send(Tracing.start(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Tracing.StartTransferMode.REPORTEVENTS), Optional.empty(), Optional.empty(),
                Optional.of(config), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        Thread.sleep(length.toMillis());
        devTools.send(Tracing.end());
        if (!complete.await(60, TimeUnit.SECONDS)) {
            System.out.println("trace: not complete after 60 s, " + events.size() + " events so far");
        }
        synchronized (events) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, new Json().toJson(Map.of("traceEvents", events)));
        }
        System.out.println("trace: " + out.toAbsolutePath() + " (" + events.size() + " events)");
    }
}
