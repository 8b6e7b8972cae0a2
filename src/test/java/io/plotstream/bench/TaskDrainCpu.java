package io.plotstream.bench;

import io.plotstream.connect.PlotlyStreamSinkTask;
import io.plotstream.connect.RecordingTaskContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The connector's own CPU per record on peer-bench's raw-bytes path, without the broker and the
 * worker that make the drain's numbers swing: one task's {@code put()} is fed peer-bench's records
 * ({@code {"ts":..,"seq":..,"temp":<a double printed by Java>}} as bytes) in batches of 500 from one
 * partition, paced at a drain-like rate, and streams to a loopback endpoint that reads and discards
 * (a plain server, as peer-bench's: each write is confirmed by the 200 ms ack delay, so about as many
 * records are in flight as in the drain). Per pass it prints the process's CPU (task thread, the
 * stream's writer, the endpoint, GC and JIT), the task thread's CPU and allocation, and the young
 * collections, per record. Run it against two builds of the connector, alternating JVMs
 * (docs/BENCHMARKS.md section 13c).
 *
 * <p>Arguments: records per pass (2,000,000), passes (4; the first is a warm-up), records/s (400,000).
 */
public final class TaskDrainCpu {
    private static final int BATCH = 500;
    private static final TopicPartition TP = new TopicPartition("bench", 0);

    private TaskDrainCpu() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 400_000;
        try (DiscardingEndpoint endpoint = new DiscardingEndpoint()) {
            Map<String, String> props = new HashMap<>();
            props.put("plotly.stream.url", "http://127.0.0.1:" + endpoint.port());
            props.put("plotly.token", "benchtok");
            props.put("plotly.y", "value.temp");
            RecordingTaskContext context = new RecordingTaskContext(props, TP);
            PlotlyStreamSinkTask task = new PlotlyStreamSinkTask();
            task.initialize(context);
            task.start(props);
            task.open(List.of(TP));
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long offset = 0;
            for (int pass = 0; pass < passes; pass++) {
                List<List<SinkRecord>> batches = batches(offset, records);
                System.gc();
                long gcCount0 = gcCount();
                long gcMs0 = gcMillis();
                long process0 = os.getProcessCpuTime();
                long thread0 = threads.getCurrentThreadCpuTime();
                long alloc0 = threads.getCurrentThreadAllocatedBytes();
                long wall0 = System.nanoTime();
                long intervalNanos = (long) (BATCH * 1e9 / rate);
                long next = System.nanoTime();
                for (List<SinkRecord> batch : batches) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    next += intervalNanos;
                    task.put(batch);
                    while (!context.paused.isEmpty()) { // as the runtime does while paused: put() with nothing
                        LockSupport.parkNanos(1_000_000);
                        task.put(List.of());
                    }
                }
                offset += records;
                long thread1 = threads.getCurrentThreadCpuTime();
                long alloc1 = threads.getCurrentThreadAllocatedBytes();
                awaitCommitted(task, offset);
                long wall1 = System.nanoTime();
                long process1 = os.getProcessCpuTime();
                System.out.printf("PASS %d%s records=%d wall_s=%.3f process_cpu_us_per_record=%.3f task_thread_cpu_us_per_record=%.3f"
                                + " task_thread_alloc_b_per_record=%.1f young_gcs=%d gc_ms=%d%n",
                        pass, pass == 0 ? " (warm-up)" : "", records, (wall1 - wall0) / 1e9,
                        (process1 - process0) / 1e3 / records, (thread1 - thread0) / 1e3 / records,
                        (alloc1 - alloc0) / (double) records, gcCount() - gcCount0, gcMillis() - gcMs0);
            }
            task.close(List.of(TP));
            task.stop();
        }
    }

    /** Made before the pass is timed, so its CPU and garbage are not the task's. */
    private static List<List<SinkRecord>> batches(long firstOffset, int records) {
        List<List<SinkRecord>> batches = new ArrayList<>(records / BATCH + 1);
        List<SinkRecord> batch = new ArrayList<>(BATCH);
        long ts = System.currentTimeMillis();
        for (int i = 0; i < records; i++) {
            long offset = firstOffset + i;
            int seq = (int) offset;
            double temp = 20.0 + 5.0 * Math.sin(seq / 50.0);
            byte[] value = ("{\"ts\":" + ts + ",\"seq\":" + seq + ",\"temp\":" + temp + "}").getBytes(StandardCharsets.UTF_8);
            batch.add(new SinkRecord(TP.topic(), TP.partition(), null, null, null, value, offset, ts + i / 1000,
                    TimestampType.CREATE_TIME));
            if (batch.size() == BATCH) {
                batches.add(batch);
                batch = new ArrayList<>(BATCH);
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private static void awaitCommitted(PlotlyStreamSinkTask task, long next) {
        Map<TopicPartition, OffsetAndMetadata> current = Map.of(TP, new OffsetAndMetadata(0));
        while (true) {
            OffsetAndMetadata committed = task.preCommit(current).get(TP);
            if (committed != null && committed.offset() >= next) {
                return;
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().contains("Young")) {
                n += gc.getCollectionCount();
            }
        }
        return n;
    }

    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += gc.getCollectionTime();
        }
        return ms;
    }

    /**
     * Reads and discards every stream; answers a probe ({@code OPTIONS}) with a plain 200 without the
     * acknowledgement header, as peer-bench's endpoint does, so the stream runs by the ack delay.
     */
    private static final class DiscardingEndpoint implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        DiscardingEndpoint() throws IOException {
            Thread acceptor = new Thread(this::accept, "discarding-endpoint");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread reader = new Thread(() -> serve(socket), "discarding-endpoint-conn");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void serve(Socket socket) {
            try (socket; InputStream in = socket.getInputStream()) {
                byte[] buf = new byte[64 * 1024];
                int n = in.read(buf);
                if (n > 7 && new String(buf, 0, 7, StandardCharsets.US_ASCII).equals("OPTIONS")) {
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                }
                while (n >= 0) {
                    n = in.read(buf);
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
