package io.codeagents.reviewer.sandbox;

import static io.codeagents.reviewer.testing.Reviews.body;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Two sandboxes and two waiting places in the test profile. Eight reviews whose tests sleep 4 s arrive together: four
 * are admitted (two run, two wait), the rest are refused with 503 {@code SBX_001} and a Retry-After, and no admitted
 * review fails. (The exact queue mechanics are covered by {@link SandboxSlotsTest}.)
 */
@QuarkusTest
class BulkheadTest {

    static final String SLOW = "import time\n\n\ndef nap() -> bool:\n    \"\"\"Sleep a while.\"\"\"\n    time.sleep(4)\n    return True\n";
    static final String SLOW_TESTS = "from solution import nap\n\n\ndef test_nap():\n    assert nap()\n";

    @Test
    void pastTheSandboxesAndTheQueueReviewsAreRefusedWithRetryAfter() {
        // the common pool has a single thread on a two-core machine: the clients need their own
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                        .body(body(SLOW, SLOW_TESTS, true, false)).post("/review"), clients));
            }
            int admitted = 0;
            int refused = 0;
            for (CompletableFuture<Response> call : calls) {
                Response response = call.join();
                if (response.statusCode() == 200) {
                    admitted++;
                    assertEquals("approved", response.path("verdict"));
                } else {
                    refused++;
                    assertEquals(503, response.statusCode(), response.asString());
                    assertEquals("SBX_001", response.path("error_code"));
                    assertTrue(Integer.parseInt(response.header("Retry-After")) >= 1);
                }
            }
            assertTrue(admitted >= 4, admitted + " admitted");
            assertTrue(refused >= 1, "nothing was refused");
            assertEquals(0, (int) given().get("/stats").then().extract().path("sandboxes.active"));
            assertTrue((int) given().get("/stats").then().extract().path("sandboxes.rejected") >= refused);
        } finally {
            clients.shutdownNow();
        }
    }
}
