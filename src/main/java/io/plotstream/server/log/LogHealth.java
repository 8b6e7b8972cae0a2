package io.plotstream.server.log;

/**
 * The engine's published state, for {@code /metrics}, {@code /healthz} and the log.
 *
 * @param writable     whether appends can be made durable now
 * @param problem      why not (empty when writable)
 * @param bytesUsed    bytes the log occupies now (on disk, or in the remote store)
 * @param bytesLimit   the most it may occupy; appends fail with a clear problem beyond it
 * @param appends      records made durable since start
 * @param commits      group commits (forces) since start: appends / commits is the batching factor
 * @param failures     appends failed since start
 */
public record LogHealth(boolean writable, String problem, long bytesUsed, long bytesLimit,
                        long appends, long commits, long failures) {
}
