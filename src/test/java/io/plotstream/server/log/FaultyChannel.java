package io.plotstream.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real segment file whose writes and forces can be made to fail (as on a full or failing disk) or
 * to wait at a gate (to hold a group commit open while appends pile up). Shared switches for every
 * channel a {@link Faults#factory} opens. The one fault-injecting channel of the operation log's
 * tests: the engine's unit tests set single switches, an integration test under the real server
 * fails the whole disk ({@link Faults#failDisk}).
 */
public final class FaultyChannel extends FileChannel {

    /** The switches, shared by every channel the factory opened. */
    public static final class Faults {
        volatile boolean failWrites;
        volatile boolean failForces;
        /** Fails only {@code force(false)}, the commit's, so healing (truncate, {@code force(true)}) succeeds. */
        volatile boolean failDataForces;
        volatile boolean failTruncates;
        final AtomicInteger forcesSeen = new AtomicInteger();
        final AtomicInteger failedOperations = new AtomicInteger();
        volatile CountDownLatch forceGate;
        volatile CountDownLatch forceEntered = new CountDownLatch(1);

        /** The engine's channel seam ({@code SegmentLogOptions.withChannels}) opening real files with these faults. */
        public ChannelFactory factory() {
            return path -> new FaultyChannel(ChannelFactory.FILES.open(path), this);
        }

        /** A full or failing disk: every write, force and truncate fails while {@code failing}. */
        public void failDisk(boolean failing) {
            failWrites = failing;
            failForces = failing;
            failTruncates = failing;
        }

        /** Every later force waits (after signalling {@link #forceEntered}) until {@link #openGate}. */
        void closeGate() {
            forceEntered = new CountDownLatch(1);
            forceGate = new CountDownLatch(1);
        }

        void openGate() {
            forceGate.countDown();
        }
    }

    private final FileChannel delegate;
    private final Faults faults;

    FaultyChannel(FileChannel delegate, Faults faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    private IOException failure(String what) {
        faults.failedOperations.incrementAndGet();
        return new IOException(what + " failed: No space left on device (injected)");
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (faults.failWrites) {
            // a partial write first, as a disk filling up mid-record does
            if (src.remaining() > 3) {
                ByteBuffer part = src.duplicate();
                part.limit(part.position() + 3);
                delegate.write(part);
            }
            throw failure("write");
        }
        return delegate.write(src);
    }

    @Override
    public void force(boolean metaData) throws IOException {
        faults.forcesSeen.incrementAndGet();
        CountDownLatch gate = faults.forceGate;
        if (gate != null) {
            faults.forceEntered.countDown();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("test gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        if (faults.failForces || (faults.failDataForces && !metaData)) {
            throw failure("force");
        }
        delegate.force(metaData);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (faults.failTruncates) {
            throw failure("truncate");
        }
        delegate.truncate(size);
        return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (faults.failWrites) {
            throw failure("write");
        }
        return delegate.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (faults.failWrites) {
            throw failure("write");
        }
        return delegate.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }

}
