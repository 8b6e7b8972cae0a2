package io.plotstream.server.plot;

/** Decodes a logged stream line back into its write on replay (the ingest path's parser). */
@FunctionalInterface
public interface LineDecoder {

    /** @return the write, or null for a blank line; throws a runtime exception naming what is wrong */
    StreamWrite decode(byte[] bytes, int offset, int length);
}
