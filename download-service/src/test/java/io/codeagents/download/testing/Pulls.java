package io.codeagents.download.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The pull API as the tests drive it. */
public final class Pulls {

    private Pulls() {
    }

    public static JsonPath start(String model, int expectedStatus) {
        return given().contentType(ContentType.JSON).body(Map.of("model", model)).post("/pulls").then()
                .statusCode(expectedStatus).extract().jsonPath();
    }

    public static JsonPath get(String model) {
        return given().get("/pulls/" + model).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the pull is in {@code state}; fails early (with the pull) when it ends in another final state. */
    public static JsonPath await(String model, String state, Duration atMost) {
        JsonPath[] last = new JsonPath[1];
        org.awaitility.Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = get(model);
            String now = last[0].getString("state");
            if (!now.equals(state) && List.of("completed", "error", "cancelled", "reset").contains(now)) {
                throw new AssertionError("pull of " + model + " ended " + now + " instead of " + state + ": "
                        + last[0].prettify());
            }
            return now.equals(state);
        });
        return last[0];
    }

    public static JsonPath awaitUntil(String model, Predicate<JsonPath> condition, Duration atMost) {
        JsonPath[] last = new JsonPath[1];
        org.awaitility.Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> condition.test(last[0] = get(model)));
        return last[0];
    }

    public static List<String> logTypes(String model) {
        return given().get("/pulls/" + model + "/log").then().statusCode(200).extract().jsonPath()
                .getList("events.type");
    }

    public static List<Map<String, Object>> log(String model) {
        return given().get("/pulls/" + model + "/log").then().statusCode(200).extract().jsonPath().getList("events");
    }

    public static Path blob(String digest) {
        return Registries.modelsDir().resolve("blobs").resolve(digest.replace(':', '-'));
    }

    public static Path partial(String digest) {
        return Registries.modelsDir().resolve("partial").resolve(digest.replace(':', '-') + "-partial");
    }

    public static Path manifest(TestModel model) {
        return Registries.modelsDir().resolve("manifests/registry.ollama.ai").resolve(model.namespace())
                .resolve(model.name()).resolve(model.tag());
    }

    /** Every blob of the model is in the store under its digest, and its content hashes to it. */
    public static void assertStored(TestModel model) throws IOException {
        for (String digest : model.blobs().keySet()) {
            Path file = blob(digest);
            if (!Files.isRegularFile(file)) {
                throw new AssertionError("missing blob " + file);
            }
            String actual = TestModel.sha256(Files.readAllBytes(file));
            if (!actual.equals(digest)) {
                throw new AssertionError("blob " + file + " hashes to " + actual);
            }
            if (Files.exists(partial(digest))) {
                throw new AssertionError("partial file left behind for " + digest);
            }
        }
        String manifest = Files.readString(manifest(model));
        if (!manifest.equals(model.manifest())) {
            throw new AssertionError("manifest differs from the registry's: " + manifest);
        }
    }
}
