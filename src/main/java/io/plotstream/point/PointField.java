package io.plotstream.point;

/** The attributes of a point a series fills, named as they appear on the wire. */
enum PointField {
    X("x"), Y("y"), TEXT("text"), MARKER_COLOR("marker.color"), MARKER_SIZE("marker.size");

    private final String wireName;

    PointField(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
