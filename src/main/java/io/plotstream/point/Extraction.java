package io.plotstream.point;

import org.apache.kafka.connect.data.Schema;

/**
 * Scratch holder for one lookup: the raw value and, when the record carries one, the Connect schema
 * of exactly that value. The schema matters because a {@link java.util.Date} alone does not say
 * whether it is a Connect Date, Time or Timestamp, and each is written differently. Reused by a
 * thread-confined {@link PointMapper} so the per-record path allocates nothing for it.
 */
final class Extraction {
    Object value;
    Schema schema;

    Extraction set(Object value, Schema schema) {
        this.value = value;
        this.schema = schema;
        return this;
    }
}
