package io.plotstream.server.log.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.plotstream.server.log.OperationLog.RecordConsumer;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one plot's stream: a thread blocked in {@code XREAD BLOCK} on a connection of its own
 * (a blocked read would stall the appends pipelined on the shared one), handing each new record to
 * the consumer in order. It owns its position: the last record handed on.
 *
 * <p>Positions of a plot are consecutive in this engine, so a jump (the next record is not
 * {@code last + 1}) means records were trimmed by a checkpoint before this follower read them: it is
 * logged, and the consumer sees the jump in the positions; a replica must then reload from the
 * checkpoint. While Redis is unreachable the follower retries every {@link #RETRY} and continues
 * where it stopped.
 */
public final class RedisFollow implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisFollow.class);
    static final Duration BLOCK = Duration.ofMillis(500);
    static final Duration RETRY = Duration.ofMillis(200);
    private static final int PAGE = 1000;

    private final String plotId;
    private final String key;
    private final RecordConsumer consumer;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final Consumer<RedisFollow> onClose;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long last;

    private RedisFollow(RedisLog log, String plotId, long after, RecordConsumer consumer, Consumer<RedisFollow> onClose) {
        this.plotId = plotId;
        this.key = RedisKeys.log(plotId);
        this.consumer = consumer;
        this.onClose = onClose;
        this.last = after;
        this.connection = log.client().connect(RedisLog.CODEC);
        this.thread = new Thread(this::run, "redis-follow-" + plotId);
        this.thread.setDaemon(true);
    }

    static RedisFollow start(RedisLog log, String plotId, long after, RecordConsumer consumer,
                             Consumer<RedisFollow> onClose) {
        RedisFollow follow = new RedisFollow(log, plotId, after, consumer, onClose);
        follow.thread.start();
        return follow;
    }

    /** The position of the last record handed to the consumer (the {@code after} given, before the first). */
    public long position() {
        return last;
    }

    @SuppressWarnings("unchecked") // Lettuce's xread takes generic varargs (one offset here)
    private void run() {
        RedisCommands<String, byte[]> sync = connection.sync();
        String trouble = null;
        while (!stopped) {
            try {
                List<StreamMessage<String, byte[]>> entries = sync.xread(
                        XReadArgs.Builder.block(BLOCK).count(PAGE),
                        XReadArgs.StreamOffset.from(key, RedisKeys.streamId(Math.max(last, 0))));
                if (trouble != null) {
                    LOG.info("Following plot {}: redis reachable again, continuing after {}", plotId, last);
                    trouble = null;
                }
                for (StreamMessage<String, byte[]> entry : entries) {
                    long position = RedisKeys.position(entry.getId());
                    byte[] record = entry.getBody().get(RedisKeys.RECORD_FIELD);
                    if (record == null) {
                        throw new IllegalStateException("entry " + entry.getId() + " of plot " + plotId
                                + " has no field '" + RedisKeys.RECORD_FIELD + "'");
                    }
                    if (position != last + 1 && last >= 0) {
                        LOG.warn("Following plot {}: records {}..{} were trimmed before they were read",
                                plotId, last + 1, position - 1);
                    }
                    consumer.accept(plotId, position, record);
                    last = position;
                }
            } catch (RedisException e) {
                if (stopped) {
                    break;
                }
                if (trouble == null) {
                    trouble = e.getMessage();
                    LOG.warn("Following plot {}: {}; retrying every {} ms", plotId, trouble, RETRY.toMillis());
                }
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis()); // a pause between retries, not a wait for a condition
        } catch (InterruptedException e) {
            stopped = true;
        }
    }

    /** Stops following: the thread ends and the connection is closed. Idempotent. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        if (thread != Thread.currentThread()) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        connection.close();
        onClose.accept(this);
    }
}
