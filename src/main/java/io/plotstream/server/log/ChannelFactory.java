package io.plotstream.server.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens a segment file for appending (created if absent). A seam for tests, which hand the engine
 * channels that fail their writes or forces the way a full or failing disk does.
 */
@FunctionalInterface
public interface ChannelFactory {
    ChannelFactory FILES = path -> FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);

    FileChannel open(Path segment) throws IOException;
}
