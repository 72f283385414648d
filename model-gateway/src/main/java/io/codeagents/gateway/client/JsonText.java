package io.codeagents.gateway.client;

import java.util.List;

/**
 * JSON written straight into a {@link StringBuilder}, for the few fixed shapes on the request path (backend request
 * bodies, OpenAI response chunks): no object tree and no data-binding per request. Strings are escaped as RFC 8259
 * requires; null values are written as {@code null}.
 */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code value} as a JSON string (or {@code null}). */
    public static StringBuilder string(StringBuilder out, String value) {
        if (value == null) {
            return out.append("null");
        }
        out.append('"');
        int start = 0;
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(value, start, i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
            start = i + 1;
        }
        return out.append(value, start, length).append('"');
    }

    /** Appends {@code ,"name":} (or without the comma for the first member of an object). */
    public static StringBuilder name(StringBuilder out, String name, boolean first) {
        if (!first) {
            out.append(',');
        }
        return string(out, name).append(':');
    }

    /** Appends a number, boolean or null as JSON ({@code Double}s that are not finite are written as null). */
    public static StringBuilder scalar(StringBuilder out, Object value) {
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return out.append("null");
        }
        return out.append(value);
    }

    /** Appends an array of strings. */
    public static StringBuilder strings(StringBuilder out, List<String> values) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, values.get(i));
        }
        return out.append(']');
    }
}
