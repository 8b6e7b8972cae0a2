package io.plotstream.connect;

import io.plotstream.stream.StreamException;
import io.plotstream.stream.StreamLease;
import io.plotstream.stream.StreamRegistry;
import io.plotstream.stream.StreamSettings;
import io.plotstream.stream.StreamStats;
import io.plotstream.stream.TokenStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The streams one task holds: a lease per token, taken when a partition first routes a point to
 * it and released when no assigned partition feeds it any more (partition revoked) or the task
 * stops. Releasing does not close the connection: the registry keeps it lingering, so a rebalance
 * that hands the partition to a task on this worker reuses it.
 *
 * <p>Owned by the task thread; the metrics reporter reads only {@link #stats()}, which walks a
 * published copy of the held streams, replaced whenever the leases change.
 */
final class TaskStreams {
    private final StreamRegistry registry;
    private final StreamSettings settings;
    private final Map<String, StreamLease> leases = new HashMap<>();
    private final Map<String, Set<TopicPartition>> feeders = new HashMap<>();
    private volatile List<TokenStream> published = List.of();

    TaskStreams(StreamRegistry registry, StreamSettings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    TokenStream streamFor(String token, Collection<TopicPartition> feeding) {
        StreamLease lease = leases.get(token);
        if (lease == null) {
            lease = registry.lease(settings, token);
            leases.put(token, lease);
            publish();
        }
        feeders.computeIfAbsent(token, t -> new HashSet<>()).addAll(feeding);
        return lease.stream();
    }

    /** Releases the tokens that only the given (revoked) partitions fed. */
    void release(Collection<TopicPartition> revoked) {
        Iterator<Map.Entry<String, Set<TopicPartition>>> it = feeders.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Set<TopicPartition>> entry = it.next();
            entry.getValue().removeAll(revoked);
            if (entry.getValue().isEmpty()) {
                StreamLease lease = leases.remove(entry.getKey());
                if (lease != null) {
                    lease.close();
                }
                it.remove();
            }
        }
        publish();
    }

    void releaseAll() {
        leases.values().forEach(StreamLease::close);
        leases.clear();
        feeders.clear();
        publish();
    }

    /** The first stream that failed for good, if any (e.g. the server refused its token). */
    Optional<StreamException> failure() {
        for (StreamLease lease : leases.values()) {
            Optional<StreamException> failure = lease.stream().failure();
            if (failure.isPresent()) {
                return failure;
            }
        }
        return Optional.empty();
    }

    /** Stats of the held streams; safe from any thread (stream stats are atomics). */
    List<StreamStats> stats() {
        List<TokenStream> streams = published;
        List<StreamStats> stats = new ArrayList<>(streams.size());
        for (TokenStream stream : streams) {
            stats.add(stream.stats());
        }
        return stats;
    }

    private void publish() {
        List<TokenStream> streams = new ArrayList<>(leases.size());
        leases.values().forEach(lease -> streams.add(lease.stream()));
        published = List.copyOf(streams);
    }
}
