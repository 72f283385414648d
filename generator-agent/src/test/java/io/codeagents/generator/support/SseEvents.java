package io.codeagents.generator.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.vertx.core.json.JsonObject;

/** Reads a server-sent event stream the way a browser's EventSource does: id, event name and data per event. */
public final class SseEvents {

    /** One received event. */
    public record Event(String id, String name, JsonObject data) {
    }

    private SseEvents() {
    }

    /** Connects and reads until the server ends the stream, failing after {@code timeout}. */
    public static CompletableFuture<List<Event>> read(URI uri, String lastEventId, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").timeout(timeout);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("SSE answered " + response.statusCode());
                    }
                    return parse(response.body());
                }).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static List<Event> parse(Stream<String> lines) {
        List<Event> events = new ArrayList<>();
        String id = null;
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String line : (Iterable<String>) lines::iterator) {
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    events.add(new Event(id, name, new JsonObject(data.toString())));
                }
                id = null;
                name = null;
                data.setLength(0);
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            }
        }
        if (data.length() > 0) {
            events.add(new Event(id, name, new JsonObject(data.toString())));
        }
        return events;
    }
}
