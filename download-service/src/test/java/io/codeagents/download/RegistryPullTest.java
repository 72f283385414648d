package io.codeagents.download;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.codeagents.download.testing.FastPulls;
import io.codeagents.download.testing.Pulls;
import io.codeagents.download.testing.Registries;
import io.codeagents.download.testing.TestModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Pulls from Debian's real {@code docker-registry}, into which the test pushed models through the OCI upload API. */
@QuarkusTest
@TestProfile(FastPulls.FromOciRegistry.class)
class RegistryPullTest {

    @Test
    void pullLandsInOllamasLayoutWithVerifiedDigests() throws Exception {
        TestModel model = TestModel.of("library", "tiny-coder", "1.5b", 5 * 1024 * 1024 + 123, 7);
        Registries.oci().push(model);

        JsonPath accepted = Pulls.start("tiny-coder:1.5b", 202);
        assertEquals("tiny-coder:1.5b", accepted.getString("model"));
        assertEquals("registry.ollama.ai/library/tiny-coder:1.5b", accepted.getString("name"));

        JsonPath done = Pulls.await("tiny-coder:1.5b", "completed", Duration.ofSeconds(60));
        assertEquals(model.totalSize(), done.getLong("bytes_done"));
        assertEquals(model.totalSize(), done.getLong("bytes_total"));
        assertEquals(5, done.getList("layers").size());
        assertTrue(done.getList("layers.state").stream().allMatch(s -> s.equals("verified") || s.equals("present")),
                "layer states " + done.getList("layers.state"));
        assertEquals("application/vnd.ollama.image.model", done.getString("layers[1].media_type"));
        assertEquals(null, done.getString("error"));
        Pulls.assertStored(model);
        assertTrue(Files.isRegularFile(Registries.modelsDir()
                .resolve("manifests/registry.ollama.ai/library/tiny-coder/1.5b")));

        List<String> states = Pulls.log("tiny-coder:1.5b").stream().filter(e -> "state".equals(e.get("type"))
                || "started".equals(e.get("type"))).map(e -> (String) e.get("state")).toList();
        assertEquals(List.of("starting", "pulling_manifest", "downloading", "verifying", "writing_manifest", "completed"),
                states);

        given().get("/models").then().statusCode(200)
                .body("models.find { it.model == 'tiny-coder:1.5b' }.digest",
                        equalTo(TestModel.sha256(model.manifest().getBytes(StandardCharsets.UTF_8))))
                .body("models.find { it.model == 'tiny-coder:1.5b' }.size", equalTo((int) model.totalSize()))
                .body("models.find { it.model == 'tiny-coder:1.5b' }.layers.digest", hasItem(model.modelDigest()));

        // the same request again: nothing to do, the completed pull is returned as it is
        JsonPath again = Pulls.start("tiny-coder:1.5b", 200);
        assertEquals("completed", again.getString("state"));
        assertEquals(0, again.getInt("resumes"));
    }

    @Test
    void unknownModelEndsInDl001() {
        Pulls.start("no-such-model:7b", 202);
        JsonPath failed = Pulls.await("no-such-model:7b", "error", Duration.ofSeconds(30));
        assertEquals("DL_001", failed.getString("error.code"));
        assertTrue(failed.getString("error.message").contains("not found"));
        assertTrue(Pulls.logTypes("no-such-model:7b").contains("error"));
    }

    @Test
    void deletingAModelKeepsBlobsAnotherModelUses() throws Exception {
        TestModel first = TestModel.of("team", "alpha", "v1", 300_000, 11);
        TestModel second = TestModel.of("team", "beta", "v1", 200_000, 12);
        Registries.oci().push(first);
        Registries.oci().push(second);
        Pulls.start("team/alpha:v1", 202);
        Pulls.start("team/beta:v1", 202);
        Pulls.await("team/alpha:v1", "completed", Duration.ofSeconds(30));
        Pulls.await("team/beta:v1", "completed", Duration.ofSeconds(30));
        String sharedParams = first.blobs().keySet().stream().filter(second.blobs()::containsKey).findFirst()
                .orElseThrow();

        List<String> removed = given().delete("/models/team/alpha:v1").then().statusCode(200)
                .body("model", equalTo("team/alpha:v1")).extract().jsonPath().getList("removed_blobs");
        assertTrue(removed.contains(first.modelDigest()));
        assertFalse(removed.contains(sharedParams));
        assertFalse(Files.exists(Pulls.blob(first.modelDigest())));
        assertTrue(Files.exists(Pulls.blob(sharedParams)));
        assertFalse(Files.exists(Pulls.manifest(first)));
        Pulls.assertStored(second);
        given().get("/models/team/alpha:v1").then().statusCode(404).body("error_code", equalTo("RES_001"));
    }

    @Test
    void badModelNamesAreVal002() {
        for (String bad : List.of("../../etc/passwd", "a/b/c/d", "x:", "bad name", "model:../../x", "a".repeat(301),
                "ns/..:tag", "-leading-dash")) {
            given().contentType(ContentType.JSON).body(Map.of("model", bad)).post("/pulls").then().statusCode(400)
                    .contentType("application/problem+json").body("error_code", equalTo("VAL_002"))
                    .body("violations.field", hasItem("model"));
        }
        given().contentType(ContentType.JSON).body(Map.of("model", "")).post("/pulls").then().statusCode(400)
                .body("error_code", equalTo("VAL_003"));
        given().get("/pulls/never-pulled:1b").then().statusCode(404).body("error_code", equalTo("RES_001"));
    }
}
