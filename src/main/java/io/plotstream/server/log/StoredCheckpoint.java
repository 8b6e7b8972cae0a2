package io.plotstream.server.log;

/** A plot's checkpoint as a shared log stores it: the state after the record at {@code position}. */
public record StoredCheckpoint(long position, byte[] state) {
}
