package io.codeagents.testkit;

import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Reading the fields the protocols share: the prompt a chat request is matched on, stop sequences. */
final class RequestFields {

    private RequestFields() {
    }

    /** The content of the last {@code user} message (what the script is matched against). */
    static String lastUserMessage(JsonArray messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            Object m = messages.getValue(i);
            if (m instanceof JsonObject message && "user".equals(message.getString("role"))) {
                Object content = message.getValue("content");
                return content instanceof String s ? s : String.valueOf(content);
            }
        }
        return "";
    }

    /** A stop field given as one string or an array of strings. */
    static List<String> stops(Object stop) {
        if (stop instanceof String s) {
            return List.of(s);
        }
        if (stop instanceof JsonArray array) {
            return array.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    /** An integer field; absent, null or not a number gives {@code otherwise}. */
    static int intField(JsonObject json, String name, int otherwise) {
        return json.getValue(name) instanceof Number n ? n.intValue() : otherwise;
    }

    /** A boolean field; absent, null or not a boolean gives {@code otherwise}. */
    static boolean boolField(JsonObject json, String name, boolean otherwise) {
        return json.getValue(name) instanceof Boolean b ? b : otherwise;
    }

    /** An object field; absent, null or not an object gives an empty object. */
    static JsonObject objectField(JsonObject json, String name) {
        return json.getValue(name) instanceof JsonObject o ? o : new JsonObject();
    }
}
