package io.plotstream.integration.server;

import io.plotstream.server.log.ChannelFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operation log's segment files on a disk that can be made to fail every write and force (as a
 * full or failing disk does), through the engine's channel seam; a real file underneath.
 */
final class FailingDisk {

    volatile boolean failing;
    final AtomicInteger failures = new AtomicInteger();

    ChannelFactory channels() {
        return path -> new Channel(ChannelFactory.FILES.open(path));
    }

    private IOException failure(String what) {
        failures.incrementAndGet();
        return new IOException(what + " failed: No space left on device (injected by the test)");
    }

    private final class Channel extends FileChannel {
        private final FileChannel file;

        Channel(FileChannel file) {
            this.file = file;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (failing) {
                throw failure("write");
            }
            return file.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            if (failing) {
                throw failure("write");
            }
            return file.write(srcs, offset, length);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            if (failing) {
                throw failure("write");
            }
            return file.write(src, position);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (failing) {
                throw failure("force");
            }
            file.force(metaData);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (failing) {
                throw failure("truncate");
            }
            file.truncate(size);
            return this;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return file.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return file.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return file.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            file.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return file.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            if (failing) {
                throw failure("write");
            }
            return file.transferFrom(src, position, count);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return file.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return file.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }
    }
}
