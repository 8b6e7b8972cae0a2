package io.plotstream.server.log;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The shared {@link OperationLog} contract on the embedded engine. */
class SegmentLogContractTest extends OperationLogContract {
    @TempDir
    Path dataDir;

    @Override
    protected OperationLog openUnrecovered() throws Exception {
        return SegmentLog.open(dataDir, SegmentLogOptions.defaults());
    }

    @Override
    protected int maxRecordBytes() {
        return RecordFormat.MAX_PAYLOAD_BYTES;
    }
}
