package io.plotstream.server.log;

/**
 * What recovery found.
 *
 * @param records       records replayed
 * @param plots         plots that had records to replay
 * @param droppedBytes  bytes of a torn or corrupt tail that were cut off (0 when the log was clean)
 * @param problem       what was wrong with the tail, naming the file and offset (empty when clean)
 */
public record RecoveryReport(long records, int plots, long droppedBytes, String problem) {
}
