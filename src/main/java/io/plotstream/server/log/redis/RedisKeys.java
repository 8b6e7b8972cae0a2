package io.plotstream.server.log.redis;

/**
 * The key layout of the Redis engine. Every key of one plot carries the plot id as its hash tag
 * ({@code {<plotId>}}), so on Redis Cluster a plot's keys share one slot and the two-key checkpoint
 * script is legal there. Nothing spans plots: plots are found by SCAN, not by a set key that would
 * live in one slot for all of them.
 *
 * <pre>
 *   ps:{&lt;plotId&gt;}:log         STREAM  one entry per record, id 0-&lt;position&gt;, field r = the record
 *   ps:{&lt;plotId&gt;}:checkpoint  STRING  the position the plot's durable checkpoint covers (raised only)
 *   ps:{&lt;plotId&gt;}:state       STRING  the checkpoint itself (opaque), written with :checkpoint by one script
 *   ps:{&lt;plotId&gt;}:live        STRING  "1" while the plot is defined (define and delete scripts)
 *   ps:{&lt;plotId&gt;}:lease       STRING  the node that may write the plot's checkpoint now (SET NX PX)
 *   ps:catalog                STREAM  announcements: field plot = id, or field dashboard = id (MAXLEN ~ 10000)
 *   ps:dashboards             HASH    dashboard id -&gt; definition JSON
 * </pre>
 *
 * The two shared keys ({@code ps:catalog}, {@code ps:dashboards}) each live in one slot on Redis
 * Cluster, which is fine: no script touches them together with a plot's keys.
 */
public final class RedisKeys {
    static final String PREFIX = "ps:{";
    static final String LOG_SUFFIX = "}:log";
    static final String CHECKPOINT_SUFFIX = "}:checkpoint";
    public static final String CATALOG = "ps:catalog";
    public static final String DASHBOARDS = "ps:dashboards";
    /** Catalog entry fields: which kind of thing changed. */
    public static final String PLOT_FIELD = "plot";
    public static final String DASHBOARD_FIELD = "dashboard";
    /** The catalog is a notification channel, not a record: about 10,000 recent entries are plenty. */
    public static final long CATALOG_MAXLEN = 10_000;
    /** SCAN pattern of every plot's log (braces are literal in Redis glob patterns). */
    static final String LOG_PATTERN = PREFIX + "*" + LOG_SUFFIX;
    /** The stream field that holds the record. */
    static final String RECORD_FIELD = "r";

    private RedisKeys() {
    }

    static String log(String plotId) {
        return PREFIX + plotId + LOG_SUFFIX;
    }

    static String checkpoint(String plotId) {
        return PREFIX + plotId + CHECKPOINT_SUFFIX;
    }

    static String state(String plotId) {
        return PREFIX + plotId + "}:state";
    }

    static String live(String plotId) {
        return PREFIX + plotId + "}:live";
    }

    static String lease(String plotId) {
        return PREFIX + plotId + "}:lease";
    }

    /** The plot of a log key found by SCAN, or null when the key is not one of ours. */
    static String plotOfLog(String key) {
        if (key.length() > PREFIX.length() + LOG_SUFFIX.length() && key.startsWith(PREFIX) && key.endsWith(LOG_SUFFIX)) {
            return key.substring(PREFIX.length(), key.length() - LOG_SUFFIX.length());
        }
        return null;
    }

    /**
     * Stream ids are {@code 0-<position>}: the engine appends with {@code XADD key 0-* ...}, so Redis
     * itself hands out the next sequence number of the plot's stream, atomically with the append.
     */
    static String streamId(long position) {
        return "0-" + position;
    }

    /** The position of a stream id written by this engine; throws when the id is not of the form 0-n. */
    static long position(String streamId) {
        int dash = streamId.indexOf('-');
        if (dash != 1 || streamId.charAt(0) != '0') {
            throw new IllegalStateException("stream entry " + streamId + " was not written by the operation log "
                    + "(its ids are 0-<position>)");
        }
        return Long.parseLong(streamId, dash + 1, streamId.length(), 10);
    }
}
