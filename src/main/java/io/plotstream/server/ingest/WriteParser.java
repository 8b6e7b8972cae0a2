package io.plotstream.server.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.plotstream.protocol.StreamStatus;
import io.plotstream.server.plot.PointColumn;
import io.plotstream.server.plot.StreamWrite;

import java.io.IOException;

/**
 * Decodes one stream line (UTF-8 JSON) into a {@link StreamWrite}. Scalars are read straight off the
 * streaming parser (no tree for the common {@code {"x":..,"y":..}} line); lists, layouts and other
 * attributes become trees. JSON has no NaN or Infinity: the parser rejects the literals, and a
 * number too large for a double (which would become Infinity) is rejected here.
 */
public final class WriteParser {

    private final JsonFactory factory;

    /**
     * @param maxDepth     deepest nesting of arrays/objects accepted in a line
     * @param maxLineBytes longest line (bounds string lengths too)
     */
    public WriteParser(int maxDepth, int maxLineBytes) {
        this.factory = JsonFactory.builder()
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER) // most stream values are decimals
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxStringLength(Math.max(1, maxLineBytes))
                        .maxNumberLength(400)
                        .build())
                .build();
        this.factory.setCodec(new ObjectMapper(factory));
    }

    /**
     * @return the write, or null when the line is blank (a heartbeat)
     * @throws StreamEndException 422 naming what is wrong
     */
    public StreamWrite parse(byte[] bytes, int offset, int length) {
        try (JsonParser parser = factory.createParser(bytes, offset, length)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            if (token != JsonToken.START_OBJECT) {
                throw invalid("expected a JSON object, found " + describe(token));
            }
            StreamWrite write = new StreamWrite();
            ObjectNode attributes = null;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                token = parser.nextToken();
                switch (name) {
                    case "x" -> write.column(PointColumn.X, value(parser, token, name));
                    case "y" -> write.column(PointColumn.Y, value(parser, token, name));
                    case "text" -> write.column(PointColumn.TEXT, value(parser, token, name));
                    case "marker" -> attributes = marker(parser, token, write, attributes);
                    case "layout" -> write.layout(object(parser, token, name));
                    case "streamtoken" -> {
                        if (token != JsonToken.VALUE_STRING) {
                            throw invalid("streamtoken: expected a string, found " + describe(token));
                        }
                        write.streamToken(parser.getText());
                    }
                    // a stream cannot change a trace's type or its binding
                    case "type", "stream" -> parser.skipChildren();
                    default -> {
                        if (attributes == null) {
                            attributes = JsonNodeFactory.instance.objectNode();
                        }
                        attributes.set(name, tree(parser, name));
                    }
                }
            }
            if (parser.nextToken() != null) {
                throw invalid("unexpected data after the JSON object");
            }
            write.traceAttributes(attributes);
            return write;
        } catch (StreamEndException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw invalid(e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid(e.getMessage());
        }
    }

    private ObjectNode marker(JsonParser parser, JsonToken token, StreamWrite write, ObjectNode attributes) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw invalid("marker: expected an object, found " + describe(token));
        }
        ObjectNode otherMarker = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "color" -> write.column(PointColumn.MARKER_COLOR, value(parser, value, "marker.color"));
                case "size" -> write.column(PointColumn.MARKER_SIZE, value(parser, value, "marker.size"));
                default -> {
                    if (otherMarker == null) {
                        otherMarker = JsonNodeFactory.instance.objectNode();
                    }
                    otherMarker.set(name, tree(parser, "marker." + name));
                }
            }
        }
        if (otherMarker == null) {
            return attributes;
        }
        ObjectNode out = attributes == null ? JsonNodeFactory.instance.objectNode() : attributes;
        out.set("marker", otherMarker);
        return out;
    }

    /** A per-point value: a scalar (appends) or a list (overwrites). */
    private JsonNode value(JsonParser parser, JsonToken token, String name) throws IOException {
        return switch (token) {
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> IntNode.valueOf(parser.getIntValue());
                case LONG -> LongNode.valueOf(parser.getLongValue());
                default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> DoubleNode.valueOf(finite(parser.getDoubleValue(), name));
            case VALUE_STRING -> TextNode.valueOf(parser.getText());
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.getInstance();
            case START_ARRAY -> tree(parser, name);
            default -> throw invalid(name + ": expected a value or a list, found " + describe(token));
        };
    }

    private ObjectNode object(JsonParser parser, JsonToken token, String name) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw invalid(name + ": expected an object, found " + describe(token));
        }
        return (ObjectNode) tree(parser, name);
    }

    private JsonNode tree(JsonParser parser, String name) throws IOException {
        JsonNode tree = parser.readValueAsTree();
        checkFinite(tree, name);
        return tree == null ? NullNode.getInstance() : tree;
    }

    private static void checkFinite(JsonNode node, String name) {
        if (node == null) {
            return;
        }
        if (node.isFloatingPointNumber()) {
            finite(node.doubleValue(), name);
        } else if (node.isContainerNode()) {
            for (JsonNode child : node) {
                checkFinite(child, name);
            }
        }
    }

    private static double finite(double value, String name) {
        if (!Double.isFinite(value)) {
            throw invalid(name + ": number out of range (JSON has no NaN or Infinity)");
        }
        return value;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private static StreamEndException invalid(String detail) {
        String shortDetail = detail == null ? "" : detail.length() > 200 ? detail.substring(0, 200) + "..." : detail;
        return new StreamEndException(StreamStatus.BAD_JSON, StreamStatus.BAD_JSON.text() + " (" + shortDetail + ")");
    }
}
