package io.plotstream.point;

/**
 * What {@link JsonFieldScanner} reports when a referenced path holds an object or array in JSON
 * text: the scanner never builds the tree (that is the point of the fast path), it only says what
 * was there so the conversion can refuse it by name.
 */
enum JsonContainer {
    OBJECT("a JSON object"), ARRAY("a JSON array");

    private final String description;

    JsonContainer(String description) {
        this.description = description;
    }

    @Override
    public String toString() {
        return description;
    }
}
