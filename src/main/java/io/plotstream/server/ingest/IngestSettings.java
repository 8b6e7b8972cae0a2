package io.plotstream.server.ingest;

/**
 * @param openMode          a stream on an unknown token creates a one-trace plot instead of a 404
 * @param maxLineBytes      longest line accepted (413 beyond)
 * @param maxJsonDepth      deepest JSON nesting accepted in a line (422 beyond)
 * @param idleTimeoutMillis a stream with no byte for this long ends with 408
 * @param multiplexed       a POST without {@code plotly-streamtoken} is a multiplexed stream (each line
 *                          carries {@code "streamtoken"}) instead of a 406
 */
public record IngestSettings(boolean openMode, int maxLineBytes, int maxJsonDepth, long idleTimeoutMillis,
                             boolean multiplexed) {
}
